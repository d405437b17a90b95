/* SPDX-License-Identifier: MIT */
/*
 * kexec_load's plan (zeropage.h) and the memory map it starts from
 * (memmap.h): the e820 table read from a fake /sys/firmware/memmap, the
 * placement rules, and the images it must refuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "init_tree.h"
#include "memmap.h"
#include "zeropage.h"

#define MiB	    (1024ull * 1024)
#define GiB	    (1024 * MiB)
#define IMAGE_SIZE  (64 * 1024)
#define SETUP_SECTS 3

/* A bzImage header as Debian's kernels have it (BOOT-NOTES.md): protocol 2.15, 2 MiB, 16 MiB. */
static uint8_t *image_new(void)
{
	uint8_t *img = calloc(1, IMAGE_SIZE);
	struct setup_header *h = (struct setup_header *)(img + SETUP_HEADER_OFFSET);

	assert_non_null(img);
	h->setup_sects = SETUP_SECTS;
	h->boot_flag = BOOT_FLAG_MAGIC;
	h->jump = 0x6aeb; /* the header reaches 0x202 + 0x6a: to kernel_info_offset's end */
	h->header = HDRS_MAGIC;
	h->version = 0x020f;
	h->loadflags = LOADED_HIGH | CAN_USE_HEAP;
	h->initrd_addr_max = 0x7fffffff;
	h->kernel_alignment = 2 * MiB;
	h->relocatable_kernel = 1;
	h->xloadflags = XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G;
	h->cmdline_size = 2047;
	h->pref_address = 16 * MiB;
	h->init_size = 40 * MiB;
	return img;
}

static struct setup_header *hdr(uint8_t *img)
{
	return (struct setup_header *)(img + SETUP_HEADER_OFFSET);
}

/* QEMU's map for 1 GiB of RAM with SeaBIOS. */
static const struct boot_e820_entry qemu_1g[] = {
	{ 0, 0x9fc00, E820_TYPE_RAM }, { 0x9fc00, 0x400, 2 },
	{ 0xf0000, 0x10000, 2 },       { 0x100000, 0x3fee0000, E820_TYPE_RAM },
	{ 0x3ffe0000, 0x20000, 2 },    { 0xfffc0000, 0x40000, 2 },
};

static struct zp_in input(const uint8_t *img, uint64_t initrd, const struct boot_e820_entry *map,
			  unsigned n)
{
	return (struct zp_in){ img, IMAGE_SIZE, initrd, "console=ttyS0 root=/dev/vda1", map, n };
}

static int overlaps(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return a < b + bsize && b < a + asize;
}

/* DIR/N/{start,end,type}, as sysfs shows one entry. */
static void memmap_entry(const char *dir, int n, const char *start, const char *end,
			 const char *type)
{
	char rel[32];

	snprintf(rel, sizeof(rel), "%d/start", n);
	tree_puts(dir, rel, start);
	snprintf(rel, sizeof(rel), "%d/end", n);
	tree_puts(dir, rel, end);
	snprintf(rel, sizeof(rel), "%d/type", n);
	tree_puts(dir, rel, type);
}

