/* SPDX-License-Identifier: MIT */
/*
 * Errors travel up as text: the function that detects a problem describes it,
 * callers may prefix context and name the file it is about, and only the
 * command's top level prints it (as "vmlinuz-tool: FILE: problem").
 */
#ifndef ERR_H
#define ERR_H

struct err {
	int errnum; /* err_sys's errno, else 0: for callers that treat ENOENT apart */
	char msg[512];
	char path[4096]; /* the file the message is about; "" until err_at names one */
};

/* Each returns -1 so that callers can write `return err_set(err, ...)`. */
int err_set(struct err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Like err_set, with ": strerror(errno)" appended. */
int err_sys(struct err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Puts "PREFIX: " before the message already set (the path stays). */
int err_prefix(struct err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Names PATH as the file the error already set is about, unless a callee
 * closer to the problem named one: the deepest knows best. err_set and
 * err_sys start a new error with no path.
 */
int err_at(struct err *err, const char *path);

#endif
