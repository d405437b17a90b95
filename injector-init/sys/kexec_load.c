/* SPDX-License-Identifier: MIT */
#include "kexec_load.h"

#include <errno.h>
#include <stddef.h>
#include <linux/kexec.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "idmap.h"
#include "memmap.h"
#include "purgatory.h"
#include "zeropage.h"

#define EFI_DIR "/sys/firmware/efi"

int kexec_load_allowed(void)
{
	return access(EFI_DIR, F_OK) < 0 && errno == ENOENT;
}

static void purgatory_fill(uint8_t *seg, const uint8_t *slot, uint64_t value)
{
	memcpy(seg + (slot - purgatory_start), &value, sizeof(value));
}

/* [purgatory, its slots filled | zero page | command line | identity map]. */
static uint8_t *setup_segment(const struct zp_plan *p, const char *cmdline)
{
	uint64_t idmap = p->setup_addr + p->idmap_offset;
	uint8_t *seg = calloc(1, p->setup_memsz);

	if (!seg)
		return NULL;
	memcpy(seg, purgatory_start, (size_t)(purgatory_end - purgatory_start));
	purgatory_fill(seg, purgatory_boot_params, p->boot_params_addr);
	purgatory_fill(seg, purgatory_entry64, p->entry64);
	purgatory_fill(seg, purgatory_pml4, idmap + offsetof(struct idmap, pml4));
	purgatory_fill(seg, purgatory_pml5, idmap + offsetof(struct idmap, pml5));
	idmap_build((struct idmap *)(seg + p->idmap_offset), idmap, p->idmap_end);
	memcpy(seg + ZP_BOOT_PARAMS_OFFSET, &p->bp, sizeof(p->bp));
	memcpy(seg + ZP_CMDLINE_OFFSET, cmdline, strlen(cmdline) + 1);
	return seg;
}

int kexec_load_bzimage(const uint8_t *kernel, size_t ksize, const void *initrd, size_t isize,
		       const char *cmdline, struct err *err)
{
	struct boot_e820_entry e820[E820_MAX_ENTRIES_ZEROPAGE];
	struct zp_in in = { kernel, ksize, isize, cmdline, e820, 0 };
	struct kexec_segment seg[3];
	struct zp_plan *p = malloc(sizeof(*p));
	unsigned long n = 0;
	uint8_t *setup = NULL;
	int r = -1;

	if (!p)
		return err_sys(err, "zero page");
	if (memmap_read(MEMMAP_DIR, e820, &in.e820_entries, err) < 0 ||
	    zeropage_plan(&in, p, err) < 0)
		goto out;
	setup = setup_segment(p, cmdline);
	if (!setup) {
		err_sys(err, "setup segment");
		goto out;
	}
	seg[n++] = (struct kexec_segment){ kernel + p->kernel_offset, ksize - p->kernel_offset,
					   (void *)p->kernel_addr, p->kernel_loadsz };
	if (isize)
		seg[n++] = (struct kexec_segment){ initrd, isize, (void *)p->initrd_addr,
						   p->initrd_memsz };
	seg[n++] =
	    (struct kexec_segment){ setup, p->setup_memsz, (void *)p->setup_addr, p->setup_memsz };
	r = syscall(SYS_kexec_load, p->setup_addr, n, seg, (unsigned long)KEXEC_ARCH_DEFAULT);
	if (r < 0)
		err_sys(err, "kexec_load");
out:
	free(setup);
	free(p);
	return r < 0 ? -1 : 0;
}
