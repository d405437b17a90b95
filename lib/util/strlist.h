/* SPDX-License-Identifier: MIT */
/* A small set of strings that keeps the order they were added in. */
#ifndef STRLIST_H
#define STRLIST_H

#include <stddef.h>

#include "err.h"

struct strlist {
	char **v;
	size_t n, cap;
};

/* Adds a copy of S unless present: 1 added, 0 already there, -1 error. */
int strlist_add(struct strlist *l, const char *s, struct err *err);
int strlist_has(const struct strlist *l, const char *s);
/* Byte order, so that what is built from the list is reproducible. */
void strlist_sort(struct strlist *l);
void strlist_free(struct strlist *l);

#endif
