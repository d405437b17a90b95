/* SPDX-License-Identifier: MIT */
/*
 * place_archive() on synthetic boot layouts. The base layout is what QEMU
 * -kernel gives a Debian 6.1 cloud kernel: image at 1 MiB, initrd page-aligned
 * at the top of RAM below 4 GiB (minus 128 KiB of ACPI tables).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "stub/place.h"

#define KiB 1024ull
#define MiB (1024ull * KiB)
#define GiB (1024ull * MiB)
#define RESERVED 2

#define STUB_SIZE (16 * KiB)
#define ORIG_PM_SIZE (14 * MiB)
#define INIT_SIZE 0x3378000ull /* Debian 6.1 cloud */

struct fixture {
	struct boot_e820_entry e820[8];
	struct place_range busy[4];
	struct place_layout l;
};

static uint64_t page_up(uint64_t v)
{
	return (v + 4095) & ~4095ull;
}

static void add_e820(struct fixture *f, uint64_t addr, uint64_t size, uint32_t type)
{
	f->e820[f->l.e820_entries++] = (struct boot_e820_entry){ addr, size, type };
}

/* QEMU's map for -m ram (below 4 GiB), image loaded at load. */
static void qemu_layout(struct fixture *f, uint64_t ram, uint64_t load, uint64_t archive_size)
{
	*f = (struct fixture){ 0 };
	f->l.e820 = f->e820;
	add_e820(f, 0, 0x9fc00, E820_TYPE_RAM);
	add_e820(f, 0x9fc00, 0x400, RESERVED);
	add_e820(f, 0xf0000, 0x10000, RESERVED);
	add_e820(f, 1 * MiB, ram - 128 * KiB - 1 * MiB, E820_TYPE_RAM);
	add_e820(f, ram - 128 * KiB, 128 * KiB, RESERVED);
	add_e820(f, 4 * GiB - 256 * KiB, 256 * KiB, RESERVED);
	f->l.image_start = load;
	f->l.archive_start = load + STUB_SIZE;
	f->l.archive_size = archive_size;
	f->l.decomp_start = f->l.archive_start + ((archive_size + 15) & ~15ull);
	f->l.image_end = f->l.decomp_start + ORIG_PM_SIZE;
	f->l.kernel_alignment = 2 * MiB;
	f->l.init_size = INIT_SIZE;
	f->l.boot_params = 0x13000;
	f->l.cmdline = 0x20000;
	f->l.cmdline_size = 40;
	f->l.busy = f->busy;
	f->l.initrd_limit = 0x80000000ull;
	f->l.reach = 4 * GiB;
}

/* QEMU: initrd page-aligned at the top of RAM below 4 GiB, under the ACPI tables. */
static void qemu_initrd(struct fixture *f, uint64_t ram, uint64_t size)
{
	f->l.initrd_start = (ram - 128 * KiB - size) & ~4095ull;
	f->l.initrd_size = size;
}

static void no_initrd_small_archive_stays(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 96 * MiB, 1 * MiB, 4 * KiB);
	assert_int_equal(place_archive(&f.l), 0x104000);
	assert_int_equal(place_joined_size(&f.l), 4 * KiB);
	/* Not a page multiple: the original part starts in its last page. */
	qemu_layout(&f, 96 * MiB, 1 * MiB, 3000);
	assert_int_equal(place_archive(&f.l), 0x104000);
}

/* 48 MiB at 1 MiB reaches into the 16 MiB output window: moved to the top. */
static void no_initrd_big_archive_moves_to_top(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 256 * MiB, 1 * MiB, 0x2fff200);
	assert_int_equal(place_archive(&f.l), 0xcfe0000);
}

static void qemu_initrd_archive_right_below(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 96 * MiB, 1 * MiB, 4 * KiB);
	qemu_initrd(&f, 96 * MiB, 512);
	assert_int_equal(f.l.initrd_start, 0x5fdf000);
	assert_int_equal(place_archive(&f.l), 0x5fde000);
	assert_int_equal(place_joined_size(&f.l), 4 * KiB + 512);
}

static void qemu_initrd_big_archive_right_below(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 256 * MiB, 1 * MiB, 0x2fff200);
	qemu_initrd(&f, 256 * MiB, 512);
	assert_int_equal(place_archive(&f.l), 0xffdf000 - 0x3000000);
	assert_int_equal(place_joined_size(&f.l), 0x3000000 + 512);
}

