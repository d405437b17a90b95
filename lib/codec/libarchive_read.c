/* SPDX-License-Identifier: MIT */
/*
 * Decompression through libarchive's raw reader, for gzip and bzip2. The
 * filter is named, not bid for, so a stream is only ever read as the codec
 * its magic announced.
 */
#include <archive.h>
#include <archive_entry.h>

#include "codec.h"

static int read_exactly(struct archive *a, const char *name, uint8_t *out, size_t out_len,
			struct err *err)
{
	size_t got = 0;
	uint8_t extra;
	la_ssize_t n;

	while (got < out_len) {
		n = archive_read_data(a, out + got, out_len - got);
		if (n < 0)
			return err_set(err, "corrupt %s stream: %s", name, archive_error_string(a));
		if (n == 0)
			return codec_err_short(err, name, got, out_len);
		got += (size_t)n;
	}
	n = archive_read_data(a, &extra, 1);
	if (n < 0)
		return err_set(err, "corrupt %s stream: %s", name, archive_error_string(a));
	if (n > 0)
		return codec_err_overrun(err, name, out_len);
	return 0;
}

int codec_read_filter(int filter, const char *name, const uint8_t *in, size_t in_len,
		      uint8_t *out, size_t out_len, struct err *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *entry;
	int ret;

	if (!a)
		return err_set(err, "out of memory");
	if (archive_read_append_filter(a, filter) != ARCHIVE_OK ||
	    archive_read_support_format_raw(a) != ARCHIVE_OK ||
	    archive_read_open_memory(a, in, in_len) != ARCHIVE_OK ||
	    archive_read_next_header(a, &entry) != ARCHIVE_OK)
		ret = err_set(err, "corrupt %s stream: %s", name, archive_error_string(a));
	else
		ret = read_exactly(a, name, out, out_len, err);
	archive_read_free(a);
	return ret;
}
