/* SPDX-License-Identifier: MIT */
#include "codec.h"

#include <archive.h>
#include <string.h>

/* Both fields of a codec's magic from one list of bytes. */
#define MAGIC(...) .magic = (const uint8_t[]){ __VA_ARGS__ }, \
		   .magic_len = sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Magics as in Linux's lib/decompress.c compressed_formats[]; compressor variants last. */
static const struct codec codecs[] = {
	{ .name = "gzip", MAGIC(0x1f, 0x8b), .size_word_in_stream = 1,
	  .decompress = decompress_gzip, .compress = compress_gzip, .compress_variants = 1,
	  .compress_archive = compress_gzip, .archive_variants = 1,
	  .archive_filter = ARCHIVE_FILTER_GZIP },
	{ .name = "bzip2", MAGIC('B', 'Z', 'h'),
	  .decompress = decompress_bzip2, .compress = compress_bzip2, .compress_variants = 1,
	  .compress_archive = compress_bzip2, .archive_variants = 1,
	  .archive_filter = ARCHIVE_FILTER_BZIP2 },
	{ .name = "lzma", MAGIC(0x5d, 0x00),
	  .decompress = decompress_lzma, .compress = compress_lzma, .compress_variants = 2,
	  .compress_archive = compress_lzma, .archive_variants = 2,
	  .check_header = lzma_check_dict, .archive_filter = ARCHIVE_FILTER_LZMA },
	{ .name = "xz", MAGIC(0xfd, '7', 'z', 'X', 'Z', 0x00),
	  .decompress = decompress_xz, .compress = compress_xz, .compress_variants = 3,
	  .compress_archive = compress_xz_initramfs, .archive_variants = 3,
	  .archive_filter = ARCHIVE_FILTER_XZ },
	{ .name = "lzo", MAGIC(0x89, 'L', 'Z', 'O', 0x00, 0x0d, 0x0a, 0x1a, 0x0a),
	  .decompress = decompress_lzo, .compress = compress_lzo, .compress_variants = 1,
	  .compress_archive = compress_lzo, .archive_variants = 1 },
	{ .name = "lz4", MAGIC(0x02, 0x21, 0x4c, 0x18),
	  .decompress = decompress_lz4_legacy, .compress = compress_lz4, .compress_variants = 1,
	  .compress_archive = compress_lz4, .archive_variants = 1,
	  .stream_len = lz4_legacy_stream_len, .archive_filter = ARCHIVE_FILTER_LZ4 },
	{ .name = "zstd", MAGIC(0x28, 0xb5, 0x2f, 0xfd),
	  .decompress = decompress_zstd, .compress = compress_zstd, .compress_variants = 2,
	  .compress_archive = compress_zstd_initramfs, .archive_variants = 2,
	  .stream_len = zstd_frame_len, .archive_filter = ARCHIVE_FILTER_ZSTD },
};

size_t codec_count(void)
{
	return sizeof(codecs) / sizeof(codecs[0]);
}

const struct codec *codec_at(size_t i)
{
	return &codecs[i];
}

const struct codec *codec_detect(const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < codec_count(); i++) {
		const struct codec *c = &codecs[i];

		if (len >= c->magic_len && memcmp(data, c->magic, c->magic_len) == 0)
			return c;
	}
	return NULL;
}

void codec_put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int codec_err_overrun(struct err *err, const char *codec, size_t out_len)
{
	return err_set(err, "%s stream decompresses to more than the declared %zu bytes", codec,
		       out_len);
}

int codec_err_short(struct err *err, const char *codec, size_t got, size_t out_len)
{
	return err_set(err, "%s stream ends after %zu of the declared %zu bytes", codec, got,
		       out_len);
}
