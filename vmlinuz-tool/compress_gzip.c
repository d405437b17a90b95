/* SPDX-License-Identifier: MIT */
/*
 * gzip at zlib's strongest settings (level 9, memLevel 9, 32 KiB window).
 * The member is framed here around a raw deflate stream rather than by
 * zlib's gzip mode, so the header is known to be the plain 10 bytes
 * (no flags) that payload_fit may extend with a file name.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "codec.h"

#define GZIP_HEADER_LEN 10
#define GZIP_TRAILER_LEN 8
#define GZIP_XFL_BEST 2
#define GZIP_OS_UNIX 3

static int deflate_raw(const uint8_t *in, size_t in_len, uint8_t *out, size_t *out_len,
		       struct err *err)
{
	z_stream s = { 0 };
	int rc;

	if (deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, MAX_MEM_LEVEL,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return err_set(err, "zlib: cannot initialise deflate");
	s.next_in = (Bytef *)in;
	s.next_out = out;
	s.avail_out = (uInt)*out_len;
	/* avail_in is 32-bit: feed in pieces. */
	do {
		size_t left = in_len - (size_t)((const uint8_t *)s.next_in - in);

		s.avail_in = left > (1u << 30) ? 1u << 30 : (uInt)left;
		rc = deflate(&s, s.avail_in == left ? Z_FINISH : Z_NO_FLUSH);
	} while (rc == Z_OK);
	*out_len = s.total_out;
	deflateEnd(&s);
	return rc == Z_STREAM_END ? 0 : err_set(err, "zlib: deflate failed (%d)", rc);
}

int compress_gzip(const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len,
		  struct err *err)
{
	size_t cap = deflateBound(NULL, (uLong)in_len), body = cap;
	uint8_t *buf = malloc(GZIP_HEADER_LEN + cap + GZIP_TRAILER_LEN);
	static const uint8_t header[GZIP_HEADER_LEN] = { 0x1f, 0x8b, Z_DEFLATED, 0, 0, 0, 0, 0,
							 GZIP_XFL_BEST, GZIP_OS_UNIX };

	if (!buf)
		return err_set(err, "out of memory");
	if (deflate_raw(in, in_len, buf + GZIP_HEADER_LEN, &body, err) < 0) {
		free(buf);
		return -1;
	}
	memcpy(buf, header, sizeof(header));
	codec_put_le32(buf + GZIP_HEADER_LEN + body, (uint32_t)crc32_z(0, in, in_len));
	codec_put_le32(buf + GZIP_HEADER_LEN + body + 4, (uint32_t)in_len);
	*out = buf;
	*out_len = GZIP_HEADER_LEN + body + GZIP_TRAILER_LEN;
	return 0;
}
