/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: BLS entries, /etc/default/grub, /etc/kernel/cmdline and
 * os-release texts, and kernel file names against the profiles' patterns.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg/bls.h"
#include "bootcfg/cmdsource.h"
#include "bootcfg/distro.h"
#include "bootcfg/kernelpair.h"
#include "fuzz_loader.h"

/* Two profiles, as the archive carries them, without reading files. */
static const char debian[] = "os-id debian\nkernel /boot/vmlinuz-%v\ninitrd /boot/initrd.img-%v\n"
			     "cmdline /etc/kernel/cmdline\n"
			     "cmdline /etc/default/grub GRUB_CMDLINE_LINUX\n"
			     "cmdline /etc/default/grub GRUB_CMDLINE_LINUX_DEFAULT\n";
static const char fedora[] = "os-id fedora rhel\nkernel /boot/vmlinuz-%v\n"
			     "initrd /boot/initramfs-%v.img\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct distro_set profiles;
	static struct vartab vars;
	static struct boot_entry e[2];
	static char text[1 << 16];
	char out[CMDLINE_MAX], names[KERNELPAIR_NAMES][GUEST_PATH_MAX];
	size_t n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	struct input in = { data, n };
	struct err err;

	if (!profiles.n && (distro_add(&profiles, "debian", debian, strlen(debian), &err) < 0 ||
			    distro_add(&profiles, "fedora", fedora, strlen(fedora), &err) < 0))
		abort();
	memcpy(text, data, n);
	text[n] = '\0';
	budget_per_input();
	vartab_set(&vars, "kernelopts", "root=/dev/vda1 ro");
	bls_parse(text, n, "a", &vars, &e[0]);
	bls_parse(text, n, "b-1.0", &vars, &e[1]);
	bls_sort(e, 2);
	bls_default(e, 2, text);
	/* Every file the command-line sources name holds the input. */
	cmdsource_from(&profiles.d[0].profile, again, &in, "uuid", out, sizeof(out));
	kernelpair_names(&profiles, distro_match(&profiles, text, n), text, names);
	return 0;
}
