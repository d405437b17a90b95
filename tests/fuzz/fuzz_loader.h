/* SPDX-License-Identifier: MIT */
/*
 * For the bootcfg fuzzers: a text_loader whose every file holds the input,
 * charged to the read budget as guestfs charges a guest file (a grub.cfg
 * that sources itself fans out as it would in the guest).
 */
#ifndef FUZZ_LOADER_H
#define FUZZ_LOADER_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guest/budget.h"

struct input {
	const uint8_t *data;
	size_t size;
};

static char *again(void *ctx, const char *path, size_t *len)
{
	const struct input *in = ctx;
	char *copy;

	(void)path;
	if (guest_budget_charge(1, in->size, 0) < 0)
		return NULL;
	copy = malloc(in->size + 1);
	if (copy) {
		memcpy(copy, in->data, in->size);
		copy[in->size] = '\0';
		*len = in->size;
	}
	return copy;
}

/*
 * A fresh budget for each input, as kernelpick arms one for each guest: the
 * same budget code with smaller amounts. The guest's (GUEST_BUDGET_*) let
 * one input parse 16 MiB, seconds under the sanitizers: 50 inputs a second.
 * These still let a file that sources itself reach the depth cap (4 loads of
 * a small input), and a few `source` lines, or a large input, spend them.
 */
static void budget_per_input(void)
{
	static const struct guest_budget limit = { 4, 16 << 10, 1024 };

	guest_budget_arm(&limit);
}

#endif
