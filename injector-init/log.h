/* SPDX-License-Identifier: MIT */
/*
 * Console output. Every stage line carries the CLOCK_MONOTONIC time, like the
 * kernel's own messages, so a slow stage shows up in the boot log. The final
 * outcome is the one line the host parses (grammar: docs/injector-init.md).
 */
#ifndef INIT_LOG_H
#define INIT_LOG_H

void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Milliseconds since the first call of any log function. */
long log_elapsed_ms(void);

/*
 * ok: everything applied, the guest kernel is next; partial: the guest
 * kernel is next though some entries failed; error: STAGE failed.
 */
enum log_status_kind { STATUS_OK, STATUS_PARTIAL, STATUS_ERROR };

/*
 * "INJECTOR: status=ok|partial|error stage=STAGE files=N ms=N[ failed=LIST][ reason=WORD][ token=HEX]"
 * on stdout; failed= only when FAILED (inject_failed_list) is not empty,
 * reason= only when REASON (a word: "budget") is, token= only when TOKEN
 * (the per-boot token) is. Written with one write(2) from a buffer wiped
 * afterwards: stdio would keep a copy of the token.
 */
void log_status(enum log_status_kind kind, const char *stage, unsigned files, const char *failed,
		const char *reason, const char *token);

#endif
