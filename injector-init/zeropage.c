/* SPDX-License-Identifier: MIT */
#include "zeropage.h"

#include <stdbool.h>
#include <string.h>

#include "idmap.h"

#define ZP_NONE	      UINT64_MAX
#define ZP_LOW_MEM    0x100000ull  /* the first MiB: BIOS data, trampolines */
#define ZP_MIN_INITRD 0x1000000ull /* kexec_file_load's MIN_INITRD_LOAD_ADDR */
#define ZP_4G	      0x100000000ull
#define ZP_MAX_ALIGN  0x40000000ull /* a kernel_alignment above 1 GiB is a broken header */
#define ZP_BUSY_MAX   (E820_MAX_ENTRIES_ZEROPAGE + 3)

struct zp_range {
	uint64_t start, end; /* [start, end) */
};

/* What a segment must not touch: the map's non-RAM entries, the segments placed so far. */
struct zp_busy {
	struct zp_range r[ZP_BUSY_MAX];
	unsigned n;
};

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return x > UINT64_MAX - (a - 1) ? ZP_NONE : (x + a - 1) & ~(a - 1);
}

static uint64_t align_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

static uint64_t entry_end(const struct boot_e820_entry *e)
{
	return e->size > UINT64_MAX - e->addr ? UINT64_MAX : e->addr + e->size;
}

static const struct zp_range *overlap(const struct zp_busy *b, uint64_t start, uint64_t end)
{
	for (unsigned i = 0; i < b->n; i++)
		if (b->r[i].start < end && start < b->r[i].end)
			return &b->r[i];
	return NULL;
}

static void busy_add(struct zp_busy *b, uint64_t start, uint64_t size)
{
	b->r[b->n++] = (struct zp_range){ start, start + size };
}

/* The lowest ALIGN-aligned start in [s, e) for SIZE bytes clear of BUSY. */
static uint64_t fit_up(const struct zp_busy *busy, uint64_t s, uint64_t e, uint64_t size,
		       uint64_t align)
{
	for (uint64_t a = align_up(s, align); a != ZP_NONE && a < e && size <= e - a;) {
		const struct zp_range *b = overlap(busy, a, a + size);

		if (!b)
			return a;
		a = align_up(b->end, align); /* past it: each turn moves up */
	}
	return ZP_NONE;
}

/* The highest such start. */
static uint64_t fit_down(const struct zp_busy *busy, uint64_t s, uint64_t e, uint64_t size,
			 uint64_t align)
{
	if (e - s < size)
		return ZP_NONE;
	for (uint64_t a = align_down(e - size, align); a >= s;) {
		const struct zp_range *b = overlap(busy, a, a + size);

		if (!b)
			return a;
		if (b->start - s < size)
			return ZP_NONE;
		a = align_down(b->start - size, align); /* below it: each turn moves down */
	}
	return ZP_NONE;
}

/* The lowest (or with TOP the highest) place in [lo, hi) inside one RAM entry. */
static uint64_t fit(const struct zp_in *in, const struct zp_busy *busy, uint64_t size,
		    uint64_t align, uint64_t lo, uint64_t hi, bool top)
{
	uint64_t best = ZP_NONE;

	for (unsigned i = 0; i < in->e820_entries; i++) {
		const struct boot_e820_entry *e = &in->e820[i];
		uint64_t s = e->addr > lo ? e->addr : lo,
			 end = entry_end(e) < hi ? entry_end(e) : hi;
		uint64_t a;

		if (e->type != E820_TYPE_RAM || s >= end)
			continue;
		a = top ? fit_down(busy, s, end, size, align) : fit_up(busy, s, end, size, align);
		if (a != ZP_NONE && (best == ZP_NONE || (top ? a > best : a < best)))
			best = a;
	}
	return best;
}

