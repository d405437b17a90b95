/* SPDX-License-Identifier: MIT */
/* The guest's /etc/fstab, read for one mount point: specs, escapes, nofail, and what is skipped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "bootcfg/fstab.h"
#include "guest/bounds.h"

static const char debian[] =
    "# /etc/fstab: static file system information.\n"
    "/dev/mapper/vg-root /               ext4    errors=remount-ro 0       1\n"
    "# /boot was on /dev/vda1 during installation\n"
    "UUID=0b3c6e2a-1f4d-4c8e-9a7b-5d6e7f809a1b /boot ext4 defaults 0 2\n"
    "UUID=ABCD-1234  /boot/efi       vfat    umask=0077,nofail      0       1\n"
    "/swapfile none swap sw 0 0\n";

static void finds_each_mount_point(void **state)
{
	struct fstab_entry e;

	(void)state;
	assert_int_equal(fstab_find(debian, strlen(debian), "/boot", &e), 1);
	assert_string_equal(e.spec, "UUID=0b3c6e2a-1f4d-4c8e-9a7b-5d6e7f809a1b");
	assert_string_equal(e.type, "ext4");
	assert_int_equal(e.nofail, 0);
	assert_int_equal(fstab_find(debian, strlen(debian), "/boot/efi", &e), 1);
	assert_string_equal(e.spec, "UUID=ABCD-1234");
	assert_int_equal(e.nofail, 1);
	assert_int_equal(fstab_find(debian, strlen(debian), "/", &e), 1);
	assert_string_equal(e.spec, "/dev/mapper/vg-root");
	assert_int_equal(fstab_find(debian, strlen(debian), "/efi", &e), 0);
	assert_int_equal(fstab_find(debian, strlen(debian), "/boot/", &e), 0);
}

static void last_entry_escapes_and_slashes(void **state)
{
	static const char text[] = "LABEL=old /boot ext4 defaults\n"
				   "\tLABEL=my\\040boot\t/boot///\txfs\tnoatime,nofail\r\n"
				   "PARTUUID=1234-01 /mnt\\040data ext4\n";
	struct fstab_entry e;

	(void)state;
	assert_int_equal(fstab_find(text, strlen(text), "/boot", &e), 1);
	assert_string_equal(e.spec, "LABEL=my boot");
	assert_string_equal(e.file, "/boot");
	assert_string_equal(e.type, "xfs");
	assert_int_equal(e.nofail, 1);
	assert_int_equal(fstab_find(text, strlen(text), "/mnt data", &e), 1);
	assert_string_equal(e.spec, "PARTUUID=1234-01");
	assert_int_equal(e.nofail, 0);
}

/* The guest writes this file: what cannot be read whole is skipped, never cut. */
static void skips_what_it_cannot_hold(void **state)
{
	static char text[BOOTCFG_MAX_LINE + 400];
	static const char tail[] = "LABEL=x /boot ext4 nofailure\n";
	struct fstab_entry e;
	size_t n;

	(void)state;
	assert_int_equal(fstab_find("UUID=x /boot\n", 13, "/boot", &e), 0);
	assert_int_equal(fstab_find("UUID=x /boot # ext4\n", 20, "/boot", &e), 0);
	assert_int_equal(fstab_find("x\\000y /boot ext4\n", 18, "/boot", &e), 0);
	memset(text, 'a', 300);
	memcpy(text + 300, " /boot ext4\n", 12);
	assert_int_equal(fstab_find(text, 312, "/boot", &e), 0);
	memcpy(text, "LABEL=a /boot ext4 ", 19);
	memset(text + 19, ',', sizeof(text) - 19);
	n = sizeof(text) - 1;
	text[n - 1] = '\n';
	memcpy(text + n, "", 1);
	assert_int_equal(fstab_find(text, n, "/boot", &e), 0);
	assert_int_equal(fstab_find(tail, strlen(tail), "/boot", &e), 1);
	assert_int_equal(e.nofail, 0);
	assert_int_equal(fstab_find("", 0, "/boot", &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_each_mount_point),
		cmocka_unit_test(last_entry_escapes_and_slashes),
		cmocka_unit_test(skips_what_it_cannot_hold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
