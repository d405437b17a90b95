/* SPDX-License-Identifier: MIT */
/*
 * The configuration a kernel built with CONFIG_IKCONFIG carries:
 * kernel/configs.c puts the .config, gzip-compressed, between the markers
 * "IKCFG_ST" and "IKCFG_ED" (scripts/extract-ikconfig reads it the same way).
 */
#ifndef IKCONFIG_H
#define IKCONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * The configuration text from VMLINUX in *TEXT (free()d by the caller),
 * *LEN bytes: 1 when found, 0 when the kernel carries none, -1 on error.
 */
int ikconfig_read(const uint8_t *vmlinux, size_t size, char **text, size_t *len, struct err *err);

/* SYMBOL ("CONFIG_RD_XZ") is set to y in TEXT, a .config of LEN bytes. */
int kconfig_text_enabled(const char *text, size_t len, const char *symbol);

#endif
