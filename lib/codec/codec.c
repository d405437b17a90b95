/* SPDX-License-Identifier: MIT */
#include "codec.h"

#include <archive.h>
#include <string.h>

#define MAGIC(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Magics as in Linux's lib/decompress.c compressed_formats[]; compressor variants last. */
static const struct codec codecs[] = {
	{ "gzip", MAGIC(0x1f, 0x8b), 1, decompress_gzip, compress_gzip, 1, compress_gzip, 1,
	  NULL, ARCHIVE_FILTER_GZIP },
	{ "bzip2", MAGIC('B', 'Z', 'h'), 0, decompress_bzip2, compress_bzip2, 1, compress_bzip2,
	  1, NULL, ARCHIVE_FILTER_BZIP2 },
	{ "lzma", MAGIC(0x5d, 0x00), 0, decompress_lzma, compress_lzma, 2, compress_lzma, 2,
	  NULL, ARCHIVE_FILTER_LZMA },
	{ "xz", MAGIC(0xfd, '7', 'z', 'X', 'Z', 0x00), 0, decompress_xz, compress_xz, 3,
	  compress_xz_initramfs, 3, NULL, ARCHIVE_FILTER_XZ },
	{ "lzo", MAGIC(0x89, 'L', 'Z', 'O', 0x00, 0x0d, 0x0a, 0x1a, 0x0a), 0, decompress_lzo,
	  compress_lzo, 1, compress_lzo, 1, NULL, 0 },
	{ "lz4", MAGIC(0x02, 0x21, 0x4c, 0x18), 0, decompress_lz4_legacy, compress_lz4, 1,
	  compress_lz4, 1, NULL, ARCHIVE_FILTER_LZ4 },
	{ "zstd", MAGIC(0x28, 0xb5, 0x2f, 0xfd), 0, decompress_zstd, compress_zstd, 2,
	  compress_zstd_initramfs, 2, zstd_frame_len, ARCHIVE_FILTER_ZSTD },
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
