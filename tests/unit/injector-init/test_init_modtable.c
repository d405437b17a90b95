/* SPDX-License-Identifier: MIT */
/* The module table mkinitramfs writes and injector-init reads (modtable.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "modtable.h"

/* Rows as module_plan writes them for Debian 6.12 (cut short). */
static const char table_text[] =
	"virtio_blk\tkernel/drivers/block/virtio_blk.ko.xz\tkernel/drivers/block/virtio_blk.ko.xz\n"
	"virtio:d00000002v*\tkernel/drivers/block/virtio_blk.ko.xz\t"
	"kernel/drivers/block/virtio_blk.ko.xz\n"
	"xfs\tkernel/fs/xfs/xfs.ko.xz\tkernel/lib/libcrc32c.ko.xz kernel/fs/xfs/xfs.ko.xz\n"
	"fs_xfs\tkernel/fs/xfs/xfs.ko.xz\tkernel/lib/libcrc32c.ko.xz kernel/fs/xfs/xfs.ko.xz\n"
	"crypto_crc32c\tkernel/crypto/crc32c_generic.ko\tkernel/crypto/crc32c_generic.ko\n"
	"crypto_crc32c\tkernel/arch/x86/crypto/crc32c-intel.ko\tkernel/arch/x86/crypto/crc32c-intel.ko\n";

static int parse(struct modtable *t, const char *text, struct err *err)
{
	char *copy = strdup(text);

	assert_non_null(copy);
	return modtable_parse(t, copy, err);
}

static void test_match(void **state)
{
	struct modtable t;
	struct err err;
	const struct modtable_row *r;

	(void)state;
	assert_int_equal(parse(&t, table_text, &err), 0);
	assert_int_equal(t.n, 6);
	r = modtable_next(&t, "virtio:d00000002v00001AF4", NULL);
	assert_non_null(r);
	assert_string_equal(r->module, "kernel/drivers/block/virtio_blk.ko.xz");
	assert_null(modtable_next(&t, "virtio:d00000002v00001AF4", r));
	/* the kernel asks with '-': depmod and the table spell it '_' */
	r = modtable_next(&t, "fs-xfs", NULL);
	assert_non_null(r);
	assert_string_equal(r->load, "kernel/lib/libcrc32c.ko.xz kernel/fs/xfs/xfs.ko.xz");
	/* every module answering to an alias, in table order */
	r = modtable_next(&t, "crypto-crc32c", NULL);
	assert_string_equal(r->module, "kernel/crypto/crc32c_generic.ko");
	r = modtable_next(&t, "crypto-crc32c", r);
	assert_string_equal(r->module, "kernel/arch/x86/crypto/crc32c-intel.ko");
	assert_null(modtable_next(&t, "crypto-crc32c", r));
	assert_null(modtable_next(&t, "pci:v00008086d00007010sv00001AF4sd00001100bc01sc01i80", NULL));
	modtable_free(&t);
}

static void test_empty(void **state)
{
	struct modtable t;
	struct err err;

	(void)state;
	assert_int_equal(parse(&t, "", &err), 0);
	assert_int_equal(t.n, 0);
	assert_null(modtable_next(&t, "xfs", NULL));
	modtable_free(&t);
}

static void test_bad_rows(void **state)
{
	static const char *const bad[] = {
		"xfs kernel/fs/xfs/xfs.ko kernel/fs/xfs/xfs.ko\n", /* spaces, not tabs */
		"xfs\tkernel/fs/xfs/xfs.ko\n",                      /* no files */
		"xfs\tkernel/fs/xfs/xfs.ko\tkernel/lib/libcrc32c.ko\n", /* files without the module */
		"xfs\tkernel/fs/xfs/xfs.ko\tkernel/fs/xfs/xfs.ko",  /* no newline at the end */
		"\tkernel/fs/xfs/xfs.ko\tkernel/fs/xfs/xfs.ko\n",   /* no pattern */
	};
	struct modtable t;
	struct err err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(&t, bad[i], &err), -1);
		assert_non_null(strstr(err.msg, "row 1:"));
		modtable_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_bad_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
