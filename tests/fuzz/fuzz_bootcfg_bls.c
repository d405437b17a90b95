/* SPDX-License-Identifier: MIT */
/* libFuzzer: BLS entries, /etc/default/grub, /etc/kernel/cmdline and os-release texts. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bootcfg/bls.h"
#include "bootcfg/cmdsource.h"
#include "bootcfg/kernelpair.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vartab vars;
	static struct boot_entry e[2];
	static char text[1 << 16];
	char out[CMDLINE_MAX];
	size_t n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;

	memcpy(text, data, n);
	text[n] = '\0';
	vartab_set(&vars, "kernelopts", "root=/dev/vda1 ro");
	bls_parse(text, n, "a", &vars, &e[0]);
	bls_parse(text, n, "b-1.0", &vars, &e[1]);
	bls_sort(e, 2);
	bls_default(e, 2, text);
	cmdsource_from(text, text, n, "uuid", out, sizeof(out));
	kernelpair_family(text, n);
	return 0;
}
