/* SPDX-License-Identifier: MIT */
#include "ikconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/codec.h"

#define IKCFG_START    "IKCFG_ST"
#define IKCFG_END      "IKCFG_ED"
#define GZIP_ISIZE_LEN 4
/* A .config is tens of KiB; a larger size word is not one. */
#define IKCFG_MAX      (16u << 20)

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int ikconfig_read(const uint8_t *vmlinux, size_t size, char **text, size_t *len, struct err *err)
{
	const uint8_t *st = memmem(vmlinux, size, IKCFG_START "\x1f\x8b", strlen(IKCFG_START) + 2);
	const uint8_t *gz, *ed;
	uint32_t n;

	if (!st)
		return 0;
	gz = st + strlen(IKCFG_START);
	ed = memmem(gz, size - (size_t)(gz - vmlinux), IKCFG_END, strlen(IKCFG_END));
	if (!ed || ed - gz < GZIP_HEADER_LEN + GZIP_ISIZE_LEN)
		return err_set(err, "IKCONFIG: no end marker after the start marker");
	/* gzip's trailer ends with the uncompressed size, right before the end marker. */
	n = le32(ed - GZIP_ISIZE_LEN);
	if (n > IKCFG_MAX)
		return err_set(err, "IKCONFIG: %u bytes is no configuration", n);
	if (!(*text = malloc(n + 1)))
		return err_set(err, "out of memory");
	if (decompress_gzip(gz, (size_t)(ed - gz), (uint8_t *)*text, n, err) < 0) {
		free(*text);
		return err_prefix(err, "IKCONFIG");
	}
	(*text)[n] = '\0';
	*len = n;
	return 1;
}

int kconfig_text_enabled(const char *text, size_t len, const char *symbol)
{
	char line[256];
	size_t n = (size_t)snprintf(line, sizeof(line), "\n%s=y\n", symbol);

	/* The file starts with a comment, so every setting follows a newline. */
	return memmem(text, len, line, n) != NULL;
}
