/* SPDX-License-Identifier: MIT */
#include "cpio_read.h"

#include <archive.h>
#include <archive_entry.h>

static int list_entries(struct archive *a, cpio_entry_fn *fn, void *ctx, struct err *err)
{
	struct archive_entry *entry;
	int r;

	while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
		if (fn(archive_entry_pathname(entry), ctx) < 0)
			return err_set(err, "out of memory");
	}
	if (r != ARCHIVE_EOF)
		return err_set(err, "corrupt initramfs: %s", archive_error_string(a));
	return 0;
}

int cpio_list(const uint8_t *data, size_t size, cpio_entry_fn *fn, void *ctx,
		   struct err *err)
{
	struct archive *a = archive_read_new();
	int ret;

	if (!a)
		return err_set(err, "out of memory");
	if (archive_read_support_filter_all(a) != ARCHIVE_OK ||
	    archive_read_support_format_cpio(a) != ARCHIVE_OK ||
	    archive_read_open_memory(a, data, size) != ARCHIVE_OK)
		ret = err_set(err, "initramfs is not a cpio archive: %s", archive_error_string(a));
	else
		ret = list_entries(a, fn, ctx, err);
	archive_read_free(a);
	return ret;
}
