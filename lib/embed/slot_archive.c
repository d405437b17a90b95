/* SPDX-License-Identifier: MIT */
#include "slot_archive.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/ikconfig.h"

unsigned slot_archive_codec_bit(const struct codec *c)
{
	for (size_t i = 0; i < codec_count(); i++)
		if (codec_at(i) == c)
			return 1u << i;
	return 0;
}

static int rd_enabled(const char *cfg, size_t n, const struct codec *c)
{
	char sym[32];
	size_t len = (size_t)snprintf(sym, sizeof(sym), "CONFIG_RD_%s", c->name);

	for (size_t i = strlen("CONFIG_RD_"); i < len && i < sizeof(sym); i++)
		sym[i] = (char)toupper((unsigned char)sym[i]);
	return kconfig_text_enabled(cfg, n, sym);
}

int slot_archive_kernel_codecs(const uint8_t *vmlinux, size_t len, const struct codec *slot_codec,
			       unsigned *codecs, struct err *err)
{
	char *cfg;
	size_t n;
	int found = ikconfig_read(vmlinux, len, &cfg, &n, err);

	if (found < 0)
		return -1;
	*codecs = found ? 0 : slot_archive_codec_bit(slot_codec);
	for (size_t i = 0; found && i < codec_count(); i++)
		if (rd_enabled(cfg, n, codec_at(i)))
			*codecs |= 1u << i;
	if (found)
		free(cfg);
	return 0;
}

/* The stream must give back exactly the cpio it was made from. */
static int check_stream(const struct codec *c, const uint8_t *s, size_t n, const uint8_t *cpio,
			size_t size, struct err *err)
{
	uint8_t *back = malloc(size ? size : 1);
	int same;

	if (!back)
		return err_set(err, "out of memory");
	if (c->decompress(s, n, back, size, err) < 0) {
		free(back);
		return err_prefix(err, "internal error: the %s archive does not decompress",
				  c->name);
	}
	same = memcmp(back, cpio, size) == 0;
	free(back);
	return same ? 0
		    : err_set(err, "internal error: the %s archive decompresses wrongly", c->name);
}

/* Keeps C's stream S when it is smaller than A's; frees it otherwise. */
static void keep_smaller(struct slot_archive *a, const struct codec *c, uint8_t *s, size_t n)
{
	if (n >= a->len) {
		free(s);
		return;
	}
	free(a->owned);
	*a = (struct slot_archive){ s, n, c, s };
}

/* C's variants in turn, until one fits: they are ordered by how small they usually come out. */
static int try_codec(struct slot_archive *a, const struct codec *c, const uint8_t *cpio,
		     size_t size, size_t capacity, struct err *err)
{
	for (unsigned v = 0; v < c->archive_variants; v++) {
		uint8_t *s;
		size_t n;

		if (c->compress_archive(cpio, size, v, &s, &n, err) < 0)
			return err_prefix(err, "%s compression", c->name);
		if (n <= capacity && check_stream(c, s, n, cpio, size, err) < 0) {
			free(s);
			return -1;
		}
		keep_smaller(a, c, s, n);
		if (n <= capacity)
			break;
	}
	return 0;
}

static void too_small(const struct slot_archive *a, size_t size, size_t capacity, struct err *err)
{
	if (!a->codec)
		err_set(err,
			"the archive is %zu bytes, %zu more than the built-in initramfs slot "
			"holds (%zu)",
			size, size - capacity, capacity);
	else
		err_set(err,
			"the archive is %zu bytes, %zu compressed (%s) at best, %zu more "
			"than the built-in initramfs slot holds (%zu)",
			size, a->len, a->codec->name, a->len - capacity, capacity);
}

int slot_archive_pick(struct slot_archive *a, const uint8_t *cpio, size_t size, unsigned codecs,
		      size_t capacity, struct err *err)
{
	*a = (struct slot_archive){ cpio, size, NULL, NULL };
	for (size_t i = 0; i < codec_count(); i++) {
		if (!(codecs & (1u << i)))
			continue;
		if (try_codec(a, codec_at(i), cpio, size, capacity, err) < 0) {
			slot_archive_free(a);
			return -1;
		}
	}
	if (a->len <= capacity)
		return SLOT_FITS;
	too_small(a, size, capacity, err);
	slot_archive_free(a);
	return SLOT_TOO_SMALL;
}

void slot_archive_free(struct slot_archive *a)
{
	free(a->owned);
	memset(a, 0, sizeof(*a));
}
