/* SPDX-License-Identifier: MIT */
/*
 * The lzop container of `lzop -9`, written here (liblzo2 has no container
 * writer) in the one shape lib/decompress_unlzo.c parses: a version-0x1030
 * header without filter or extra field, then 256 KiB blocks carrying
 * exactly one checksum (adler32 of the uncompressed data), LZO1X-999 data
 * at level 9 (lzop -9; liblzo2's plain lzo1x_999_compress is level 8) or
 * the block stored when it does not shrink, and a zero end marker.
 *
 * Reading: the lzop container (`lzop -9`) around LZO1X blocks, as the kernel's
 * lib/decompress_unlzo.c reads it. liblzo2 decompresses the blocks; lzop's
 * container has no library (libarchive hands it to an external `lzop`
 * program when built without liblzo2, as Debian's is), so it is parsed here.
 */
#include <lzo/lzo1x.h>
#include <stdint.h>
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

#define LZOP_MAGIC_LEN 9
#define LZOP_VERSION_LONG_HEADER 0x0940 /* adds version_needed, level, mtime_high */
#define LZOP_MAX_BLOCK (256u << 10)

#define F_ADLER32_D 0x00000001u
#define F_ADLER32_C 0x00000002u
#define F_H_EXTRA_FIELD 0x00000040u
#define F_CRC32_D 0x00000100u
#define F_CRC32_C 0x00000200u
#define F_H_FILTER 0x00000800u

struct cursor {
	const uint8_t *p, *end;
};

static const uint8_t *take(struct cursor *c, size_t n)
{
	const uint8_t *at = c->p;

	if ((size_t)(c->end - c->p) < n)
		return NULL;
	c->p += n;
	return at;
}

/* Big-endian fields of N bytes; -1 when the input ends first. */
static int get_be(struct cursor *c, size_t n, uint32_t *v)
{
	const uint8_t *p = take(c, n);

	if (!p)
		return -1;
	*v = 0;
	for (size_t i = 0; i < n; i++)
		*v = *v << 8 | p[i];
	return 0;
}

static int skip(struct cursor *c, size_t n)
{
	return take(c, n) ? 0 : -1;
}

static int lzop_header(struct cursor *c, uint32_t *flags, struct err *err)
{
	uint32_t version, method, name_len, unused;
	int long_hdr;

	if (skip(c, LZOP_MAGIC_LEN) < 0 || get_be(c, 2, &version) < 0)
		return err_set(err, "lzo stream is truncated in its header");
	long_hdr = version >= LZOP_VERSION_LONG_HEADER;
	if (skip(c, 2 + (long_hdr ? 2 : 0)) < 0 || get_be(c, 1, &method) < 0 ||
	    skip(c, long_hdr ? 1 : 0) < 0 || get_be(c, 4, flags) < 0)
		return err_set(err, "lzo stream is truncated in its header");
	if (method < 1 || method > 3)
		return err_set(err, "lzo stream uses method %u, not LZO1X", method);
	if (*flags & (F_H_EXTRA_FIELD | F_H_FILTER))
		return err_set(err, "lzo stream has header features the kernel cannot read "
			       "(flags 0x%x)", *flags);
	/* mode, mtime (and mtime_high), the name, the header checksum */
	if (skip(c, 8 + (long_hdr ? 4 : 0)) < 0 || get_be(c, 1, &name_len) < 0 ||
	    skip(c, name_len) < 0 || get_be(c, 4, &unused) < 0)
		return err_set(err, "lzo stream is truncated in its header");
	return 0;
}

static int lzo_block_data(const uint8_t *src, uint32_t src_len, uint8_t *dst, uint32_t dst_len,
			  uint32_t adler, uint32_t flags, struct err *err)
{
	lzo_uint n = dst_len;

	if (src_len == dst_len)
		memcpy(dst, src, dst_len);
	else if (lzo1x_decompress_safe(src, src_len, dst, &n, NULL) != LZO_E_OK || n != dst_len)
		return err_set(err, "corrupt lzo block");
	if ((flags & F_ADLER32_D) && lzo_adler32(1, dst, dst_len) != adler)
		return err_set(err, "lzo block fails its adler32 check");
	return 0;
}

static int lzop_block(struct cursor *c, uint32_t flags, uint8_t *out, size_t out_len,
		      size_t *got, int *end, struct err *err)
{
	uint32_t dst_len, src_len, adler = 0, unused;
	const uint8_t *src;

	if (get_be(c, 4, &dst_len) < 0)
		return err_set(err, "lzo stream is truncated");
	if (dst_len == 0) {
		*end = 1;
		return 0;
	}
	if (get_be(c, 4, &src_len) < 0 || ((flags & F_ADLER32_D) && get_be(c, 4, &adler) < 0) ||
	    ((flags & F_CRC32_D) && get_be(c, 4, &unused) < 0) ||
	    (src_len < dst_len && (flags & F_ADLER32_C) && get_be(c, 4, &unused) < 0) ||
	    (src_len < dst_len && (flags & F_CRC32_C) && get_be(c, 4, &unused) < 0) ||
	    !(src = take(c, src_len)))
		return err_set(err, "lzo stream is truncated");
	if (dst_len > LZOP_MAX_BLOCK || src_len > dst_len)
		return err_set(err, "corrupt lzo block header (%u -> %u bytes)", src_len, dst_len);
	if (dst_len > out_len - *got)
		return codec_err_overrun(err, "lzo", out_len);
	if (out && lzo_block_data(src, src_len, out + *got, dst_len, adler, flags, err) < 0)
		return -1;
	*got += dst_len;
	return 0;
}

/* The blocks of IN into OUT (only counted in *GOT when OUT is NULL). */
static int lzop_walk(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len, size_t *got,
		     struct err *err)
{
	struct cursor c = { in, in + in_len };
	uint32_t flags = 0;
	int end = 0;

	*got = 0;
	if (lzop_header(&c, &flags, err) < 0)
		return -1;
	while (!end)
		if (lzop_block(&c, flags, out, out_len, got, &end, err) < 0)
			return -1;
	return 0;
}

int lzop_plain_len(const uint8_t *in, size_t in_len, size_t *len, struct err *err)
{
	return lzop_walk(in, in_len, NULL, SIZE_MAX, len, err);
}

int decompress_lzo(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		   struct err *err)
{
	size_t got;

	if (lzo_init() != LZO_E_OK)
		return err_set(err, "liblzo2 failed to initialise");
	if (lzop_walk(in, in_len, out, out_len, &got, err) < 0)
		return -1;
	if (got != out_len)
		return codec_err_short(err, "lzo", got, out_len);
	return 0;
}
