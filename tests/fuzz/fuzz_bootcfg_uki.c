/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: the section table of a unified kernel image (bootcfg/uki.h),
 * the input being the whole file, of which injector-init reads the first
 * UKI_HEAD_MAX bytes. Every part it reports must lie inside the file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "bootcfg/uki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uki u;
	struct err err;

	if (uki_parse(data, size < UKI_HEAD_MAX ? size : UKI_HEAD_MAX, size, &u, &err) < 0)
		return 0;
	for (int i = 0; i < UKI_PARTS; i++)
		if (u.part[i].offset > size || u.part[i].size > size - u.part[i].offset)
			abort();
	return 0;
}
