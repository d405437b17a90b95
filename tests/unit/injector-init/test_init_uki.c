/* SPDX-License-Identifier: MIT */
/*
 * Unified kernel images: the section table read from a PE file built here
 * with the format's structs (common/pe_format.h), the parts found, and
 * files that are no UKI, truncated or forged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "bootcfg/uki.h"

#define LFANEW	  0x40
#define FILE_SIZE 0x3000

static uint8_t img[FILE_SIZE];

/* A PE file with N sections NAMES, section I at 0x1000 + I * 0x400, 0x100 bytes (raw 0x200). */
static size_t build(const char *const *names, unsigned n)
{
	uint16_t mz = MZ_MAGIC;
	uint32_t lfanew = LFANEW;
	struct coff_header coff = { .signature = PE_MAGIC,
				    .machine = PE_MACHINE_X86_64,
				    .nsections = n };

	memset(img, 0, sizeof(img));
	memcpy(img, &mz, sizeof(mz));
	memcpy(img + PE_OFFSET_FIELD, &lfanew, sizeof(lfanew));
	memcpy(img + LFANEW, &coff, sizeof(coff));
	for (unsigned i = 0; i < n; i++) {
		struct pe_section s = { .virtual_size = 0x100,
					.raw_size = 0x200,
					.raw_offset = 0x1000 + i * 0x400 };

		memcpy(s.name, names[i], strnlen(names[i], sizeof(s.name)));
		memcpy(img + LFANEW + sizeof(coff) + i * sizeof(s), &s, sizeof(s));
	}
	return LFANEW + sizeof(coff) + n * sizeof(struct pe_section);
}

static void finds_the_parts(void **state)
{
	static const char *const names[] = { ".text", ".osrel", ".cmdline", ".initrd", ".linux" };
	struct uki u;
	struct err err;

	(void)state;
	build(names, 5);
	assert_int_equal(uki_parse(img, sizeof(img), FILE_SIZE, &u, &err), 0);
	assert_int_equal(u.part[UKI_LINUX].offset, 0x2000);
	assert_int_equal(u.part[UKI_LINUX].size, 0x100);
	assert_int_equal(u.part[UKI_INITRD].offset, 0x1c00);
	assert_int_equal(u.part[UKI_CMDLINE].offset, 0x1800);
	assert_int_equal(u.part[UKI_OSREL].offset, 0x1400);
}

static void optional_parts(void **state)
{
	static const char *const names[] = { ".linux" };
	struct uki u;
	struct err err;

	(void)state;
	build(names, 1);
	assert_int_equal(uki_parse(img, sizeof(img), FILE_SIZE, &u, &err), 0);
	assert_int_equal(u.part[UKI_INITRD].size, 0);
	assert_int_equal(u.part[UKI_CMDLINE].size, 0);
}

static void refuses(void **state)
{
	static const char *const plain[] = { ".text", ".data" };
	static const char *const one[] = { ".linux" };
	size_t end;
	struct uki u;
	struct err err;

	(void)state;
	build(plain, 2);
	assert_int_equal(uki_parse(img, sizeof(img), FILE_SIZE, &u, &err), -1);
	assert_string_equal(err.msg, "no .linux section: not a UKI");
	/* The section lies past the end of a shorter file. */
	build(one, 1);
	assert_int_equal(uki_parse(img, sizeof(img), 0x1080, &u, &err), -1);
	assert_string_equal(err.msg, "section .linux: past the end of the file");
	/* The section table is cut by the bytes read. */
	end = build(one, 1);
	assert_int_equal(uki_parse(img, end - 1, FILE_SIZE, &u, &err), -1);
	/* A forged count of sections. */
	img[LFANEW + offsetof(struct coff_header, nsections)] = PE_MAX_SECTIONS + 1;
	assert_int_equal(uki_parse(img, sizeof(img), FILE_SIZE, &u, &err), -1);
	/* No MZ, or e_lfanew past the head. */
	build(one, 1);
	img[0] = 'X';
	assert_int_equal(uki_parse(img, sizeof(img), FILE_SIZE, &u, &err), -1);
	assert_string_equal(err.msg, "not a PE file");
	build(one, 1);
	memset(img + PE_OFFSET_FIELD, 0xff, 4);
	assert_int_equal(uki_parse(img, sizeof(img), FILE_SIZE, &u, &err), -1);
	assert_int_equal(uki_parse(img, 10, FILE_SIZE, &u, &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_the_parts),
		cmocka_unit_test(optional_parts),
		cmocka_unit_test(refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
