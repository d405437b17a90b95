/* SPDX-License-Identifier: MIT */
/*
 * The bzImage model on Debian's stock 6.1 (LZ4) and 6.12 (ZSTD) cloud kernels:
 * header, PE header, payload, decompressed vmlinux and built-in initramfs;
 * then every kind of bad input, made in memory from a real or fixture image,
 * and the one-line error each must give. Missing kernels are a failure, not a
 * skip: CI downloads them (make kernels).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/bzimage.h"
#include "util/file_io.h"
#include "cpio/cpio_read.h"
#include "image/pe.h"
#include "image/vmlinux.h"
#include "buf_fixture.h"

static struct buf k61, k612, fixture;

/* A private copy of B (its first SIZE bytes), to mutate. */
static struct buf copy(const struct buf *b, size_t size)
{
	struct buf c = { malloc(size ? size : 1), size };

	assert_non_null(c.data);
	assert_true(size <= b->size);
	memcpy(c.data, b->data, size);
	return c;
}

static struct setup_header *hdr_of(const struct buf *img)
{
	return (struct setup_header *)(img->data + SETUP_HEADER_OFFSET);
}

/* The file offset of the protected-mode part of the 6.12 kernel (setup_sects 39). */
static size_t setup_612(void)
{
	assert_int_equal(hdr_of(&k612)->setup_sects, 39);
	return (39 + 1) * SECTOR_SIZE;
}

/* ---- the real kernels ---- */

struct expect {
	const struct buf *image;
	const char *codec;
	const char *version_prefix;
};

static void check_header(const struct bzimage *bz, const struct expect *x)
{
	assert_int_equal(bz->hdr->version, 0x020f);
	assert_string_equal(bz->codec->name, x->codec);
	assert_int_equal(bz->hdr->payload_offset, 0x2cc);
	assert_non_null(bz->kernel_version);
	if (strncmp(bz->kernel_version, x->version_prefix, strlen(x->version_prefix)) != 0)
		fail_msg("kernel_version \"%s\" lacks \"%s\"", bz->kernel_version,
			 x->version_prefix);
	assert_non_null(bz->kernel_info);
	assert_int_equal(bz->hdr->kernel_alignment, 2u << 20);
	assert_int_equal(bz->hdr->xloadflags & (XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G),
			 XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G);
	/* The file is exactly setup + syssize paragraphs: nothing appended. */
	assert_int_equal(bz->setup_size + bz->pm_size, bz->size);
}

static void check_pe(const struct buf *img)
{
	static const char *const names[] = { ".setup", ".compat", ".text", ".data" };
	struct pe_image pe;
	struct err err;

	if (pe_parse(&pe, img->data, img->size, &err) < 0)
		fail_msg("%s", err.msg);
	assert_non_null(pe.coff);
	assert_int_equal(pe.coff->machine, 0x8664);
	assert_int_equal(pe.opt_magic, PE_OPT_MAGIC_PE32PLUS);
	assert_false(pe_is_signed(&pe)); /* the -unsigned packages */
	assert_int_equal(pe.coff->nsections, 4);
	for (int i = 0; i < 4; i++) {
		char name[9] = "";

		memcpy(name, pe.sections[i].name, 8);
		assert_string_equal(name, names[i]);
	}
}

static int collect(const char *path, void *ctx)
{
	char *list = ctx;

	strcat(list, path);
	strcat(list, ";");
	return 0;
}

