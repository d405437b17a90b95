/* SPDX-License-Identifier: MIT */
/*
 * The text of a configuration file the guest may or may not have. A file
 * that is missing, unreadable or too large is as good as absent: guests
 * differ, and nothing here is an error worth stopping for.
 */
#ifndef INIT_TEXTLOAD_H
#define INIT_TEXTLOAD_H

#include <stddef.h>

/*
 * Where a parser gets a file it is told to read (grub's `source`, a
 * profile's command-line file): the guest root in injector-init, a table in
 * the tests. Returns the text (malloc'd, NUL-terminated, *LEN bytes, at
 * most BOOTCFG_MAX_SIZE), or NULL.
 */
typedef char *(*text_loader)(void *ctx, const char *path, size_t *len);

/* The guest's file PATH, as a text_loader would return it. */
char *textload(int rootfd, const char *path, size_t *len);

/* textload as a text_loader: CTX points to the root's descriptor. */
char *textload_guest(void *ctx, const char *path, size_t *len);

/*
 * The line at *P (END bounds the text) without its '\n', in *LINE and *LEN,
 * and *P moved past it; 0 when there is none left.
 */
int text_line(const char **p, const char *end, const char **line, size_t *len);

#endif
