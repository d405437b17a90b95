/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: shell assignments as a guest writes /etc/os-release and
 * /etc/default/grub, read for the names injector-init asks for, into
 * buffers large and tiny: a value is cut, never overrun.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg/shellvars.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "ID", "ID_LIKE", "GRUB_CMDLINE_LINUX",
					     "GRUB_CMDLINE_LINUX_DEFAULT" };
	char big[4096], tiny[4];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (shellvars_get((const char *)data, size, names[i], big, sizeof(big)) &&
		    strlen(big) >= sizeof(big))
			abort();
		if (shellvars_get((const char *)data, size, names[i], tiny, sizeof(tiny)) &&
		    strlen(tiny) >= sizeof(tiny))
			abort();
	}
	return 0;
}
