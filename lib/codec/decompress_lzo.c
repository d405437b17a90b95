/* SPDX-License-Identifier: MIT */
/*
 * The lzop container (`lzop -9`) around LZO1X blocks, as the kernel's
 * lib/decompress_unlzo.c reads it. liblzo2 decompresses the blocks; lzop's
 * container has no library (libarchive hands it to an external `lzop`
 * program when built without liblzo2, as Debian's is), so it is parsed here.
 */
#include <lzo/lzo1x.h>
#include <string.h>

#include "codec.h"

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
	if (lzo_block_data(src, src_len, out + *got, dst_len, adler, flags, err) < 0)
		return -1;
	*got += dst_len;
	return 0;
}

int decompress_lzo(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		   struct err *err)
{
	struct cursor c = { in, in + in_len };
	uint32_t flags = 0;
	size_t got = 0;
	int end = 0;

	if (lzo_init() != LZO_E_OK)
		return err_set(err, "liblzo2 failed to initialise");
	if (lzop_header(&c, &flags, err) < 0)
		return -1;
	while (!end)
		if (lzop_block(&c, flags, out, out_len, &got, &end, err) < 0)
			return -1;
	if (got != out_len)
		return codec_err_short(err, "lzo", got, out_len);
	return 0;
}
