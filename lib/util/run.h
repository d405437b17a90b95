/* SPDX-License-Identifier: MIT */
/*
 * Running a helper program (dpkg-deb, mke2fs, QEMU) with its output
 * collected, bounded in time, without a shell between.
 */
#ifndef RUN_H
#define RUN_H

#include <stddef.h>

#include "err.h"

/* What a program printed is kept up to this size; the rest is read and dropped. */
#define RUN_MAX_OUTPUT (4u << 20)

/* Says, from the output so far, that the caller has seen enough: the program is then killed. */
typedef int run_enough_fn(const char *out, size_t len, void *ctx);

struct run {
	char *out;    /* stdout and stderr, interleaved, NUL-terminated; the caller frees it */
	size_t len;
	int status;   /* exit status; 128+N when killed by signal N */
	int enough;   /* ENOUGH said so and the program was killed */
	long ms;      /* how long it ran */
};

/*
 * Runs ARGV (ARGV[0] looked up in PATH) with stdin from /dev/null until it
 * exits, ENOUGH (may be NULL) returns nonzero, or TIMEOUT seconds pass
 * (an error: the program is killed).
 */
int run_program(char *const argv[], unsigned timeout, run_enough_fn *enough, void *ctx,
		struct run *r, struct err *err);

/* Runs ARGV to completion; a nonzero exit is an error quoting its first output line. */
int run_check(char *const argv[], unsigned timeout, struct err *err);

/*
 * Appends "; LABEL: 'LINE'" to ERR's message, LINE the last nonblank line
 * R printed (control characters replaced), when there is one: why a
 * program stopped is usually there.
 */
void run_note_last_line(const struct run *r, const char *label, struct err *err);

#endif
