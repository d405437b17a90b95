/* SPDX-License-Identifier: MIT */
/*
 * Module closures on the real Debian 6.1 and 6.12 module trees (cloud, and
 * generic where crc32c is a module), and the library closure of Debian's
 * dropbear.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "initramfs/elf_deps.h"
#include "initramfs/module_closure.h"

/* VT_KERNELS/linux-KERNEL/lib/modules/VERSION into OUT (KERNEL: "6.1-cloud-amd64"). */
static void moddir(const char *kernel, char *out, size_t size)
{
	const char *kernels = getenv("VT_KERNELS");
	char dir[2048];
	struct dirent *d;
	DIR *dh;

	assert_non_null(kernels);
	snprintf(dir, sizeof(dir), "%s/linux-%s/lib/modules", kernels, kernel);
	dh = opendir(dir);
	assert_non_null(dh);
	while ((d = readdir(dh)) && d->d_name[0] == '.')
		;
	assert_non_null(d);
	snprintf(out, size, "%s/%s", dir, d->d_name);
	closedir(dh);
}

/* The closure of one module, as a space-separated list of paths. */
static void closure(const char *kernel, const char *module, char *out, size_t size)
{
	struct strlist paths = { 0 };
	char dir[4096];
	struct err err;

	moddir(kernel, dir, sizeof(dir));
	if (module_closure(dir, &module, 1, &paths, &err) < 0)
		fail_msg("%s: %s", module, err.msg);
	out[0] = '\0';
	for (size_t i = 0; i < paths.n; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", paths.v[i]);
	strlist_free(&paths);
}

static const struct {
	const char *kernel, *module, *expected;
} cases[] = {
	{ "6.1-cloud-amd64", "virtio_blk",
	  "kernel/drivers/block/virtio_blk.ko kernel/drivers/virtio/virtio.ko "
	  "kernel/drivers/virtio/virtio_ring.ko" },
	{ "6.1-cloud-amd64", "virtio_scsi",
	  "kernel/drivers/scsi/scsi_common.ko kernel/drivers/scsi/scsi_mod.ko "
	  "kernel/drivers/scsi/virtio_scsi.ko kernel/drivers/virtio/virtio.ko "
	  "kernel/drivers/virtio/virtio_ring.ko" },
	{ "6.1-cloud-amd64", "nvme", "" }, /* built in */
	/* libcrc32c's softdep is the alias crc32c: generic built in, the SSE4.2 one a module. */
	{ "6.1-cloud-amd64", "xfs",
	  "kernel/arch/x86/crypto/crc32c-intel.ko kernel/fs/xfs/xfs.ko kernel/lib/libcrc32c.ko" },
	/* btrfs's softdeps blake2b-256, xxhash64, sha256 and crypto-crc32c are aliases too. */
	{ "6.1-cloud-amd64", "btrfs",
	  "kernel/arch/x86/crypto/crc32c-intel.ko kernel/arch/x86/crypto/sha256-ssse3.ko "
	  "kernel/crypto/blake2b_generic.ko kernel/crypto/xor.ko kernel/crypto/xxhash_generic.ko "
	  "kernel/fs/btrfs/btrfs.ko kernel/lib/libcrc32c.ko kernel/lib/raid6/raid6_pq.ko "
	  "kernel/lib/zstd/zstd_compress.ko" },
	/* Generic: crc32c is a module, and both providers of the alias come along. */
	{ "6.1-amd64", "ext4",
	  "kernel/arch/x86/crypto/crc32c-intel.ko kernel/crypto/crc32c_generic.ko "
	  "kernel/fs/ext4/ext4.ko kernel/fs/jbd2/jbd2.ko kernel/fs/mbcache.ko kernel/lib/crc16.ko" },
	{ "6.1-amd64", "crypto-crc32c",
	  "kernel/arch/x86/crypto/crc32c-intel.ko kernel/crypto/crc32c_generic.ko" },
	{ "6.12-cloud-amd64", "virtio_blk", "kernel/drivers/block/virtio_blk.ko.xz" },
	{ "6.12-cloud-amd64", "virtio_scsi",
	  "kernel/drivers/scsi/scsi_common.ko.xz kernel/drivers/scsi/scsi_mod.ko.xz "
	  "kernel/drivers/scsi/virtio_scsi.ko.xz" },
	{ "6.12-cloud-amd64", "nvme", "" },
	{ "6.12-cloud-amd64", "xfs",
	  "kernel/arch/x86/crypto/crc32c-intel.ko.xz kernel/fs/xfs/xfs.ko.xz "
	  "kernel/lib/libcrc32c.ko.xz" },
	{ "6.12-amd64", "ext4",
	  "kernel/arch/x86/crypto/crc32c-intel.ko.xz kernel/crypto/crc32c_generic.ko.xz "
	  "kernel/fs/ext4/ext4.ko.xz kernel/fs/jbd2/jbd2.ko.xz kernel/fs/mbcache.ko.xz "
	  "kernel/lib/crc16.ko.xz" },
};

static void module_closures(void **state)
{
	char got[8192];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		closure(cases[i].kernel, cases[i].module, got, sizeof(got));
		if (strcmp(got, cases[i].expected) != 0)
			fail_msg("%s %s:\n  got      %s\n  expected %s", cases[i].kernel,
				 cases[i].module, got, cases[i].expected);
	}
}

static void dash_and_underscore_are_one_name(void **state)
{
	char a[4096], b[4096];

	(void)state;
	closure("6.12-cloud-amd64", "dm-mod", a, sizeof(a));
	closure("6.12-cloud-amd64", "dm_mod", b, sizeof(b));
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "kernel/drivers/md/dm-mod.ko.xz"));
}

static void unknown_module_is_skipped(void **state)
{
	char got[64];

	(void)state;
	closure("6.12-cloud-amd64", "no_such_module", got, sizeof(got));
	assert_string_equal(got, "");
}

static void dropbear_libraries(void **state)
{
	static const char *const expected[] = {
		"/lib64/ld-linux-x86-64.so.2",
		"/lib/x86_64-linux-gnu/libc.so.6",
		"/lib/x86_64-linux-gnu/libz.so.1",
		"/lib/x86_64-linux-gnu/libcrypt.so.1",
		"/lib/x86_64-linux-gnu/libtomcrypt.so.1",
		"/lib/x86_64-linux-gnu/libtommath.so.1",
	};
	struct strlist libs = { 0 };
	struct err err;

	(void)state;
	if (elf_deps("/usr/sbin/dropbear", &libs, &err) < 0)
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		if (!strlist_has(&libs, expected[i]))
			fail_msg("dropbear: %s missing", expected[i]);
	strlist_free(&libs);
}

static void static_busybox_needs_nothing(void **state)
{
	struct strlist libs = { 0 };
	struct err err;

	(void)state;
	assert_int_equal(elf_deps("/bin/busybox", &libs, &err), 0);
	assert_int_equal(libs.n, 0);
}

static void not_elf_is_an_error(void **state)
{
	struct strlist libs = { 0 };
	struct err err;

	(void)state;
	assert_int_equal(elf_deps("/etc/passwd", &libs, &err), -1);
	assert_string_equal(err.msg, "/etc/passwd: not an ELF file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(module_closures),
		cmocka_unit_test(dash_and_underscore_are_one_name),
		cmocka_unit_test(unknown_module_is_skipped),
		cmocka_unit_test(dropbear_libraries),
		cmocka_unit_test(static_busybox_needs_nothing),
		cmocka_unit_test(not_elf_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
