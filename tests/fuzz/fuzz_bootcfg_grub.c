/* SPDX-License-Identifier: MIT */
/* libFuzzer: grub.cfg and grubenv as a hostile guest writes them; `source` loads the input again. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bootcfg/grubcfg.h"
#include "bootcfg/grubenv.h"
#include "fuzz_loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vartab vars;
	struct input in = { data, size };
	struct grub_menu m;
	struct err err;

	memset(&vars, 0, sizeof(vars));
	budget_per_input();
	grubenv_load((const char *)data, size, &vars);
	if (grubcfg_parse((const char *)data, size, &vars, again, &in, &m, &err) == 0) {
		grubcfg_default(&m);
		grubcfg_free(&m);
	}
	return 0;
}
