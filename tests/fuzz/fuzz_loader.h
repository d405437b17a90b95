/* SPDX-License-Identifier: MIT */
/* For the bootcfg fuzzers: a text_loader whose every file holds the input. */
#ifndef FUZZ_LOADER_H
#define FUZZ_LOADER_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct input {
	const uint8_t *data;
	size_t size;
};

static char *again(void *ctx, const char *path, size_t *len)
{
	const struct input *in = ctx;
	char *copy = malloc(in->size + 1);

	(void)path;
	if (copy) {
		memcpy(copy, in->data, in->size);
		copy[in->size] = '\0';
		*len = in->size;
	}
	return copy;
}

#endif
