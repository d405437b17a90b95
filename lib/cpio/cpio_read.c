/* SPDX-License-Identifier: MIT */
#include "cpio_read.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "codec/codec.h"
#include "newc_header.h"

#define CPIO_READ_MAX (1u << 30) /* bytes of a decompressed archive, as for payloads */

static int list_entries(struct archive *a, cpio_entry_fn *fn, void *ctx, struct err *err)
{
	struct archive_entry *entry;
	int r;

	while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
		if (fn(archive_entry_pathname(entry), ctx) < 0)
			return err_set(err, "out of memory");
	}
	if (r != ARCHIVE_EOF)
		return err_set(err, "corrupt initramfs: %s", archive_error_string(a));
	return 0;
}

static int list_plain(const uint8_t *data, size_t size, cpio_entry_fn *fn, void *ctx,
		      struct err *err)
{
	struct archive *a;
	size_t len;
	int ret;

	if (newc_check_sizes(data, size, &len, err) < 0)
		return err_prefix(err, "corrupt initramfs");
	a = archive_read_new();
	if (!a)
		return err_set(err, "out of memory");
	if (archive_read_support_format_cpio(a) != ARCHIVE_OK ||
	    archive_read_open_memory(a, data, len) != ARCHIVE_OK)
		ret = err_set(err, "initramfs is not a cpio archive: %s", archive_error_string(a));
	else
		ret = list_entries(a, fn, ctx, err);
	archive_read_free(a);
	return ret;
}

/* Appends what A reads to *OUT (*LEN bytes), at most CPIO_READ_MAX in all. */
static int read_all(struct archive *a, uint8_t **out, size_t *len, struct err *err)
{
	size_t cap = 0;
	la_ssize_t n;

	do {
		if (*len == cap) {
			uint8_t *grown;

			if (cap == CPIO_READ_MAX)
				return err_set(err, "initramfs larger than %u bytes uncompressed",
					       CPIO_READ_MAX);
			/* From 64 KiB: most reads of a forged stream end in its first block. */
			cap = cap ? 2 * cap : 1u << 16;
			grown = realloc(*out, cap);
			if (!grown)
				return err_set(err, "out of memory");
			*out = grown;
		}
		n = archive_read_data(a, *out + *len, cap - *len);
		if (n < 0)
			return err_set(err, "corrupt initramfs: %s", archive_error_string(a));
		*len += (size_t)n;
	} while (n > 0);
	return 0;
}

/* The first stream of DATA, decompressed by libarchive's filter for CODEC, into *OUT. */
static int read_filter(const struct codec *codec, const uint8_t *data, size_t size, uint8_t **out,
		       size_t *len, struct err *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *entry;
	int ret;

	if (!a)
		return err_set(err, "out of memory");
	if (archive_read_append_filter(a, codec->archive_filter) != ARCHIVE_OK ||
	    archive_read_support_format_raw(a) != ARCHIVE_OK ||
	    archive_read_open_memory(a, data, size) != ARCHIVE_OK ||
	    archive_read_next_header(a, &entry) != ARCHIVE_OK)
		ret = err_set(err, "corrupt initramfs: %s", archive_error_string(a));
	else
		ret = read_all(a, out, len, err);
	archive_read_free(a);
	return ret;
}

/* An lzop stream, whose block headers give its length, through the codec's own reader. */
static int read_lzop(const struct codec *codec, const uint8_t *data, size_t size, uint8_t **out,
		     size_t *len, struct err *err)
{
	if (lzop_plain_len(data, size, len, err) < 0)
		return err_prefix(err, "corrupt initramfs");
	if (*len > CPIO_READ_MAX)
		return err_set(err, "initramfs larger than %u bytes uncompressed", CPIO_READ_MAX);
	*out = malloc(*len ? *len : 1);
	if (!*out)
		return err_set(err, "out of memory");
	if (codec->decompress(data, size, *out, *len, err) < 0)
		return err_prefix(err, "corrupt initramfs");
	return 0;
}

/*
 * DATA, compressed with a codec the kernel reads (its magic says which),
 * decompressed into *OUT; anything else is no initramfs.
 */
static int decompress(const uint8_t *data, size_t size, uint8_t **out, size_t *len, struct err *err)
{
	const struct codec *codec = codec_detect(data, size);

	*out = NULL;
	*len = 0;
	if (!codec)
		return err_set(err, "initramfs is not a cpio archive, nor compressed with a codec "
			       "the kernel reads");
	if (codec->stream_len)
		size = codec->stream_len(data, size);
	if (codec->check_header && codec->check_header(data, size, err) < 0)
		return err_prefix(err, "corrupt initramfs");
	if (!codec->archive_filter)
		return read_lzop(codec, data, size, out, len, err);
	return read_filter(codec, data, size, out, len, err);
}

/*
 * Compressed archives are decompressed first (bounded), so that the header
 * sizes are checked (newc_check_sizes) before libarchive's cpio reader
 * trusts them.
 */
int cpio_list(const uint8_t *data, size_t size, cpio_entry_fn *fn, void *ctx, struct err *err)
{
	uint8_t *plain;
	size_t len;
	int ret;

	if (size >= 5 && !memcmp(data, CPIO_NEWC_MAGIC, 5))
		return list_plain(data, size, fn, ctx, err);
	if (decompress(data, size, &plain, &len, err) < 0) {
		free(plain);
		return -1;
	}
	ret = list_plain(plain, len, fn, ctx, err);
	free(plain);
	return ret;
}
