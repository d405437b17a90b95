/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: kexec_load's plan (zeropage.h) for a guest's bzImage, which the
 * guest's root user writes. The whole input is the image; its last 9 bytes
 * also pick the initrd's size and one of three memory maps, so the seeds
 * stay bzImages. A plan must keep the promises the purgatory and the kernel
 * rely on: every segment in one RAM entry, none overlapping, the setup
 * segment below 4 GiB and holding the identity map, which covers them all.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "zeropage.h"

#define GiB	(1ull << 30)
#define CMDLINE "console=ttyS0 root=UUID=3b0c4a52-6f1e-4c1a-9d3e-0e4a5b6c7d01 ro"
#define PARAMS	9

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct boot_e820_entry qemu_1g[] = {
	{ 0, 0x9fc00, E820_TYPE_RAM }, { 0x9fc00, 0x400, 2 },
	{ 0xf0000, 0x10000, 2 },       { 0x100000, 0x3fee0000, E820_TYPE_RAM },
	{ 0x3ffe0000, 0x20000, 2 },    { 0xfffc0000, 0x40000, 2 },
};
static const struct boot_e820_entry qemu_8g[] = {
	{ 0, 0x9fc00, E820_TYPE_RAM },
	{ 0x100000, 0xbfee0000, E820_TYPE_RAM },
	{ 0xfeffc000, 0x4000, 2 },
	{ 4 * GiB, 5 * GiB, E820_TYPE_RAM },
};
static const struct boot_e820_entry fragmented[] = {
	{ 0x100000, 0x1000000, E820_TYPE_RAM },	 { 0x1100000, 0x1000, 2 },
	{ 0x1101000, 0x6eff000, E820_TYPE_RAM }, { 0x8000000, 0x100000, 4 },
	{ 0x8100000, 0x7f00000, E820_TYPE_RAM },
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
static const struct {
	const struct boot_e820_entry *e;
	unsigned n;
} maps[] = {
	{ qemu_1g, COUNT(qemu_1g) },
	{ qemu_8g, COUNT(qemu_8g) },
	{ fragmented, COUNT(fragmented) },
};

static uint64_t end_of(uint64_t addr, uint64_t size)
{
	return addr + size;
}

/* [addr, addr + size) inside one RAM entry of MAP. */
static int in_ram(const struct boot_e820_entry *e, unsigned n, uint64_t addr, uint64_t size)
{
	for (unsigned i = 0; i < n; i++)
		if (e[i].type == E820_TYPE_RAM && addr >= e[i].addr &&
		    end_of(addr, size) <= end_of(e[i].addr, e[i].size))
			return 1;
	return 0;
}

static int apart(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return end_of(a, asize) <= b || end_of(b, bsize) <= a;
}

static void check_plan(const struct zp_in *in, const struct zp_plan *p)
{
	uint64_t isize = (in->initrd_size + ZP_PAGE - 1) & ~(ZP_PAGE - 1);

	if (p->kernel_loadsz > p->kernel_memsz || p->kernel_offset >= in->image_size ||
	    !in_ram(in->e820, in->e820_entries, p->kernel_addr, p->kernel_memsz) ||
	    !in_ram(in->e820, in->e820_entries, p->setup_addr, p->setup_memsz) ||
	    end_of(p->setup_addr, p->setup_memsz) > 4 * GiB ||
	    !apart(p->kernel_addr, p->kernel_memsz, p->setup_addr, p->setup_memsz))
		abort();
	if (p->initrd_memsz != isize)
		abort();
	if (isize && (!in_ram(in->e820, in->e820_entries, p->initrd_addr, isize) ||
		      !apart(p->initrd_addr, isize, p->kernel_addr, p->kernel_memsz) ||
		      !apart(p->initrd_addr, isize, p->setup_addr, p->setup_memsz) ||
		      end_of(p->initrd_addr, isize) > p->idmap_end))
		abort();
	if (p->idmap_end % GiB || p->idmap_end < 4 * GiB || p->idmap_end > IDMAP_MAX_END ||
	    end_of(p->kernel_addr, p->kernel_memsz) > p->idmap_end || p->idmap_offset % ZP_PAGE ||
	    p->idmap_offset < ZP_CMDLINE_OFFSET + sizeof(CMDLINE) ||
	    p->setup_memsz != p->idmap_offset + idmap_size(p->idmap_end))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zp_in in = { data, size, 0, CMDLINE, maps[0].e, maps[0].n };
	struct zp_plan *p = malloc(sizeof(*p));
	struct err err;

	if (size >= PARAMS) {
		memcpy(&in.initrd_size, data + size - PARAMS, sizeof(in.initrd_size));
		in.initrd_size &= (8 * GiB) - 1;
		in.e820 = maps[data[size - 1] % COUNT(maps)].e;
		in.e820_entries = maps[data[size - 1] % COUNT(maps)].n;
	}
	if (p && zeropage_plan(&in, p, &err) == 0) {
		uint8_t *seg = calloc(1, p->setup_memsz);

		check_plan(&in, p);
		if (seg)
			idmap_build((struct idmap *)(seg + p->idmap_offset),
				    p->setup_addr + p->idmap_offset, p->idmap_end);
		free(seg);
	}
	free(p);
	return 0;
}
