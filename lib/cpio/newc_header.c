/* SPDX-License-Identifier: MIT */
#include "newc_header.h"

#include <string.h>

#include "util/align.h"

#define NEWC_TRAILER "TRAILER!!!"

/* An 8-digit hex field; -1 when it is not one. */
static long long hex_field(const char f[8])
{
	long long v = 0;

	for (int i = 0; i < 8; i++) {
		char c = f[i];
		int d = c >= '0' && c <= '9'	 ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;

		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * Every field hex, as libarchive wants it: a header it refuses, it skips,
 * scanning for the next one, which may sit where this walk never looks.
 */
static int all_fields_hex(const struct newc_header *h)
{
	const char *f = h->ino;

	for (size_t i = 0; i < (sizeof(*h) - sizeof(h->magic)) / sizeof(h->ino); i++)
		if (hex_field(f + i * sizeof(h->ino)) < 0)
			return 0;
	return 1;
}

int newc_check_sizes(const uint8_t *data, size_t size, size_t *len, struct err *err)
{
	size_t off = 0;

	*len = size;
	/* Padding may take OFF past SIZE: compare before subtracting. */
	while (off <= size && size - off >= sizeof(struct newc_header)) {
		const struct newc_header *h = (const void *)(data + off);
		long long name = hex_field(h->namesize), file = hex_field(h->filesize);
		size_t left = size - off - sizeof(*h);

		if ((memcmp(h->magic, "070701", 6) && memcmp(h->magic, "070702", 6)) ||
		    !all_fields_hex(h) || name < 1 || file < 0)
			return err_set(err, "cpio entry at offset %zu: not a newc header", off);
		if (name > NEWC_MAX_NAME || (size_t)name > left)
			return err_set(err, "cpio entry at offset %zu: name of %lld bytes", off, name);
		if ((size_t)name == sizeof(NEWC_TRAILER) &&
		    !memcmp(data + off + sizeof(*h), NEWC_TRAILER, sizeof(NEWC_TRAILER))) {
			off = align_up(off + sizeof(*h) + (size_t)name, 4);
			*len = off < size ? off : size;
			return 0;
		}
		off = align_up(off + sizeof(*h) + (size_t)name, 4);
		if (off > size || (size_t)file > size - off)
			return err_set(err, "cpio entry at offset %zu: data of %lld bytes, past the end",
				       off, file);
		off = align_up(off + (size_t)file, 4);
	}
	return 0;
}