static void check_vmlinux(const struct bzimage *bz, const uint8_t *out)
{
	struct vmlinux_info info;
	struct initramfs_slot slot;
	char files[256] = "";
	struct err err;
	uint32_t word;

	memcpy(&word, bz->payload + bz->payload_len - 4, 4);
	assert_int_equal(bz->output_len, word);
	assert_memory_equal(out, "\177ELF", 4);
	if (vmlinux_describe(out, bz->output_len, &info, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(info.elf_class, 64);
	assert_int_equal(info.machine, EM_X86_64);
	assert_int_equal(info.build_id_len, 20); /* a SHA-1 build-id */
	assert_int_equal(info.nloads, 4);
	assert_int_equal(vmlinux_find_initramfs(out, bz->output_len, &slot, &err), 1);
	assert_int_equal(slot.size, 512);
	assert_int_equal(slot.size_word_len, 8);
	if (cpio_list(out + slot.offset, slot.size, collect, files, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(files, "dev;dev/console;root;");
}

static void test_kernel(void **state)
{
	const struct expect *x = *state;
	struct bzimage bz;
	struct err err;
	uint8_t *out;

	if (bzimage_parse(&bz, x->image->data, x->image->size, &err) < 0)
		fail_msg("%s", err.msg);
	check_header(&bz, x);
	check_pe(x->image);
	if (bzimage_decompress(&bz, &out, &err) < 0)
		fail_msg("%s", err.msg);
	check_vmlinux(&bz, out);
	bzimage_output_free(&bz, out);
}

static const struct expect expect_61 = { &k61, "lz4", "6.1.0-" };
static const struct expect expect_612 = { &k612, "zstd", "6.12." };

/* ---- bad input: exactly one line, with the expected wording ---- */

static void expect_parse_error(const struct buf *img, const char *want)
{
	struct bzimage bz;
	struct err err = { 0 };

	assert_int_equal(bzimage_parse(&bz, img->data, img->size, &err), -1);
	assert_null(strchr(err.msg, '\n'));
	assert_string_equal(err.msg, want);
}

static void test_empty(void **state)
{
	struct buf empty = copy(&k612, 0);

	(void)state;
	expect_parse_error(&empty, "empty file");
	buf_free(&empty);
}

/* The 6.12 kernel cut to AT bytes gives WANT. */
static void expect_cut(size_t at, const char *want)
{
	struct buf cut = copy(&k612, at);

	expect_parse_error(&cut, want);
	buf_free(&cut);
}

/* Cut points: in the boot sector, in the header, in setup, in the payload. */
static void test_truncated(void **state)
{
	const size_t setup = setup_612(), whole = k612.size;
	const size_t small[] = { 1, 0x200, 0x26b };
	const size_t in_setup[] = { 0x26c, setup - 1, setup };
	const size_t in_pm[] = { setup + 1, whole / 2, whole - 1 };
	char want[256];

	(void)state;
	for (int i = 0; i < 3; i++) {
		snprintf(want, sizeof(want), "too small for a bzImage (%zu bytes)", small[i]);
		expect_cut(small[i], want);
		snprintf(want, sizeof(want), "truncated: %zu bytes, but the setup code alone is %zu",
			 in_setup[i], setup);
		expect_cut(in_setup[i], want);
		snprintf(want, sizeof(want), "truncated: %zu bytes, but the header declares %zu",
			 in_pm[i], whole);
		expect_cut(in_pm[i], want);
	}
}

static void test_elf_vmlinux(void **state)
{
	struct buf elf = buf_load("VT_FIXTURES", "payload.elf");
	struct buf tiny = copy(&elf, 64); /* smaller than a setup header: still named */

	(void)state;
	expect_parse_error(&elf, "is an ELF file (a vmlinux?), not a bzImage");
	expect_parse_error(&tiny, "is an ELF file (a vmlinux?), not a bzImage");
	buf_free(&tiny);
	buf_free(&elf);
}

/* An arm64 Image: "ARM\x64" at 0x38 (Documentation/arch/arm64/booting.rst). */
static void test_arm64_image(void **state)
{
	struct buf img = { calloc(1, 64 << 10), 64 << 10 };

	(void)state;
	assert_non_null(img.data);
	memcpy(img.data, "MZ", 2); /* EFI-stub arm64 kernels start with MZ too */
	memcpy(img.data + 0x38, "ARM\x64", 4);
	expect_parse_error(&img, "is an arm64 Image, not an x86 bzImage");
	buf_free(&img);
}

static void test_random_bytes(void **state)
{
	struct buf img = { malloc(64 << 10), 64 << 10 };
	uint32_t x = 0x9e3779b9;

	(void)state;
	assert_non_null(img.data);
	for (size_t i = 0; i < img.size; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		img.data[i] = (uint8_t)x;
	}
	expect_parse_error(&img, "not an x86 bzImage (no HdrS boot header)");
	buf_free(&img);
}

/* ---- header fields that point outside the file ---- */

static void test_payload_outside(void **state)
{
	struct buf img = copy(&k612, k612.size);
	struct setup_header *h = hdr_of(&img);
	size_t pm = k612.size - setup_612();
	char want[256];

	(void)state;
	h->payload_offset = (uint32_t)pm; /* starts at the end */
	snprintf(want, sizeof(want), "payload (offset 0x%zx, %u bytes) lies outside the file", pm,
		 h->payload_length);
	expect_parse_error(&img, want);
	h->payload_offset = 0x2cc;
	h->payload_length = (uint32_t)(pm - 0x2cc + 1); /* one byte too long */
	snprintf(want, sizeof(want), "payload (offset 0x2cc, %zu bytes) lies outside the file",
		 pm - 0x2cc + 1);
	expect_parse_error(&img, want);
	buf_free(&img);
}

static void test_kernel_info_outside(void **state)
{
	struct buf img = copy(&k612, k612.size);
	size_t pm = k612.size - setup_612();
	char want[256];

	(void)state;
	/* The block's 16 bytes must fit: starting 15 bytes before the end is not enough. */
	hdr_of(&img)->kernel_info_offset = (uint32_t)(pm - 15);
	snprintf(want, sizeof(want), "kernel_info (offset 0x%zx, 16 bytes) lies outside the file",
		 pm - 15);
	expect_parse_error(&img, want);
	hdr_of(&img)->kernel_info_offset = 0x100; /* inside the file, but not kernel_info */
	expect_parse_error(&img, "kernel_info at 0x100 lacks its LToP magic");
	buf_free(&img);
}

static void test_kernel_version_outside(void **state)
{
	struct buf img = copy(&k612, k612.size);
	size_t setup = setup_612();
	char want[256];

	(void)state;
	hdr_of(&img)->kernel_version = 0xffff;
	expect_parse_error(&img, "kernel_version (0x101ff) points outside the setup code");
	/* Inside the setup code but unterminated: its last byte is not NUL. */
	hdr_of(&img)->kernel_version = (uint16_t)(setup - 1 - 0x200);
	img.data[setup - 1] = 'x';
	snprintf(want, sizeof(want), "kernel_version (0x%zx) points outside the setup code",
		 setup - 1);
	expect_parse_error(&img, want);
	buf_free(&img);
}

static void test_handover_outside(void **state)
{
	struct buf img = copy(&k612, k612.size);
	size_t pm = k612.size - setup_612();
	char want[256];

	(void)state;
	/* The 64-bit handover entry is handover_offset + 0x200 into the protected-mode part. */
	hdr_of(&img)->handover_offset = (uint32_t)(pm - 0x200);
	snprintf(want, sizeof(want), "handover entry (offset 0x%zx, 1 bytes) lies outside the file",
		 pm);
	expect_parse_error(&img, want);
	buf_free(&img);
}

/* ---- protocol and payload ---- */

static void test_old_protocol(void **state)
{
	static const struct {
		uint16_t version;
		const char *want;
	} cases[] = {
		{ 0x0201, "boot protocol 2.01 is too old: 2.08 or newer is needed" },
		{ 0x0200, "boot protocol 2.00 is too old: 2.08 or newer is needed" },
		{ 0x0207, "boot protocol 2.07 is too old: 2.08 or newer is needed" },
	};
	struct buf img = copy(&fixture, fixture.size);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hdr_of(&img)->version = cases[i].version;
		expect_parse_error(&img, cases[i].want);
	}
	buf_free(&img);
}

static void test_unknown_magic(void **state)
{
	struct buf img = copy(&k612, k612.size);

	(void)state;
	memcpy(img.data + setup_612() + 0x2cc, "ABCD", 4);
	expect_parse_error(&img, "payload has an unknown compression (magic 41 42 43 44)");
	buf_free(&img);
}

/* A zeroed 64 KiB in the middle of the zstd payload: the frame no longer decodes. */
static void test_corrupt_payload(void **state)
{
	struct buf img = copy(&k612, k612.size);
	const char *want = "payload: corrupt zstd stream: ";
	struct bzimage bz;
	struct err err = { 0 };
	uint8_t *out = NULL;

	(void)state;
	if (bzimage_parse(&bz, img.data, img.size, &err) < 0)
		fail_msg("%s", err.msg);
	memset((uint8_t *)bz.payload + bz.payload_len / 2, 0, 64 << 10);
	assert_int_equal(bzimage_decompress(&bz, &out, &err), -1);
	assert_null(out);
	assert_null(strchr(err.msg, '\n'));
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg("\"%s\" does not start with \"%s\"", err.msg, want);
	buf_free(&img);
}

/* A fixture has no PE header at all: that is not an error, just no EFI stub. */
static void test_no_pe(void **state)
{
	struct pe_image pe;
	struct err err;

	(void)state;
	assert_int_equal(pe_parse(&pe, fixture.data, fixture.size, &err), 0);
	assert_null(pe.coff);
	assert_false(pe_is_signed(&pe));
}

static int setup(void **state)
{
	(void)state;
	k61 = buf_load("VT_KERNELS", "linux-6.1-cloud-amd64/vmlinuz");
	k612 = buf_load("VT_KERNELS", "linux-6.12-cloud-amd64/vmlinuz");
	fixture = buf_load("VT_FIXTURES", "zstd.bzImage");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	buf_free(&k61);
	buf_free(&k612);
	buf_free(&fixture);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		{ "test_kernel/6.1", test_kernel, NULL, NULL, (void *)&expect_61 },
		{ "test_kernel/6.12", test_kernel, NULL, NULL, (void *)&expect_612 },
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_elf_vmlinux),
		cmocka_unit_test(test_arm64_image),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_payload_outside),
		cmocka_unit_test(test_kernel_info_outside),
		cmocka_unit_test(test_kernel_version_outside),
		cmocka_unit_test(test_handover_outside),
		cmocka_unit_test(test_old_protocol),
		cmocka_unit_test(test_unknown_magic),
		cmocka_unit_test(test_corrupt_payload),
		cmocka_unit_test(test_no_pe),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
