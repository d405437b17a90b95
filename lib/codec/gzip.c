/* SPDX-License-Identifier: MIT */
/*
 * gzip through libdeflate at its strongest level (12). zlib at level 9
 * with the longest match chains still comes out about 0.1% larger than
 * GNU `gzip -9`, which the kernel build uses, so a kernel's own vmlinux
 * would not fit back into its payload; libdeflate's level 12 is about 2%
 * smaller than gzip -9 on kernels. The member is framed here around the
 * raw deflate stream, so its header is known to be the plain 10 bytes
 * (no flags) that payload_fit may extend with a file name.
 */
#include <archive.h>
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

#define GZIP_TRAILER_LEN 8
#define GZIP_CM_DEFLATE 8
#define GZIP_XFL_BEST 2
#define GZIP_OS_UNIX 3
#define LIBDEFLATE_MAX_LEVEL 12

int compress_gzip(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
		  size_t *out_len, struct err *err)
{
	static const uint8_t header[GZIP_HEADER_LEN] = { 0x1f, 0x8b, GZIP_CM_DEFLATE, 0, 0, 0, 0, 0,
							 GZIP_XFL_BEST, GZIP_OS_UNIX };
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(LIBDEFLATE_MAX_LEVEL);
	size_t cap, body;
	uint8_t *buf;

	(void)variant;
	if (!c)
		return err_set(err, "out of memory");
	cap = libdeflate_deflate_compress_bound(c, in_len);
	buf = malloc(GZIP_HEADER_LEN + cap + GZIP_TRAILER_LEN);
	body = buf ? libdeflate_deflate_compress(c, in, in_len, buf + GZIP_HEADER_LEN, cap) : 0;
	libdeflate_free_compressor(c);
	if (!body) {
		free(buf);
		return err_set(err, buf ? "libdeflate: compression failed" : "out of memory");
	}
	memcpy(buf, header, sizeof(header));
	codec_put_le32(buf + GZIP_HEADER_LEN + body, libdeflate_crc32(0, in, in_len));
	codec_put_le32(buf + GZIP_HEADER_LEN + body + 4, (uint32_t)in_len);
	*out = buf;
	*out_len = GZIP_HEADER_LEN + body + GZIP_TRAILER_LEN;
	return 0;
}

int decompress_gzip(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		    struct err *err)
{
	return codec_read_filter(ARCHIVE_FILTER_GZIP, "gzip", in, in_len, out, out_len, err);
}
