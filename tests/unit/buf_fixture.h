/* SPDX-License-Identifier: MIT */
/*
 * Private, writable copies of test inputs (kernels, fixtures) for the
 * cmocka tests (header-only: each test program includes it once).
 * Include after <cmocka.h>.
 */
#ifndef BUF_FIXTURE_H
#define BUF_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_io.h"

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

#endif
