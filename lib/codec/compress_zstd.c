/* SPDX-License-Identifier: MIT */
/*
 * zstd at level 22 (cmd_zstd22: `zstd -22 --ultra`), one frame. The kernel
 * build pipes its input to zstd, which then does not know the size and
 * picks level 22's parameters for an unknown size: variant 0 does the same
 * (often the smaller stream, and never larger than the build's on the same
 * input); variant 1 gives the size, as a one-shot compression would.
 */
#include <stdlib.h>
#include <zstd.h>

#include "codec.h"

static size_t run(ZSTD_CCtx *c, const uint8_t *in, size_t in_len, unsigned variant,
		  uint8_t *buf, size_t cap)
{
	ZSTD_inBuffer ib = { in, in_len, 0 };
	ZSTD_outBuffer ob = { buf, cap, 0 };
	size_t r = ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, ZSTD_maxCLevel());

	if (!ZSTD_isError(r) && variant)
		r = ZSTD_CCtx_setPledgedSrcSize(c, in_len);
	/* Ending the frame in the first call would tell zstd the size. */
	while (!ZSTD_isError(r) && !variant && ib.pos < ib.size)
		r = ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_continue);
	while (!ZSTD_isError(r) && (r = ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_end)) != 0)
		;
	return ZSTD_isError(r) ? r : ob.pos;
}

int compress_zstd(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
		  size_t *out_len, struct err *err)
{
	size_t cap = ZSTD_compressBound(in_len), n;
	uint8_t *buf = malloc(cap);
	ZSTD_CCtx *c = ZSTD_createCCtx();

	if (!buf || !c) {
		free(buf);
		ZSTD_freeCCtx(c);
		return err_set(err, "out of memory");
	}
	n = run(c, in, in_len, variant, buf, cap);
	ZSTD_freeCCtx(c);
	if (ZSTD_isError(n)) {
		free(buf);
		return err_set(err, "libzstd: %s", ZSTD_getErrorName(n));
	}
	*out = buf;
	*out_len = n;
	return 0;
}