static void huge_archive_refused(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 256 * MiB, 1 * MiB, 200 * MiB);
	assert_true(place_archive(&f.l) == PLACE_NONE);
	qemu_initrd(&f, 256 * MiB, 512);
	assert_true(place_archive(&f.l) == PLACE_NONE);
}

static void small_ram_refused(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 64 * MiB, 1 * MiB, 48 * MiB);
	assert_true(place_archive(&f.l) == PLACE_NONE);
}

/* An initrd off a page boundary cannot have the archive glued below it. */
static void unaligned_initrd_moves_both(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 256 * MiB, 1 * MiB, 4 * KiB);
	f.l.initrd_start = 0x7000123;
	f.l.initrd_size = 0x10000;
	assert_int_equal(place_archive(&f.l), 0xffe0000 - 0x11000);
}

/* Right below the initrd is the loaded image: search instead. */
static void initrd_right_after_image(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 256 * MiB, 1 * MiB, 4 * KiB);
	f.l.initrd_start = page_up(f.l.image_end);
	f.l.initrd_size = 1 * MiB;
	assert_int_equal(place_archive(&f.l), 0xffe0000 - 0x101000);
}

/* An initrd in the first MiB (odd, but legal): archive cannot go below it. */
static void initrd_in_low_memory(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 256 * MiB, 1 * MiB, 4 * KiB);
	f.l.initrd_start = 0x80000;
	f.l.initrd_size = 0x8000;
	assert_int_equal(place_archive(&f.l), 0xffe0000 - 0x9000);
}

static void reserved_below_initrd(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 256 * MiB, 1 * MiB, 4 * KiB);
	qemu_initrd(&f, 256 * MiB, 512);
	add_e820(&f, 0xffd0000, 0xf000, RESERVED);
	/* Not below the initrd, not over its source, not in the reserved range. */
	assert_int_equal(place_archive(&f.l), 0xffce000);
}

static void e820_hole_is_skipped(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 256 * MiB, 1 * MiB, 20 * MiB);
	f.l.init_size = 16 * MiB;
	f.l.e820_entries = 3;
	add_e820(&f, 1 * MiB, 0x6000000 - 1 * MiB, E820_TYPE_RAM);
	add_e820(&f, 0x6100000, 0x700000, E820_TYPE_RAM);
	assert_int_equal(place_archive(&f.l), 0x6000000 - 20 * MiB);
}

/* Adjacent RAM entries are one range. */
static void adjacent_ram_entries_join(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 256 * MiB, 1 * MiB, 20 * MiB);
	f.l.init_size = 16 * MiB;
	f.l.e820_entries = 3;
	add_e820(&f, 1 * MiB, 0x6000000 - 1 * MiB, E820_TYPE_RAM);
	add_e820(&f, 0x6000000, 0x800000, E820_TYPE_RAM);
	assert_int_equal(place_archive(&f.l), 0x6800000 - 20 * MiB);
}

static void setup_data_chain_avoided(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 256 * MiB, 1 * MiB, 4 * KiB);
	qemu_initrd(&f, 256 * MiB, 512);
	f.busy[0] = (struct place_range){ 0xffde100, 0xffde130 }; /* an RNG seed */
	f.busy[1] = (struct place_range){ 0x5000000, 0x5000100 };
	f.l.busy_count = 2;
	assert_int_equal(place_archive(&f.l), 0xffdc000);
}

/* QEMU 7.1/7.2.0: RNG-seed setup_data right after the image; no initrd. */
static void setup_data_after_image_in_place(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 96 * MiB, 1 * MiB, 4 * KiB);
	f.busy[0] = (struct place_range){ f.l.image_end, f.l.image_end + 48 };
	f.l.busy_count = 1;
	assert_int_equal(place_archive(&f.l), 0x104000);
}

static void cmdline_and_boot_params_avoided(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 256 * MiB, 1 * MiB, 8 * KiB);
	qemu_initrd(&f, 256 * MiB, 512);
	f.l.cmdline = 0xffde800;
	f.l.boot_params = 0xffdc000;
	/* Below the initrd: cmdline. Search: initrd source, cmdline, boot_params. */
	assert_int_equal(place_archive(&f.l), 0xffd9000);
}

