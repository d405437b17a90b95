/* SPDX-License-Identifier: MIT */
/*
 * The authenticated status of an injection: the last `INJECTOR:` status line
 * in a console log that carries the per-boot token the host put into the
 * per-VM archive (docs/injector-init.md, "Status line" and "Authenticated
 * status"). The guest shares the console and can print any line, but it
 * never learns the token, so a line without it proves nothing and is skipped.
 */
#ifndef INJECTOR_STATUS_H
#define INJECTOR_STATUS_H

#include <stddef.h>

#include "err.h"
#include "manifest.h"

#define STATUS_FAILED_MAX 512 /* the failed= list: 32 lines and a count fit */
#define STATUS_REASON_MAX 32  /* the reason= word */

struct injector_status {
	char status[8]; /* ok partial error */
	char stage[8];	/* setup root mount inject kernel kexec */
	unsigned long files, ms;
	char failed[STATUS_FAILED_MAX]; /* the failed= list, or "" */
	char reason[STATUS_REASON_MAX]; /* the reason= word, or "" */
	size_t line;			/* its line in the log, from 1 */
};

enum status_found {
	STATUS_NONE, /* no line carries the token: nothing is known */
	STATUS_FOUND,
};

/* TOKEN is what payload_token_new makes: PAYLOAD_TOKEN_HEX lowercase hex digits. */
int status_token_valid(const char *token);

/*
 * The last well-formed status line in LOG (LEN bytes, any bytes) whose
 * token= is TOKEN, into *ST. Lines end at \n or \r; the last may lack its
 * end (a log still being written): it counts when every field is whole.
 */
enum status_found status_find(const char *log, size_t len, const char *token,
			      struct injector_status *st);

/* The token in FILE (payload's OUT.token; a trailing newline allowed) into HEX. */
int status_token_read(const char *file, char hex[PAYLOAD_TOKEN_HEX + 1], struct err *err);

/* status_find on the file LOG; -1 when it cannot be read. */
int status_read(const char *log, const char *token, struct injector_status *st,
		enum status_found *found, struct err *err);

#endif
