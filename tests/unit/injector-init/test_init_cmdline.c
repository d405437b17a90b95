/* SPDX-License-Identifier: MIT */
/* injector-init's kernel command line: injector.* options and the guest's line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cmdline.h"

static void defaults(void **state)
{
	struct init_config c;
	struct err err;

	(void)state;
	assert_int_equal(cmdline_parse("console=ttyS0 quiet", &c, &err), 0);
	assert_string_equal(c.root, "");
	assert_int_equal(c.rootwait, ROOTWAIT_DEFAULT);
	assert_int_equal(c.fail, FAIL_SHELL);
	assert_int_equal(c.fsck, 0);
	assert_int_equal(c.strict, 0);
	assert_int_equal(c.shelltimeout, SHELLTIMEOUT_DEFAULT);
}

static void every_option(void **state)
{
	struct init_config c;
	struct err err;

	(void)state;
	assert_int_equal(cmdline_parse("console=ttyS0 injector.root=UUID=abcd injector.rootfstype=btrfs "
				       "injector.rootflags=\"subvol=@,compress=zstd\" injector.rootwait=5 "
				       "injector.fsck=1 injector.kernel=/boot/vmlinuz-6.1 "
				       "injector.initrd=none injector.fail=poweroff injector.strict=1 "
				       "injector.shelltimeout=20\n",
				       &c, &err),
			 0);
	assert_string_equal(c.root, "UUID=abcd");
	assert_string_equal(c.rootfstype, "btrfs");
	assert_string_equal(c.rootflags, "subvol=@,compress=zstd");
	assert_int_equal(c.rootwait, 5);
	assert_int_equal(c.fsck, 1);
	assert_string_equal(c.kernel, "/boot/vmlinuz-6.1");
	assert_string_equal(c.initrd, "none");
	assert_int_equal(c.fail, FAIL_POWEROFF);
	assert_int_equal(c.strict, 1);
	assert_int_equal(c.shelltimeout, 20);
}

static void fail_actions(void **state)
{
	static const char *const names[] = { "shell", "reboot", "poweroff", "continue" };
	struct init_config c;
	struct err err;
	char line[64];

	(void)state;
	for (int i = 0; i < 4; i++) {
		snprintf(line, sizeof(line), "injector.fail=%s", names[i]);
		assert_int_equal(cmdline_parse(line, &c, &err), 0);
		assert_int_equal(c.fail, i);
	}
}

static void bad_values(void **state)
{
	static const char *const bad[] = {
		"injector.rootwait=abc", "injector.rootwait=-1", "injector.rootwait=99999",
		"injector.fsck=2",       "injector.fail=halt",   "injector.nosuch=1",
		"injector.strict=yes",   "injector.strict=2",     "injector.shelltimeout=86401",
		"injector.root",         "injector.rootfstype=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	struct init_config c;
	struct err err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cmdline_parse(bad[i], &c, &err), -1);
		assert_non_null(strstr(err.msg, "injector."));
	}
}

static void words(void **state)
{
	const char *p = "  a \"b c\"d\te=\"x y\"  ";
	char w[16], raw[16];

	(void)state;
	assert_int_equal(cmdline_next(&p, w, sizeof(w), raw, sizeof(raw)), CMDLINE_WORD);
	assert_string_equal(w, "a");
	assert_int_equal(cmdline_next(&p, w, sizeof(w), raw, sizeof(raw)), CMDLINE_WORD);
	assert_string_equal(w, "b cd");
	assert_string_equal(raw, "\"b c\"d");
	assert_int_equal(cmdline_next(&p, w, sizeof(w), raw, sizeof(raw)), CMDLINE_WORD);
	assert_string_equal(w, "e=x y");
	assert_int_equal(cmdline_next(&p, w, sizeof(w), raw, sizeof(raw)), CMDLINE_END);
}

static void guest_line(void **state)
{
	char out[128];
	struct err err;

	(void)state;
	assert_int_equal(cmdline_guest("root=UUID=x ro injector.root=LABEL=r quiet injector.fail=reboot "
				       "acpi_osi=\"Windows 2015\"",
				       "console=ttyS0 systemd.unit=rescue.target", out, sizeof(out), &err),
			 0);
	assert_string_equal(out, "root=UUID=x ro quiet acpi_osi=\"Windows 2015\" console=ttyS0 "
				 "systemd.unit=rescue.target");
	assert_int_equal(cmdline_guest("", NULL, out, sizeof(out), &err), 0);
	assert_string_equal(out, "");
	assert_int_equal(cmdline_guest("a b", "", out, sizeof(out), &err), 0);
	assert_string_equal(out, "a b");
}

static void guest_line_too_long(void **state)
{
	char out[8];
	struct err err;

	(void)state;
	assert_int_equal(cmdline_guest("root=/dev/vda1", NULL, out, sizeof(out), &err), -1);
	assert_non_null(strstr(err.msg, "longer than"));
	assert_int_equal(cmdline_guest("ro", "quiet splash", out, sizeof(out), &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),   cmocka_unit_test(every_option),
		cmocka_unit_test(fail_actions), cmocka_unit_test(bad_values),
		cmocka_unit_test(words),      cmocka_unit_test(guest_line),
		cmocka_unit_test(guest_line_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