/* Unaligned load: the archive does not start on a page, so it moves. */
static void unaligned_image_moves(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 96 * MiB, 1 * MiB + 0x200, 4 * KiB);
	assert_int_equal(place_archive(&f.l), 0x5fe0000 - 0x1000);
}

/* kexec-like: image at 16 MiB, initrd above 4 GiB; the 64-bit stub reaches it. */
static void initrd_above_4g_64bit(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 3 * GiB, 16 * MiB, 4 * KiB);
	add_e820(&f, 4 * GiB, 2 * GiB, E820_TYPE_RAM);
	f.l.reach = UINT64_MAX;
	f.l.initrd_start = 0x17fff0000ull;
	f.l.initrd_size = 0x10000;
	assert_int_equal(place_archive(&f.l), 0x17ffef000ull);
}

/* The 32-bit stub cannot read an initrd above 4 GiB: refuse, never boot without. */
static void initrd_above_4g_32bit_refused(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 3 * GiB, 16 * MiB, 4 * KiB);
	add_e820(&f, 4 * GiB, 2 * GiB, E820_TYPE_RAM);
	f.l.initrd_start = 0x17fff0000ull;
	f.l.initrd_size = 0x10000;
	add_e820(&f, 0x17ffe0000ull, 0x10000, RESERVED);
	assert_true(place_archive(&f.l) == PLACE_NONE);
}

/* Moves stay below initrd_addr_max while RAM there allows. */
static void initrd_limit_preferred(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 3 * GiB, 16 * MiB, 4 * KiB);
	f.l.initrd_start = 0x90000000ull;
	f.l.initrd_size = 0x10000;
	add_e820(&f, 0x8ffff000ull, 0x1000, RESERVED);
	assert_int_equal(place_archive(&f.l), 0x80000000ull - 0x11000);
}

/* No RAM below the limit is free: go above it (ext_ramdisk_* fields). */
static void above_limit_when_needed(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 3 * GiB, 16 * MiB, 4 * KiB);
	f.l.reach = UINT64_MAX;
	f.l.initrd_limit = 1 * MiB + 4 * KiB; /* below it only the first MiB */
	f.l.initrd_start = 0x20000123; /* unaligned: the archive cannot go below */
	f.l.initrd_size = 0x1000;
	assert_int_equal(place_archive(&f.l), 0xbffe0000ull - 0x2000);
}

/* A tiny machine: the first MiB is never used, even if RAM. */
static void only_low_memory_refused(void **state)
{
	struct fixture f;

	(void)state;
	qemu_layout(&f, 96 * MiB, 1 * MiB, 4 * KiB);
	f.l.e820_entries = 1; /* only [0, 0x9fc00) */
	f.l.archive_start = 0x1000; /* as if loaded low: not even in place */
	f.l.image_start = 0;
	assert_true(place_archive(&f.l) == PLACE_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_initrd_small_archive_stays),
		cmocka_unit_test(no_initrd_big_archive_moves_to_top),
		cmocka_unit_test(qemu_initrd_archive_right_below),
		cmocka_unit_test(qemu_initrd_big_archive_right_below),
		cmocka_unit_test(huge_archive_refused),
		cmocka_unit_test(small_ram_refused),
		cmocka_unit_test(unaligned_initrd_moves_both),
		cmocka_unit_test(initrd_right_after_image),
		cmocka_unit_test(initrd_in_low_memory),
		cmocka_unit_test(reserved_below_initrd),
		cmocka_unit_test(e820_hole_is_skipped),
		cmocka_unit_test(adjacent_ram_entries_join),
		cmocka_unit_test(setup_data_chain_avoided),
		cmocka_unit_test(setup_data_after_image_in_place),
		cmocka_unit_test(cmdline_and_boot_params_avoided),
		cmocka_unit_test(unaligned_image_moves),
		cmocka_unit_test(initrd_above_4g_64bit),
		cmocka_unit_test(initrd_above_4g_32bit_refused),
		cmocka_unit_test(initrd_limit_preferred),
		cmocka_unit_test(above_limit_when_needed),
		cmocka_unit_test(only_low_memory_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