/* A bzImage whose 64-bit entry this plan can use. */
static int check_image(const struct zp_in *in, const struct setup_header *h, struct err *err)
{
	if (in->image_size < 2 * SECTOR_SIZE || h->boot_flag != BOOT_FLAG_MAGIC ||
	    h->header != HDRS_MAGIC)
		return err_set(err, "not a bzImage");
	if (h->version < ZP_MIN_PROTOCOL)
		return err_set(err, "boot protocol %u.%02u: kexec_load needs 2.12", h->version >> 8,
			       h->version & 0xff);
	if (!(h->loadflags & LOADED_HIGH) || !(h->xloadflags & XLF_KERNEL_64))
		return err_set(err, "no 64-bit entry (xloadflags %#x)", h->xloadflags);
	if (!h->relocatable_kernel)
		return err_set(err, "not a relocatable kernel");
	if (h->kernel_alignment < ZP_PAGE || h->kernel_alignment > ZP_MAX_ALIGN ||
	    (h->kernel_alignment & (h->kernel_alignment - 1)))
		return err_set(err,
			       "kernel_alignment %#x is not a power of two from 4 KiB to 1 GiB",
			       h->kernel_alignment);
	if (!h->init_size)
		return err_set(err, "init_size is 0");
	if (strlen(in->cmdline) > h->cmdline_size)
		return err_set(err, "command line of %zu bytes, the kernel takes %u",
			       strlen(in->cmdline), h->cmdline_size);
	return 0;
}

static int place_kernel(const struct zp_in *in, const struct setup_header *h, struct zp_busy *busy,
			struct zp_plan *p, struct err *err)
{
	unsigned sects = h->setup_sects ? h->setup_sects : DEFAULT_SETUP_SECTS;
	uint64_t lo = h->pref_address > ZP_LOW_MEM ? h->pref_address : ZP_LOW_MEM;
	uint64_t hi = h->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G ? UINT64_MAX : ZP_4G;

	p->kernel_offset = (size_t)(sects + 1) * SECTOR_SIZE;
	if (p->kernel_offset >= in->image_size)
		return err_set(err, "setup_sects %u: the setup reaches past the file's end", sects);
	p->kernel_memsz = in->image_size - p->kernel_offset > h->init_size
			      ? in->image_size - p->kernel_offset
			      : h->init_size;
	p->kernel_memsz = align_up(p->kernel_memsz, ZP_PAGE);
	p->kernel_loadsz = align_up(in->image_size - p->kernel_offset, ZP_PAGE);
	p->kernel_addr = fit(in, busy, p->kernel_memsz, h->kernel_alignment, lo, hi, false);
	if (p->kernel_addr == ZP_NONE)
		return err_set(err, "no RAM for the kernel's %#llx bytes",
			       (unsigned long long)p->kernel_memsz);
	busy_add(busy, p->kernel_addr, p->kernel_memsz);
	p->entry64 = p->kernel_addr + KERNEL_64BIT_ENTRY;
	return 0;
}

/* High, as QEMU and GRUB place it: below initrd_addr_max, above it only if allowed. */
static int place_initrd(const struct zp_in *in, const struct setup_header *h, struct zp_busy *busy,
			struct zp_plan *p, struct err *err)
{
	uint64_t size = align_up(in->initrd_size, ZP_PAGE);

	p->initrd_addr = 0;
	p->initrd_memsz = 0;
	if (!in->initrd_size)
		return 0;
	p->initrd_addr =
	    fit(in, busy, size, ZP_PAGE, ZP_MIN_INITRD, (uint64_t)h->initrd_addr_max + 1, true);
	if (p->initrd_addr == ZP_NONE && (h->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G))
		p->initrd_addr = fit(in, busy, size, ZP_PAGE, ZP_MIN_INITRD, UINT64_MAX, true);
	if (p->initrd_addr == ZP_NONE)
		return err_set(err, "no RAM for an initrd of %llu bytes",
			       (unsigned long long)in->initrd_size);
	p->initrd_memsz = size;
	busy_add(busy, p->initrd_addr, size);
	return 0;
}

