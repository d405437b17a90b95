/* SPDX-License-Identifier: MIT */
/*
 * The stub method's layout on a real Debian kernel: header rewrites,
 * exact restoration of the stock kernel, re-embedding, signature stripping,
 * and the archive checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpio/archive_check.h"
#include "util/file_io.h"
#include "embed/embed_stub.h"
#include "image/pe.h"
#include "buf_fixture.h"

static struct buf stock;

/* A newc archive with one file, compressed with FILTER (ARCHIVE_FILTER_NONE too). */
static struct buf make_cpio(const char *name, const char *text, int filter)
{
	return buf_cpio(name, text, strlen(text), filter);
}

/* embed(KERNEL, ARCHIVE) as one buffer; KERNEL must be a stock kernel. */
static struct buf embed(struct buf kernel, struct buf archive, int *stripped)
{
	struct embed_stub_build b;
	struct bzimage bz;
	struct err err;
	struct buf out;

	assert_int_equal(bzimage_parse(&bz, kernel.data, kernel.size, &err), 0);
	if (embed_stub_build(&b, &bz, archive.data, archive.size, &err) < 0)
		fail_msg("injector_build: %s", err.msg);
	out = buf_concat(b.parts, EMBED_STUB_PARTS);
	if (stripped)
		*stripped = b.signature_stripped;
	embed_stub_build_free(&b);
	return out;
}

static struct buf unwrap(struct buf injector)
{
	struct bzimage bz;
	const struct stub_params *p;
	struct err err;
	struct buf s;

	assert_int_equal(bzimage_parse(&bz, injector.data, injector.size, &err), 0);
	p = stub_image_params(&bz);
	assert_non_null(p);
	assert_int_equal(stub_image_stock(&bz, p, &s.data, &s.size, &err), 0);
	return s;
}

static void test_header_rewrite(void **state)
{
	struct buf archive = make_cpio("etc/motd", "hello\n", ARCHIVE_FILTER_NONE);
	struct buf inj = embed(stock, archive, NULL);
	struct bzimage s, i;
	const struct stub_params *p;
	struct err err;
	struct pe_image pe;

	(void)state;
	assert_int_equal(bzimage_parse(&s, stock.data, stock.size, &err), 0);
	assert_int_equal(bzimage_parse(&i, inj.data, inj.size, &err), 0);
	p = stub_image_params(&i);
	assert_non_null(p);
	/* The archive starts on a page; the original part follows it 16-aligned. */
	assert_int_equal(p->stub_size % STUB_ALIGN, 0);
	assert_int_equal(p->orig_offset,
			 p->stub_size + (archive.size + STUB_ARCHIVE_ALIGN - 1) / STUB_ARCHIVE_ALIGN *
						STUB_ARCHIVE_ALIGN);
	assert_int_equal(p->archive_size, archive.size);
	assert_memory_equal(stub_image_archive(&i, p), archive.data, archive.size);
	assert_int_equal(i.hdr->payload_offset, s.hdr->payload_offset + p->orig_offset);
	assert_int_equal(i.hdr->kernel_info_offset, s.hdr->kernel_info_offset + p->orig_offset);
	assert_int_equal(i.hdr->syssize * 16, p->orig_offset + p->orig_pm_size);
	assert_int_equal(i.hdr->handover_offset, 0);
	assert_int_equal(i.hdr->xloadflags & (XLF_EFI_HANDOVER_32 | XLF_EFI_HANDOVER_64), 0);
	assert_true(i.hdr->init_size >= inj.size - i.setup_size);
	assert_true(i.hdr->init_size >= p->orig_offset + s.hdr->init_size);
	assert_int_equal(p->orig_init_size, s.hdr->init_size);
	/* The payload is the stock payload, moved; the PE entry is the stub's. */
	assert_int_equal(i.payload_len, s.payload_len);
	assert_memory_equal(i.payload, s.payload, s.payload_len);
	assert_int_equal(pe_parse(&pe, inj.data, inj.size, &err), 0);
	assert_non_null(pe.coff);
	assert_int_equal(pe.entry_point, i.setup_size + p->efi_entry);
	assert_int_equal(pe.coff->nsections, PE_STUB_SECTIONS);
	assert_int_equal(pe.sections[3].raw_offset + pe.sections[3].raw_size, inj.size);
	assert_false(pe_is_signed(&pe));
	assert_int_equal(inj.size, stock.size + p->orig_offset);
	free(inj.data);
}

