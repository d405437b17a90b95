/* SPDX-License-Identifier: MIT */
/*
 * The lzop container of `lzop -9`, written here (liblzo2 has no container
 * writer) in the one shape lib/decompress_unlzo.c parses: a version-0x1030
 * header without filter or extra field, then 256 KiB blocks carrying
 * exactly one checksum (adler32 of the uncompressed data), LZO1X-999 data
 * at level 9 (lzop -9; liblzo2's plain lzo1x_999_compress is level 8) or
 * the block stored when it does not shrink, and a zero end marker.
 */
#include <lzo/lzo1x.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

#define LZOP_BLOCK (256u << 10)
#define LZOP_VERSION 0x1030
#define LZOP_LIB_VERSION 0x20a0
#define LZOP_VERSION_NEEDED 0x0940
#define LZOP_METHOD_LZO1X_999 3
#define LZOP_LEVEL 9
#define LZO_999_LEVEL 9
#define LZOP_FLAGS 0x03000001u /* OS Unix, F_ADLER32_D */
#define LZOP_MODE 0100644
#define LZOP_HEADER_LEN 38 /* magic 9, fields 25, checksum 4 */

static const uint8_t lzop_magic[9] = { 0x89, 'L', 'Z', 'O', 0x00, 0x0d, 0x0a, 0x1a, 0x0a };

static uint8_t *put_be(uint8_t *p, uint32_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	return p + n;
}

static size_t put_header(uint8_t *buf)
{
	uint8_t *p = buf + sizeof(lzop_magic), *fields = p;

	memcpy(buf, lzop_magic, sizeof(lzop_magic));
	p = put_be(p, LZOP_VERSION, 2);
	p = put_be(p, LZOP_LIB_VERSION, 2);
	p = put_be(p, LZOP_VERSION_NEEDED, 2);
	p = put_be(p, LZOP_METHOD_LZO1X_999, 1);
	p = put_be(p, LZOP_LEVEL, 1);
	p = put_be(p, LZOP_FLAGS, 4);
	p = put_be(p, LZOP_MODE, 4);
	p = put_be(p, 0, 4); /* mtime */
	p = put_be(p, 0, 4); /* mtime_high */
	p = put_be(p, 0, 1); /* no file name */
	p = put_be(p, (uint32_t)lzo_adler32(1, fields, (lzo_uint)(p - fields)), 4);
	return (size_t)(p - buf);
}

static size_t put_block(uint8_t *p, const uint8_t *in, size_t n, void *work)
{
	uint8_t *data = p + 12;
	lzo_uint c = n + n / 16 + 64 + 3;

	lzo1x_999_compress_level(in, n, data, &c, work, NULL, 0, NULL, LZO_999_LEVEL);
	if (c >= n) {
		memcpy(data, in, n);
		c = n;
	}
	put_be(p, (uint32_t)n, 4);
	put_be(p + 4, (uint32_t)c, 4);
	put_be(p + 8, (uint32_t)lzo_adler32(1, in, n), 4);
	return 12 + c;
}

int compress_lzo(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
		 size_t *out_len, struct err *err)
{
	size_t blocks = (in_len + LZOP_BLOCK - 1) / LZOP_BLOCK, pos;
	/* LZO1X's worst case per block (liblzo2's documented bound) plus headers. */
	size_t cap = LZOP_HEADER_LEN + blocks * (12 + LZOP_BLOCK + LZOP_BLOCK / 16 + 64 + 3) + 4;
	uint8_t *buf = malloc(cap);
	void *work = malloc(LZO1X_999_MEM_COMPRESS);

	(void)variant;
	if (!buf || !work || lzo_init() != LZO_E_OK) {
		free(buf);
		free(work);
		return err_set(err, "out of memory");
	}
	pos = put_header(buf);
	for (size_t off = 0; off < in_len; off += LZOP_BLOCK)
		pos += put_block(buf + pos, in + off,
				 in_len - off < LZOP_BLOCK ? in_len - off : LZOP_BLOCK, work);
	put_be(buf + pos, 0, 4);
	free(work);
	*out = buf;
	*out_len = pos + 4;
	return 0;
}
