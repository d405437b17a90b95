/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: a guest's grubenv block alone (the grub.cfg target reads the
 * same input as both), and what is read from it: the table stays within
 * its bounds, and saved_entry, if any, expands into a bounded string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg/grubenv.h"
#include "bootcfg/vartab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vartab vars;
	char out[64];
	const char *saved;

	memset(&vars, 0, sizeof(vars));
	grubenv_load((const char *)data, size, &vars);
	if (vars.n > BOOTCFG_MAX_VARS)
		abort();
	for (size_t i = 0; i < vars.n; i++)
		if (!memchr(vars.v[i].name, 0, sizeof(vars.v[i].name)) ||
		    !memchr(vars.v[i].value, 0, sizeof(vars.v[i].value)))
			abort();
	saved = vartab_get(&vars, "saved_entry");
	vartab_expand(&vars, saved ? saved : "${saved_entry}$kernelopts", out, sizeof(out));
	if (strlen(out) >= sizeof(out))
		abort();
	return 0;
}