static void test_stock_restored_exactly(void **state)
{
	struct buf archive = make_cpio("a", "b", ARCHIVE_FILTER_GZIP);
	struct buf inj = embed(stock, archive, NULL);
	struct buf back = unwrap(inj);

	(void)state;
	assert_int_equal(back.size, stock.size);
	assert_memory_equal(back.data, stock.data, stock.size);
	free(back.data);
	free(inj.data);
}

static void test_reembed_is_identical(void **state)
{
	struct buf a = make_cpio("first", "AAAA", ARCHIVE_FILTER_NONE);
	struct buf inj_a = embed(stock, a, NULL);
	struct buf back = unwrap(inj_a);
	struct buf b = make_cpio("second", "a different and longer file", ARCHIVE_FILTER_XZ);
	struct buf via_a = embed(back, b, NULL);
	struct buf direct = embed(stock, b, NULL);

	(void)state;
	assert_int_equal(via_a.size, direct.size);
	assert_memory_equal(via_a.data, direct.data, direct.size);
	free(inj_a.data);
	free(back.data);
	free(via_a.data);
	free(direct.data);
}

/* A signed stock kernel: a certificate table appended and announced. */
static struct buf sign(struct buf k)
{
	struct buf s = { malloc(k.size + 1024), k.size + 1024 };
	struct pe_image pe;
	struct pe_data_dir *cert;
	struct err err;

	memcpy(s.data, k.data, k.size);
	memset(s.data + k.size, 0xa5, 1024);
	assert_int_equal(pe_parse(&pe, s.data, s.size, &err), 0);
	assert_non_null(pe.cert);
	cert = (struct pe_data_dir *)((uint8_t *)pe.cert);
	cert->rva = (uint32_t)k.size;
	cert->size = 1024;
	return s;
}

static void test_signature_stripped(void **state)
{
	struct buf archive = make_cpio("x", "y", ARCHIVE_FILTER_NONE);
	struct buf signed_k = sign(stock);
	int stripped = 0;
	struct buf inj = embed(signed_k, archive, &stripped);
	struct buf back = unwrap(inj);

	(void)state;
	assert_true(stripped);
	/* What comes back is the kernel as it was before it was signed. */
	assert_int_equal(back.size, stock.size);
	assert_memory_equal(back.data, stock.data, stock.size);
	free(signed_k.data);
	free(inj.data);
	free(back.data);
}

static void expect_refused(struct buf b, const char *wording)
{
	const char *codec;
	struct err err;

	assert_int_equal(archive_check(b.data, b.size, &codec, &err), -1);
	if (!strstr(err.msg, wording))
		fail_msg("expected '%s' in '%s'", wording, err.msg);
}

static void test_archive_check(void **state)
{
	static uint8_t lz4_frame[] = { 0x04, 0x22, 0x4d, 0x18, 0x64, 0x40, 0xa7 };
	static uint8_t odc[] = "070707000000000000000000000000000000000000000000000000000000000";
	static uint8_t noise[] = "this is not an archive at all";
	struct buf gz = make_cpio("f", "g", ARCHIVE_FILTER_GZIP);
	const char *codec = NULL;
	struct err err;

	(void)state;
	assert_int_equal(archive_check(gz.data, gz.size, &codec, &err), 0);
	assert_string_equal(codec, "gzip");
	expect_refused((struct buf){ lz4_frame, sizeof(lz4_frame) }, "legacy lz4");
	expect_refused((struct buf){ odc, sizeof(odc) }, "odc");
	expect_refused((struct buf){ noise, sizeof(noise) }, "neither a newc cpio");
	expect_refused((struct buf){ noise, 0 }, "empty");
	gz.data[gz.size / 2] ^= 0xff;
	gz.data[gz.size / 2 + 1] ^= 0xff;
	expect_refused(gz, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_rewrite),
		cmocka_unit_test(test_stock_restored_exactly),
		cmocka_unit_test(test_reembed_is_identical),
		cmocka_unit_test(test_signature_stripped),
		cmocka_unit_test(test_archive_check),
	};

	stock = buf_load("VT_KERNELS", "linux-6.12-cloud-amd64/vmlinuz");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
