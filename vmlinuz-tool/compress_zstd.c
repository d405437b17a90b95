/* SPDX-License-Identifier: MIT */
/* zstd at level 22 (cmd_zstd22: `zstd -22 --ultra`), one frame. */
#include <stdlib.h>
#include <zstd.h>

#include "codec.h"

int compress_zstd(const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len,
		  struct err *err)
{
	size_t cap = ZSTD_compressBound(in_len), n;
	uint8_t *buf = malloc(cap);

	if (!buf)
		return err_set(err, "out of memory");
	n = ZSTD_compress(buf, cap, in, in_len, ZSTD_maxCLevel());
	if (ZSTD_isError(n)) {
		free(buf);
		return err_set(err, "libzstd: %s", ZSTD_getErrorName(n));
	}
	*out = buf;
	*out_len = n;
	return 0;
}