static void test_memmap_read(void **state)
{
	struct boot_e820_entry e[E820_MAX_ENTRIES_ZEROPAGE];
	unsigned n;
	struct err err;
	char dir[64];

	(void)state;
	tree_new(dir);
	/* sysfs numbers them in map order; readdir may give any order */
	memmap_entry(dir, 1, "0x100000\n", "0x3ffdffff\n", "System RAM\n");
	memmap_entry(dir, 0, "0x0\n", "0x9fbff\n", "System RAM\n");
	memmap_entry(dir, 2, "0xfeffc000\n", "0xfeffffff\n", "Reserved\n");
	memmap_entry(dir, 3, "0x3ffe0000\n", "0x3fffffff\n", "Something new\n");
	assert_int_equal(memmap_read(dir, e, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(e[0].addr, 0);
	assert_int_equal(e[0].size, 0x9fc00);
	assert_int_equal(e[0].type, E820_TYPE_RAM);
	assert_int_equal(e[1].addr, 0x100000);
	assert_int_equal(e[1].size, 0x3fee0000);
	assert_int_equal(e[2].type, 2); /* unknown types are kept out of use */
	assert_int_equal(e[3].addr, 0xfeffc000);
	assert_int_equal(e[3].type, 2);

	memmap_entry(dir, 4, "0x5000\n", "0x4fff\n", "System RAM\n"); /* ends before its start */
	assert_int_equal(memmap_read(dir, e, &n, &err), -1);
	assert_non_null(strstr(err.msg, "not a range"));
	assert_int_equal(memmap_read("/nonexistent/memmap", e, &n, &err), -1);
	tree_free(dir);
}

static void test_placement(void **state)
{
	uint8_t *img = image_new();
	struct zp_in in = input(img, 22 * MiB, qemu_1g, 6);
	struct zp_plan *p = malloc(sizeof(*p));
	struct err err;

	(void)state;
	assert_int_equal(zeropage_plan(&in, p, &err), 0);
	/* the kernel at pref_address, init_size reserved, the 64-bit entry 0x200 in */
	assert_int_equal(p->kernel_addr, 16 * MiB);
	assert_int_equal(p->kernel_memsz, 40 * MiB);
	/* kexec copies the file's part only, page-rounded */
	assert_int_equal(p->kernel_loadsz,
			 (IMAGE_SIZE - (SETUP_SECTS + 1) * SECTOR_SIZE + ZP_PAGE - 1) & ~(uint64_t)(ZP_PAGE - 1));
	assert_int_equal(p->kernel_offset, (SETUP_SECTS + 1) * SECTOR_SIZE);
	assert_int_equal(p->entry64, 16 * MiB + 0x200);
	/* the initrd page-aligned at the top of the RAM, the setup segment below 4 GiB */
	assert_int_equal(p->initrd_addr % ZP_PAGE, 0);
	assert_int_equal(p->initrd_addr + 22 * MiB, 0x3ffe0000);
	assert_int_equal(p->initrd_memsz, 22 * MiB);
	assert_int_equal(p->setup_addr % ZP_PAGE, 0);
	assert_true(p->setup_addr >= 0x100000 && p->setup_addr + p->setup_memsz <= 0x3ffe0000);
	assert_false(overlaps(p->setup_addr, p->setup_memsz, p->initrd_addr, 22 * MiB));
	assert_false(overlaps(p->setup_addr, p->setup_memsz, p->kernel_addr, p->kernel_memsz));
	assert_int_equal(p->boot_params_addr, p->setup_addr + ZP_BOOT_PARAMS_OFFSET);
	/* the identity map after the command line: the first 4 GiB, in three tables and four directories */
	assert_int_equal(p->idmap_offset, ZP_CMDLINE_OFFSET + ZP_PAGE);
	assert_int_equal(p->idmap_end, 4 * GiB);
	assert_int_equal(p->setup_memsz, p->idmap_offset + 7 * ZP_PAGE);
	free(p);
	free(img);
}

static void test_zero_page(void **state)
{
	uint8_t *img = image_new();
	struct zp_in in = input(img, 5 * MiB + 3, qemu_1g, 6);
	struct zp_plan *p = malloc(sizeof(*p));
	struct err err;

	(void)state;
	assert_int_equal(zeropage_plan(&in, p, &err), 0);
	assert_int_equal(p->initrd_memsz, 5 * MiB + ZP_PAGE); /* the segment page-rounded */
	assert_int_equal(p->bp.hdr.header, HDRS_MAGIC);
	assert_int_equal(p->bp.hdr.init_size, 40 * MiB);
	assert_int_equal(p->bp.hdr.kernel_alignment, 2 * MiB);
	assert_int_equal(p->bp.hdr.type_of_loader, ZP_LOADER_KEXEC);
	assert_int_equal(p->bp.hdr.cmd_line_ptr, p->setup_addr + ZP_CMDLINE_OFFSET);
	assert_int_equal(p->bp.ext_cmd_line_ptr, 0);
	assert_int_equal(p->bp.hdr.ramdisk_image, p->initrd_addr);
	assert_int_equal(p->bp.hdr.ramdisk_size, 5 * MiB + 3);
	assert_int_equal(p->bp.e820_entries, 6);
	assert_memory_equal(p->bp.e820_table, qemu_1g, sizeof(qemu_1g));
	assert_int_equal(p->bp.sentinel, 0);
	assert_int_equal(p->bp.hdr.setup_data, 0);
	free(p);
	free(img);
}

/* The initrd stays below initrd_addr_max while it fits there, else goes above 4 GiB if allowed. */
static void test_initrd_limits(void **state)
{
	static const struct boot_e820_entry big[] = {
		{ 0, 0x9fc00, E820_TYPE_RAM },
		{ 0x100000, 0xbff00000, E820_TYPE_RAM },
		{ 4 * GiB, 4 * GiB, E820_TYPE_RAM },
	};
	uint8_t *img = image_new();
	struct zp_in in = input(img, 100 * MiB, big, 3);
	struct zp_plan *p = malloc(sizeof(*p));
	struct err err;

	(void)state;
	hdr(img)->initrd_addr_max = 0x37ffffff;
	assert_int_equal(zeropage_plan(&in, p, &err), 0);
	assert_int_equal(p->initrd_addr + 100 * MiB, 0x38000000);
	/* 16 MiB + 40 MiB of kernel leave too little below 0x4000000 */
	hdr(img)->initrd_addr_max = 0x3ffffff;
	assert_int_equal(zeropage_plan(&in, p, &err), 0);
	assert_int_equal(p->initrd_addr + 100 * MiB, 8 * GiB);
	assert_int_equal(p->bp.ext_ramdisk_image, (p->initrd_addr >> 32));
	assert_int_equal(p->idmap_end, 8 * GiB); /* the initrd's end, mapped too */
	hdr(img)->xloadflags = XLF_KERNEL_64;
	assert_int_equal(zeropage_plan(&in, p, &err), -1);
	assert_non_null(strstr(err.msg, "no RAM for an initrd"));
	free(p);
	free(img);
}

/* A hole or reserved range at pref_address moves the kernel up, to the next aligned place. */
static void test_kernel_avoids_reserved(void **state)
{
	static const struct boot_e820_entry holed[] = {
		{ 0x100000, 0x3ff00000, E820_TYPE_RAM },
		{ 17 * MiB, 4096, 2 },
	};
	uint8_t *img = image_new();
	struct zp_in in = input(img, 0, holed, 2);
	struct zp_plan *p = malloc(sizeof(*p));
	struct err err;

	(void)state;
	assert_int_equal(zeropage_plan(&in, p, &err), 0);
	assert_int_equal(p->kernel_addr, 18 * MiB);
	assert_int_equal(p->initrd_addr, 0);
	assert_int_equal(p->initrd_memsz, 0);
	assert_int_equal(p->bp.hdr.ramdisk_image, 0);
	/* no RAM for init_size at all */
	hdr(img)->init_size = 0x40000000;
	assert_int_equal(zeropage_plan(&in, p, &err), -1);
	assert_non_null(strstr(err.msg, "no RAM for the kernel"));
	free(p);
	free(img);
}

/* A kernel above 512 GiB is past what one page-directory-pointer table maps. */
static void test_idmap_limit(void **state)
{
	static const struct boot_e820_entry high[] = {
		{ 0x100000, 0x3ff00000, E820_TYPE_RAM },
		{ 1024 * GiB, 4 * GiB, E820_TYPE_RAM },
		{ 16 * MiB, 64 * MiB, 2 },
		{ 128 * MiB, 4096, 2 },
		{ 256 * MiB, 4096, 2 },
		{ 512 * MiB, 4096, 2 },
		{ 768 * MiB, 4096, 2 },
	};
	uint8_t *img = image_new();
	struct zp_in in = input(img, 0, high, 7);
	struct zp_plan *p = malloc(sizeof(*p));
	struct err err;

	(void)state;
	hdr(img)->init_size = 256 * MiB; /* no room below 4 GiB between the reserved pages */
	assert_int_equal(zeropage_plan(&in, p, &err), -1);
	assert_non_null(strstr(err.msg, "past the purgatory's identity map"));
	free(p);
	free(img);
}

static void no_relocation(struct setup_header *h)
{
	h->relocatable_kernel = 0;
}
static void protocol_2_11(struct setup_header *h)
{
	h->version = 0x020b;
}
static void no_64bit_entry(struct setup_header *h)
{
	h->xloadflags = 0;
}
static void no_magic(struct setup_header *h)
{
	h->header = 0;
}
static void odd_alignment(struct setup_header *h)
{
	h->kernel_alignment = 3 * MiB;
}
static void short_cmdline(struct setup_header *h)
{
	h->cmdline_size = 4;
}
static void setup_past_end(struct setup_header *h)
{
	h->setup_sects = 200;
} /* 64 KiB file */

static void test_refusals(void **state)
{
	static const struct {
		void (*spoil)(struct setup_header *);
		const char *why;
	} cases[] = {
		{ no_relocation, "not a relocatable kernel" },
		{ protocol_2_11, "boot protocol 2.11" },
		{ no_64bit_entry, "no 64-bit entry" },
		{ no_magic, "not a bzImage" },
		{ odd_alignment, "kernel_alignment" },
		{ short_cmdline, "command line" },
		{ setup_past_end, "setup_sects" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *img = image_new();
		struct zp_in in = input(img, 0, qemu_1g, 6);
		struct zp_plan *p = malloc(sizeof(*p));
		struct err err;

		cases[i].spoil(hdr(img));
		assert_int_equal(zeropage_plan(&in, p, &err), -1);
		assert_non_null(strstr(err.msg, cases[i].why));
		free(p);
		free(img);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memmap_read),
		cmocka_unit_test(test_placement),
		cmocka_unit_test(test_zero_page),
		cmocka_unit_test(test_initrd_limits),
		cmocka_unit_test(test_kernel_avoids_reserved),
		cmocka_unit_test(test_idmap_limit),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
