/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: the cpio reader (lib/cpio: libarchive behind it), which
 * `embed` and `inspect` run on the archives and images they are given, and
 * the initramfs check before embedding. Every path listed is a C string
 * (the callback sees it whole); every refusal is one line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpio/archive_check.h"
#include "cpio/cpio_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(const char *path, void *ctx)
{
	if (!path || strlen(path) > (1u << 20))
		abort();
	(*(size_t *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *codec = NULL;
	struct err err = { 0 };
	size_t n = 0;

	if (cpio_list(data, size, count, &n, &err) < 0 && (!err.msg[0] || strchr(err.msg, '\n')))
		abort();
	if (archive_check(data, size, &codec, &err) == 0 && !codec)
		abort();
	return 0;
}
