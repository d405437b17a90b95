/* SPDX-License-Identifier: MIT */
/*
 * One word of the shell-like languages injector-init reads: grub script
 * and shell assignments (/etc/default/grub, os-release). '…' quotes
 * literally; "…" and a backslash quote too but let $NAME and ${NAME}
 * expand; a backslash before a newline joins two lines. Nothing runs.
 */
#ifndef INIT_SHELLWORD_H
#define INIT_SHELLWORD_H

#include <stddef.h>

#include "vartab.h"

/*
 * Reads the word at *P (END bounds it) into OUT, references expanded from
 * VARS, up to an unquoted blank, newline or ';', and moves *P past it.
 * Returns 0 when there was no word: nothing, or only unquoted references
 * that expanded to nothing (grub and sh then see no word at all), else 1.
 */
int shellword_read(const char **p, const char *end, const struct vartab *vars, char *out,
		   size_t size);

#endif
