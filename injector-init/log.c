/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unistd.h>

#include "clock.h"
#include "guest/inject.h"
#include "write_all.h"

/* The fixed words, the failed list, a reason (a short word) and the token: always room for all. */
#define STATUS_LINE_MAX 576
#define STATUS_REASON_MAX 32
_Static_assert(STATUS_LINE_MAX > 80 + INJECT_FAILED_LIST_MAX + 8 + STATUS_REASON_MAX + 7 + PAYLOAD_TOKEN_HEX,
	       "a status line always fits");

long log_elapsed_ms(void)
{
	static long start = -1;

	if (start < 0)
		start = clock_ms();
	return clock_ms() - start;
}

/*
 * Messages carry guest paths and command lines: a control byte could end the
 * line and forge a status line after it, or drive the console's terminal.
 * Each becomes \\xHH, so one message is one inert line.
 */
static char *escape_controls(const char *s)
{
	char *out = malloc(4 * strlen(s) + 1), *o = out;

	for (; out && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			o += sprintf(o, "\\x%02x", c);
		else
			*o++ = (char)c;
	}
	if (out)
		*o = '\0';
	return out;
}

void log_msg(const char *fmt, ...)
{
	struct timespec ts;
	char *text = NULL, *safe;
	va_list ap;

	log_elapsed_ms();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	/* Out of memory: the format alone, which is ours, still says what happened. */
	safe = escape_controls(text ? text : fmt);
	fprintf(stderr, "[%5ld.%06ld] injector: %s\n", (long)ts.tv_sec, ts.tv_nsec / 1000L,
		safe ? safe : "(out of memory)");
	free(safe);
	free(text);
}

void log_status(enum log_status_kind kind, const char *stage, unsigned files, const char *failed,
		const char *reason, const char *token)
{
	static const char *const names[] = { [STATUS_OK] = "ok",
					      [STATUS_PARTIAL] = "partial",
					      [STATUS_ERROR] = "error" };
	char line[STATUS_LINE_MAX];
	int n;

	fflush(stdout);
	/* Own line, one write: the kernel may print between our writes. */
	n = snprintf(line, sizeof(line), "\nINJECTOR: status=%s stage=%s files=%u ms=%ld%s%s%s%s%s%s\n",
		     names[kind], stage, files, log_elapsed_ms(), failed[0] ? " failed=" : "", failed,
		     reason[0] ? " reason=" : "", reason, token[0] ? " token=" : "", token);
	if (n > 0)
		write_all(STDOUT_FILENO, line, (size_t)n, &(struct err){ 0 });
	explicit_bzero(line, sizeof(line));
}
