/* SPDX-License-Identifier: MIT */
/*
 * Shell-style assignments, as in /etc/default/grub and /etc/os-release:
 * NAME=value with '…', "…" and backslash quoting, $NAME and ${NAME}
 * expanded from earlier assignments, `export` ignored. Anything else on a
 * line (commands, conditionals) is skipped: nothing is executed.
 */
#ifndef INIT_SHELLVARS_H
#define INIT_SHELLVARS_H

#include <stddef.h>

/*
 * The last value assigned to NAME in TEXT (LEN bytes), in OUT. Returns 1 if
 * found, 0 if not; a value longer than OUT is cut.
 */
int shellvars_get(const char *text, size_t len, const char *name, char *out, size_t size);

#endif
