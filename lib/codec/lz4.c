/* SPDX-License-Identifier: MIT */
/*
 * lz4's legacy frame (`lz4 -l`), the only one the kernel reads: the magic,
 * then chunks of 8 MiB of input each, every one an LE32 length and an
 * LZ4 block, compressed here with LZ4HC at its maximum level. liblz4 has
 * no legacy-frame writer, so the framing is done here.
 *
 * Nothing else is free to choose: the boot decompressor (PREBOOT in
 * lib/decompress_unlz4.c) expects exactly 8 MiB out of every chunk but the
 * last, and LZ4_compress_HC never favours decompression speed over size.
 * Level 12 comes out 45 KiB smaller than the build's `lz4 -l -9` on
 * Debian's 6.1 cloud kernel, so one variant is enough.
 *
 * Reading: the legacy LZ4 frame (`lz4 -l`), the only LZ4 format the kernel reads:
 * a magic, then blocks of a 4-byte compressed size and data that each
 * decompress to at most 8 MiB. It has no end marker; like
 * lib/decompress_unlz4.c this reader stops at the end of the input, at a
 * zero size word (padding) and skips a repeated magic (concatenated frames).
 * liblz4 has no reader for the legacy framing, so it is walked here and only
 * the blocks go to LZ4_decompress_safe.
 */
#include <lz4.h>
#include <lz4hc.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

int compress_lz4(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out, size_t *out_len,
		 struct err *err)
{
	size_t chunks = (in_len + LZ4_LEGACY_BLOCK - 1) / LZ4_LEGACY_BLOCK;
	size_t cap = 4 + chunks * (4 + (size_t)LZ4_compressBound(LZ4_LEGACY_BLOCK)), pos = 4;
	uint8_t *buf = malloc(cap);

	(void)variant;
	if (!buf)
		return err_set(err, "out of memory");
	codec_put_le32(buf, LZ4_LEGACY_MAGIC);
	for (size_t off = 0; off < in_len; off += LZ4_LEGACY_BLOCK) {
		size_t n = in_len - off < LZ4_LEGACY_BLOCK ? in_len - off : LZ4_LEGACY_BLOCK;
		int c = LZ4_compress_HC((const char *)in + off, (char *)buf + pos + 4, (int)n,
					LZ4_compressBound((int)n), LZ4HC_CLEVEL_MAX);

		if (c <= 0) {
			free(buf);
			return err_set(err, "liblz4: compression failed");
		}
		codec_put_le32(buf + pos, (uint32_t)c);
		pos += 4 + (size_t)c;
	}
	*out = buf;
	*out_len = pos;
	return 0;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Decompresses one block at OUT + *GOT; a short tail goes through SCRATCH. */
static int lz4_block(const uint8_t *src, uint32_t csize, uint8_t *out, size_t out_len, size_t *got,
		     uint8_t **scratch, struct err *err)
{
	size_t room = out_len - *got;
	uint8_t *dst = out + *got;
	int n;

	if (room < LZ4_LEGACY_BLOCK) {
		if (!*scratch && !(*scratch = malloc(LZ4_LEGACY_BLOCK)))
			return err_set(err, "out of memory");
		dst = *scratch;
	}
	n = LZ4_decompress_safe((const char *)src, (char *)dst, (int)csize, LZ4_LEGACY_BLOCK);
	if (n < 0)
		return err_set(err, "corrupt lz4 stream");
	if ((size_t)n > room)
		return codec_err_overrun(err, "lz4", out_len);
	if (dst != out + *got)
		memcpy(out + *got, dst, (size_t)n);
	*got += (size_t)n;
	return 0;
}

/* The one walk over a legacy stream's frames, for decoding and for measuring.
 * At *POS, skips repeated magics; returns 1 with the next block's size in
 * *CSIZE and *POS moved to its data; 0 at the end marker or the input's end,
 * -1 when the block would run past the input (both with *POS on that word). */
static int lz4_next_block(const uint8_t *in, size_t in_len, size_t *pos, uint32_t *csize)
{
	for (; in_len - *pos >= 4; *pos += 4) {
		*csize = le32(in + *pos);
		if (*csize == LZ4_LEGACY_MAGIC)
			continue;
		if (*csize == 0)
			return 0;
		if (*csize > in_len - *pos - 4)
			return -1;
		*pos += 4;
		return 1;
	}
	return 0;
}

static int lz4_blocks(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		      uint8_t **scratch, struct err *err)
{
	size_t pos = 4, got = 0;
	uint32_t csize;
	int more;

	while ((more = lz4_next_block(in, in_len, &pos, &csize)) != 0) {
		if (more < 0 || csize > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK))
			return err_set(err,
				       "corrupt lz4 stream: block of %u bytes at offset %zu "
				       "runs past the end",
				       csize, more < 0 ? pos : pos - 4);
		if (lz4_block(in + pos, csize, out, out_len, &got, scratch, err) < 0)
			return err_prefix(err, "lz4 block at offset %zu", pos - 4);
		pos += csize;
	}
	if (got != out_len)
		return codec_err_short(err, "lz4", got, out_len);
	return 0;
}

/* Where the kernel's unpacker stops too: the end marker, or a block that
 * cannot be whole (a slot's zero fill after the stream). */
size_t lz4_legacy_stream_len(const uint8_t *in, size_t in_len)
{
	size_t pos = 4;
	uint32_t csize;

	if (in_len < 4)
		return in_len;
	while (lz4_next_block(in, in_len, &pos, &csize) > 0)
		pos += csize;
	return pos < in_len ? pos : in_len;
}

int decompress_lz4_legacy(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
			  struct err *err)
{
	uint8_t *scratch = NULL;
	int ret;

	if (in_len < 4 || le32(in) != LZ4_LEGACY_MAGIC)
		return err_set(err, "not a legacy lz4 stream");
	ret = lz4_blocks(in, in_len, out, out_len, &scratch, err);
	free(scratch);
	return ret;
}
