/* SPDX-License-Identifier: MIT */
#include "payload_fit.h"

#include <string.h>

#define GZIP_NAME_FILL '_'

size_t payload_fit_min(const struct codec *codec, size_t stream_len)
{
	return stream_len + (codec->size_word_in_stream ? 0 : 4);
}

/* The spare bytes become the member's file name: SPARE - 1 characters and its NUL. */
static int fit_gzip(const uint8_t *stream, size_t stream_len, uint32_t output_len, uint8_t *out,
		    size_t len, struct err *err)
{
	size_t spare = len - stream_len;
	uint32_t isize;

	if (stream_len < GZIP_HEADER_LEN + 8 || stream[GZIP_FLG] != 0)
		return err_set(err, "internal error: gzip member without a plain header");
	memcpy(&isize, stream + stream_len - 4, 4);
	if (isize != output_len)
		return err_set(err, "internal error: gzip ISIZE %u, expected %u", isize, output_len);
	memcpy(out, stream, GZIP_HEADER_LEN);
	if (spare) {
		out[GZIP_FLG] |= GZIP_FNAME;
		memset(out + GZIP_HEADER_LEN, GZIP_NAME_FILL, spare - 1);
		out[GZIP_HEADER_LEN + spare - 1] = '\0';
	}
	memcpy(out + GZIP_HEADER_LEN + spare, stream + GZIP_HEADER_LEN,
	       stream_len - GZIP_HEADER_LEN);
	return 0;
}

int payload_fit(const struct codec *codec, const uint8_t *stream, size_t stream_len,
		uint32_t output_len, uint8_t *out, size_t len, struct err *err)
{
	if (len < payload_fit_min(codec, stream_len))
		return err_set(err, "internal error: %zu-byte %s stream does not fit %zu bytes",
			       stream_len, codec->name, len);
	if (codec->size_word_in_stream)
		return fit_gzip(stream, stream_len, output_len, out, len, err);
	memcpy(out, stream, stream_len);
	memset(out + stream_len, 0, len - 4 - stream_len);
	codec_put_le32(out + len - 4, output_len);
	return 0;
}
