/* SPDX-License-Identifier: MIT */
/* The stub's work, the same for both entries: gather, place, move, hand over. */
#include "stub.h"

/* setup_data nodes (+ indirect payloads), the EFI memory map and the scratch. */
#define MAX_BUSY 34
#define SETUP_INDIRECT (1u << 31)
#define FOUR_GIB (1ull << 32)

struct setup_indirect {
	uint32_t type;
	uint32_t reserved;
	uint64_t len;
	uint64_t addr;
} __attribute__((packed));

static void *ptr(uint64_t addr)
{
	return (void *)(uintptr_t)addr;
}

static void check_params(const struct stub_params *p)
{
	if (p->magic != STUB_MAGIC || p->abi_version != STUB_ABI_VERSION || !p->archive_size ||
	    p->orig_offset < p->archive_offset + p->archive_size)
		stub_die("bad stub parameters");
}

static uint32_t collect_setup_data(struct stub_env *env, const struct boot_params *bp,
				   uint64_t reach, struct place_range *busy, uint32_t n)
{
	for (uint64_t sd = bp->hdr.setup_data; sd;) {
		const struct setup_data *node = ptr(sd);
		uint64_t end;

		if (n + 2 > MAX_BUSY || sd + sizeof(*node) > reach)
			stub_die("setup_data chain unusable");
		stub_map(env, sd, sd + sizeof(*node));
		end = sd + sizeof(*node) + node->len;
		stub_map(env, sd, end);
		busy[n++] = (struct place_range){ sd, end };
		if (node->type == SETUP_INDIRECT && node->len >= sizeof(struct setup_indirect)) {
			const struct setup_indirect *ind = (const void *)node->data;
			busy[n++] = (struct place_range){ ind->addr, ind->addr + ind->len };
		}
		sd = node->next;
	}
	return n;
}

/*
 * OVMF's legacy Linux loader (its fallback when the PE entry is refused)
 * enters at 0x200 after ExitBootServices with efi_info filled in: the kernel
 * then reads the EFI memory map, which lies in what e820 calls usable RAM.
 */
static uint32_t collect_efi_memmap(const struct boot_params *bp, struct place_range *busy,
				   uint32_t n)
{
	const struct efi_info *e = &bp->efi_info;
	/* As the kernel reads it: the high half whatever the signature. */
	uint64_t map = e->efi_memmap | (uint64_t)e->efi_memmap_hi << 32;

	if (e->efi_loader_signature == EFI_LOADER_SIGNATURE_64 ||
	    e->efi_loader_signature == EFI_LOADER_SIGNATURE_32)
		busy[n++] = (struct place_range){ map, map + e->efi_memmap_size };
	return n;
}

uint64_t stub_run(struct stub_env *env, struct boot_params *bp, uintptr_t base, uint64_t reach,
		  struct place_range scratch)
{
	const struct stub_params *p = stub_params_at(base);
	struct place_range busy[MAX_BUSY];
	uint32_t n = 0;
	uint64_t cmd, d, total, padded;
	int sane = !bp->sentinel; /* else the kernel clears the ext_* fields */
	struct place_layout l;

	check_params(p);
	if (!sane && reach > FOUR_GIB)
		reach = FOUR_GIB;
	if (scratch.end > scratch.start)
		busy[n++] = scratch;
	n = collect_efi_memmap(bp, busy, n);
	n = collect_setup_data(env, bp, reach, busy, n);

	cmd = bp->hdr.cmd_line_ptr | (sane ? (uint64_t)bp->ext_cmd_line_ptr << 32 : 0);
	l = (struct place_layout){
		.e820 = bp->e820_table,
		.e820_entries = bp->e820_entries < E820_MAX_ENTRIES_ZEROPAGE ?
					bp->e820_entries : E820_MAX_ENTRIES_ZEROPAGE,
		.image_start = base,
		.image_end = (uint64_t)base + p->orig_offset + p->orig_pm_size,
		.archive_start = (uint64_t)base + p->archive_offset,
		.archive_size = p->archive_size,
		.decomp_start = (uint64_t)base + p->orig_offset,
		.kernel_alignment = bp->hdr.kernel_alignment,
		.init_size = p->orig_init_size,
		.boot_params = (uintptr_t)bp,
		.cmdline = cmd,
		/* The whole buffer, not the string: cheaper, and only more cautious. */
		.cmdline_size = cmd ? (uint64_t)(bp->hdr.cmdline_size ? bp->hdr.cmdline_size : 255) + 1 : 0,
		.busy = busy,
		.busy_count = n,
		.initrd_start = bp->hdr.ramdisk_image |
				(sane ? (uint64_t)bp->ext_ramdisk_image << 32 : 0),
		.initrd_size = bp->hdr.ramdisk_size |
			       (sane ? (uint64_t)bp->ext_ramdisk_size << 32 : 0),
		.initrd_limit = (uint64_t)(bp->hdr.initrd_addr_max ? bp->hdr.initrd_addr_max
								   : 0x37ffffff) + 1,
		.reach = reach,
	};
	if (!l.initrd_size)
		l.initrd_start = 0;

	d = place_archive(&l);
	if (d == PLACE_NONE)
		stub_die("no safe place in RAM for the embedded initramfs, not booting without it");
	total = place_joined_size(&l);
	padded = (l.archive_size + PLACE_PAGE - 1) & ~(PLACE_PAGE - 1);
	stub_map(env, d, d + total);
	if (l.initrd_size) {
		/* Initrd first: a search result never overlaps the archive's source. */
		stub_map(env, l.initrd_start, l.initrd_start + l.initrd_size);
		if (d + padded != l.initrd_start)
			memmove(ptr(d + padded), ptr(l.initrd_start), l.initrd_size);
		memmove(ptr(d), ptr(l.archive_start), l.archive_size);
		/* The kernel skips NUL padding between archives. */
		memset(ptr(d + l.archive_size), 0, padded - l.archive_size);
	} else if (d != l.archive_start) {
		memmove(ptr(d), ptr(l.archive_start), l.archive_size);
	}

	bp->hdr.ramdisk_image = (uint32_t)d;
	bp->hdr.ramdisk_size = (uint32_t)total;
	bp->ext_ramdisk_image = (uint32_t)(d >> 32);
	bp->ext_ramdisk_size = (uint32_t)(total >> 32);
	/* The decompressor sizes its window and KASLR's avoid region from this. */
	bp->hdr.init_size = p->orig_init_size;
	return (uint64_t)base + p->orig_offset;
}
