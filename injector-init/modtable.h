/* SPDX-License-Identifier: MIT */
/*
 * The module table mkinitramfs plans on the host (docs/injector-init.md,
 * "Module table"): one row per module name and per alias, with the files
 * to load in order. Parsing and matching only; loading is sys/module_load.
 */
#ifndef INIT_MODTABLE_H
#define INIT_MODTABLE_H

#include <stddef.h>

#include "err.h"

#define MODTABLE_MAX (4 << 20) /* bytes: a few hundred modules' rows take ~100 KiB */

struct modtable_row {
	const char *pattern; /* a module name or alias glob (fnmatch), '-' written as '_' */
	const char *module;  /* the module's own file, relative to the modules tree */
	const char *load;    /* the files to load, in order, separated by spaces */
};

struct modtable {
	char *text; /* the file, cut into the rows' strings */
	struct modtable_row *rows;
	size_t n;
};

/* Parses TEXT (NUL-terminated; the table owns it from here on, also on failure). */
int modtable_parse(struct modtable *t, char *text, struct err *err);
void modtable_free(struct modtable *t);

/* The next row after FROM (NULL: the first) that NAME matches, '-' as '_'; NULL at the end. */
const struct modtable_row *modtable_next(const struct modtable *t, const char *name,
					 const struct modtable_row *from);

#endif
