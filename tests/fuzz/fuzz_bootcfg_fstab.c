/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: a guest's /etc/fstab, read for the mount points the profiles
 * name: every field found is a NUL-terminated string within its buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg/fstab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *s, size_t size)
{
	if (!memchr(s, '\0', size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const points[] = { "/boot", "/boot/efi", "/efi", "/" };
	struct fstab_entry e;

	for (size_t i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
		if (!fstab_find((const char *)data, size, points[i], &e))
			continue;
		check(e.spec, sizeof(e.spec));
		check(e.type, sizeof(e.type));
		if (strcmp(e.file, points[i]) || (e.nofail != 0 && e.nofail != 1))
			abort();
	}
	return 0;
}
