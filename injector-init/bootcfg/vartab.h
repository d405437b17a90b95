/* SPDX-License-Identifier: MIT */
/*
 * Variables of the configuration languages injector-init reads (grub script,
 * grubenv, shell assignments): a bounded table, and $NAME / ${NAME}
 * expansion where unknown names expand to nothing, as in grub and sh.
 */
#ifndef INIT_VARTAB_H
#define INIT_VARTAB_H

#include <stddef.h>

#include "guest/bounds.h"

struct var {
	char name[64];
	char value[CMDLINE_MAX];
};

struct vartab {
	struct var v[BOOTCFG_MAX_VARS];
	size_t n;
};

/* Long names and values are cut; past BOOTCFG_MAX_VARS new names are dropped. */
void vartab_set(struct vartab *t, const char *name, const char *value);
const char *vartab_get(const struct vartab *t, const char *name);

int vartab_name_char(char c, int first);

/*
 * P points just after a '$' (END bounds it). Appends the value of the
 * reference there to OUT (SIZE bytes, *N used, kept NUL-terminated) and
 * returns the number of bytes the reference took. A '$' that starts no
 * name stays a '$'.
 */
size_t vartab_expand_ref(const struct vartab *t, const char *p, const char *end, char *out,
			 size_t size, size_t *n);

/* IN with every reference expanded, into OUT. */
void vartab_expand(const struct vartab *t, const char *in, char *out, size_t size);

/* Appends C to OUT when it fits, keeping it NUL-terminated. */
void vartab_put(char *out, size_t size, size_t *n, char c);

#endif
