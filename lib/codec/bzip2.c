/* SPDX-License-Identifier: MIT */
/* bzip2 through libbz2 with 900 KiB blocks (`bzip2 -9`). */
#include <archive.h>
#include <bzlib.h>
#include <limits.h>
#include <stdlib.h>

#include "codec.h"

int compress_bzip2(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
		   size_t *out_len, struct err *err)
{
	/* libbz2's documented bound: 1% more plus 600 bytes. */
	size_t cap = in_len + in_len / 100 + 600;
	unsigned int n = (unsigned int)cap;
	uint8_t *buf;
	int rc;

	(void)variant;
	if (in_len > UINT_MAX / 2)
		return err_set(err, "too large for libbz2's buffer interface");
	if (!(buf = malloc(cap)))
		return err_set(err, "out of memory");
	rc = BZ2_bzBuffToBuffCompress((char *)buf, &n, (char *)in, (unsigned int)in_len, 9, 0, 0);
	if (rc != BZ_OK) {
		free(buf);
		return err_set(err, "libbz2: compression failed (%d)", rc);
	}
	*out = buf;
	*out_len = n;
	return 0;
}

int decompress_bzip2(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		     struct err *err)
{
	return codec_read_filter(ARCHIVE_FILTER_BZIP2, "bzip2", in, in_len, out, out_len, err);
}
