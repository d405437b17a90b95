/* SPDX-License-Identifier: MIT */
/*
 * Private, writable copies of test inputs (kernels, fixtures) for the
 * cmocka tests (header-only: each test program includes it once).
 * Include after <cmocka.h>.
 */
#ifndef BUF_FIXTURE_H
#define BUF_FIXTURE_H

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file_io.h"

/* Each test program uses some of these. */
#define BUF_FN static __attribute__((unused))

struct buf {
	uint8_t *data;
	size_t size;
};

BUF_FN void buf_free(struct buf *b)
{
	free(b->data);
	*b = (struct buf){ NULL, 0 };
}

/* $ENV/NAME, read into memory; a missing variable or file fails the test. */
BUF_FN struct buf buf_load(const char *env, const char *name)
{
	const char *dir = getenv(env);
	char path[4096];
	struct file_view v;
	struct err err;
	struct buf b;

	if (!dir)
		fail_msg("%s is not set", env);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (file_map(path, &v, &err) < 0)
		fail_msg("%s: %s", path, err.msg);
	b.size = v.size;
	b.data = malloc(b.size ? b.size : 1);
	assert_non_null(b.data);
	memcpy(b.data, v.data, b.size);
	file_unmap(&v);
	return b;
}

/* The file an embed method would write: its parts, concatenated. */
BUF_FN struct buf buf_concat(const struct out_part *parts, size_t n)
{
	struct buf f = { NULL, 0 };

	for (size_t i = 0; i < n; i++)
		f.size += parts[i].len;
	f.data = malloc(f.size);
	assert_non_null(f.data);
	f.size = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(f.data + f.size, parts[i].data, parts[i].len);
		f.size += parts[i].len;
	}
	return f;
}

/* A newc archive holding one file NAME of LEN bytes, compressed with FILTER (or not). */
BUF_FN struct buf buf_cpio(const char *name, const void *data, size_t len, int filter)
{
	size_t cap = len + (1 << 16), used = 0;
	struct buf out = { malloc(cap), 0 };
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();

	assert_non_null(out.data);
	assert_int_equal(archive_write_set_format_cpio_newc(a), ARCHIVE_OK);
	assert_int_equal(archive_write_add_filter(a, filter), ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, out.data, cap, &used), ARCHIVE_OK);
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(archive_write_data(a, data, len), (la_ssize_t)len);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_entry_free(e);
	archive_write_free(a);
	out.size = used;
	return out;
}

#endif
