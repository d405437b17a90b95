/* SPDX-License-Identifier: MIT */
/* zstd through libzstd: the first frame only, as the kernel's decompressor. */
#include <zstd.h>
#include <zstd_errors.h>

#include "codec.h"

int decompress_zstd(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		    struct err *err)
{
	size_t frame = ZSTD_findFrameCompressedSize(in, in_len);
	size_t n;

	if (ZSTD_isError(frame))
		return err_set(err, "corrupt zstd stream: %s", ZSTD_getErrorName(frame));
	/* One-shot: the output buffer is the window, so memory is bounded by OUT_LEN. */
	n = ZSTD_decompress(out, out_len, in, frame);
	if (ZSTD_getErrorCode(n) == ZSTD_error_dstSize_tooSmall)
		return codec_err_overrun(err, "zstd", out_len);
	if (ZSTD_isError(n))
		return err_set(err, "corrupt zstd stream: %s", ZSTD_getErrorName(n));
	if (n != out_len)
		return codec_err_short(err, "zstd", n, out_len);
	return 0;
}