/* At least the first 4 GiB (the setup segment goes there), and the other segments. */
static int size_idmap(struct zp_plan *p, struct err *err)
{
	uint64_t end = p->kernel_addr + p->kernel_memsz;
	uint64_t initrd_end = p->initrd_addr + p->initrd_memsz;

	if (initrd_end > end)
		end = initrd_end;
	p->idmap_end = end > ZP_4G ? align_up(end, IDMAP_GIB) : ZP_4G;
	if (p->idmap_end > IDMAP_MAX_END)
		return err_set(err, "a segment ends at %#llx, past the purgatory's identity map",
			       (unsigned long long)end);
	return 0;
}

/* Below 4 GiB: cmd_line_ptr and the purgatory's GDT base are then plain 32-bit values. */
static int place_setup(const struct zp_in *in, struct zp_busy *busy, struct zp_plan *p,
		       struct err *err)
{
	if (size_idmap(p, err) < 0)
		return -1;
	p->idmap_offset = align_up(ZP_CMDLINE_OFFSET + strlen(in->cmdline) + 1, ZP_PAGE);
	p->setup_memsz = p->idmap_offset + idmap_size(p->idmap_end);
	p->setup_addr = fit(in, busy, p->setup_memsz, ZP_PAGE, ZP_LOW_MEM, ZP_4G, true);
	if (p->setup_addr == ZP_NONE)
		return err_set(err, "no RAM below 4 GiB for the zero page");
	busy_add(busy, p->setup_addr, p->setup_memsz);
	p->boot_params_addr = p->setup_addr + ZP_BOOT_PARAMS_OFFSET;
	return 0;
}

/*
 * The image's setup header, as far as its jump says it reaches (and our
 * model of it), then what a loader fills in. loadflags 0 and the rest
 * zero, as kexec_file_load leaves them.
 */
static void fill_zero_page(const struct zp_in *in, const struct setup_header *h, struct zp_plan *p)
{
	struct boot_params *bp = &p->bp;
	size_t n = offsetof(struct setup_header, header) + (h->jump >> 8);
	uint64_t cmdline = p->setup_addr + ZP_CMDLINE_OFFSET;

	memset(bp, 0, sizeof(*bp));
	memcpy(&bp->hdr, h, n < sizeof(*h) ? n : sizeof(*h));
	memcpy(bp->e820_table, in->e820, in->e820_entries * sizeof(*in->e820));
	bp->e820_entries = (uint8_t)in->e820_entries;
	bp->hdr.type_of_loader = ZP_LOADER_KEXEC;
	bp->hdr.loadflags = 0;
	bp->hdr.setup_data = 0;
	bp->hdr.cmd_line_ptr = (uint32_t)cmdline;
	bp->ext_cmd_line_ptr = (uint32_t)(cmdline >> 32);
	bp->hdr.ramdisk_image = (uint32_t)p->initrd_addr;
	bp->ext_ramdisk_image = (uint32_t)(p->initrd_addr >> 32);
	bp->hdr.ramdisk_size = (uint32_t)in->initrd_size;
	bp->ext_ramdisk_size = (uint32_t)(in->initrd_size >> 32);
}

int zeropage_plan(const struct zp_in *in, struct zp_plan *p, struct err *err)
{
	const struct setup_header *h =
	    (const struct setup_header *)(in->image + SETUP_HEADER_OFFSET);
	struct zp_busy busy = { .n = 0 };

	if (check_image(in, h, err) < 0)
		return -1;
	if (in->e820_entries > E820_MAX_ENTRIES_ZEROPAGE)
		return err_set(err, "%u memory map entries, the zero page holds %d",
			       in->e820_entries, E820_MAX_ENTRIES_ZEROPAGE);
	for (unsigned i = 0; i < in->e820_entries; i++)
		if (in->e820[i].type != E820_TYPE_RAM)
			busy_add(&busy, in->e820[i].addr,
				 entry_end(&in->e820[i]) - in->e820[i].addr);
	if (place_kernel(in, h, &busy, p, err) < 0 || place_initrd(in, h, &busy, p, err) < 0 ||
	    place_setup(in, &busy, p, err) < 0)
		return -1;
	fill_zero_page(in, h, p);
	return 0;
}
