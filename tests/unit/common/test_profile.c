/* SPDX-License-Identifier: MIT */
/* The distro-profile parser: a full profile, the shipped ones, and every refusal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

/* make test runs the tests from the top of the source tree. */
#define DISTRO_PROFILES "distro-profiles"

static const char good[] = "# comment\n"
			   "os-id    fedora rhel\n"
			   "kernel   /boot/vmlinuz-%v\n"
			   "initrd   /boot/initramfs-%v.img   # trailing comment\n"
			   "boot     /boot/loader/entries\n"
			   "esp      /loader/entries\n"
			   "esp      /EFI/Linux\n"
			   "cmdline  /etc/kernel/cmdline\n"
			   "cmdline  /etc/default/grub GRUB_CMDLINE_LINUX\n"
			   "\n"
			   "modules  storage ahci nvme\n"
			   "modules  net     virtio_net xen-netfront\n";

static void parses_a_full_profile(void **state)
{
	struct profile p;
	struct err err;

	(void)state;
	assert_int_equal(profile_parse(&p, good, strlen(good), &err), 0);
	assert_int_equal(p.n_os_ids, 2);
	assert_string_equal(p.os_ids[1], "rhel");
	assert_string_equal(p.kernel, "/boot/vmlinuz-%v");
	assert_string_equal(p.initrd, "/boot/initramfs-%v.img");
	assert_int_equal(p.n_boot, 1);
	assert_int_equal(p.n_esp, 2);
	assert_string_equal(p.esp[1], "/EFI/Linux");
	assert_int_equal(p.n_cmdline, 2);
	assert_null(p.cmdline[0].variable);
	assert_string_equal(p.cmdline[1].variable, "GRUB_CMDLINE_LINUX");
	assert_int_equal(p.n_modules, 4);
	assert_string_equal(p.modules[3].name, "xen-netfront");
	assert_int_equal(p.modules[3].class, PROFILE_NET);
	assert_string_equal(profile_class_name(p.modules[0].class), "storage");
	profile_free(&p);
}

static void last_line_without_newline(void **state)
{
	const char text[] = "os-id arch\nkernel /boot/vmlinuz-linux\ninitrd /boot/i.img";
	struct profile p;
	struct err err;

	(void)state;
	assert_int_equal(profile_parse(&p, text, strlen(text), &err), 0);
	assert_string_equal(p.initrd, "/boot/i.img");
	profile_free(&p);
}

static void shipped_profiles_parse(void **state)
{
	static const char *const names[] = { "debian", "ubuntu", "fedora", "arch", "suse" };
	char path[4096];
	struct profile p;
	struct err err;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", DISTRO_PROFILES, names[i]);
		if (profile_load(&p, path, &err) < 0)
			fail_msg("%s: %s", path, err.msg);
		assert_true(p.n_modules > 10);
		profile_free(&p);
	}
}

/* What injector-init reads: the links, and each boot path's kind by its name. */
static void links_and_boot_kinds(void **state)
{
	static const char text[] = "os-id debian\nkernel /boot/vmlinuz-%v\ninitrd /boot/initrd.img-%v\n"
				   "links /vmlinuz /initrd.img\nlinks /boot/vmlinuz /boot/initrd.img\n";
	struct profile p;
	struct err err;

	(void)state;
	assert_int_equal(profile_parse(&p, text, strlen(text), &err), 0);
	assert_int_equal(p.n_links, 2);
	assert_string_equal(p.links[1].kernel, "/boot/vmlinuz");
	assert_string_equal(p.links[1].initrd, "/boot/initrd.img");
	profile_free(&p);
	assert_int_equal(profile_boot_kind("/boot/grub2/grub.cfg"), PROFILE_BOOT_GRUB);
	assert_int_equal(profile_boot_kind("/boot/loader/entries"), PROFILE_BOOT_BLS);
	assert_int_equal(profile_boot_kind("/efi/loader/loader.conf"), PROFILE_BOOT_LOADER);
	assert_int_equal(profile_boot_kind("/etc/default/grub"), PROFILE_BOOT_OTHER);
	assert_int_equal(profile_boot_kind("/boot/grub.cfg.old"), PROFILE_BOOT_OTHER);
	assert_int_equal(profile_boot_kind("/EFI/Linux"), PROFILE_BOOT_UKI);
}

#define BASE "os-id x\nkernel /k\ninitrd /i\n"

static void mounts_and_storage(void **state)
{
	static const char text[] = BASE "mounts /boot /boot/efi\nmounts /efi\nstorage lvm\n";
	struct profile p;
	struct err err;

	(void)state;
	assert_int_equal(profile_parse(&p, text, strlen(text), &err), 0);
	assert_int_equal(p.n_mounts, 3);
	assert_string_equal(p.mounts[1], "/boot/efi");
	assert_string_equal(p.mounts[2], "/efi");
	assert_int_equal(p.lvm, 1);
	profile_free(&p);
	assert_int_equal(profile_parse(&p, BASE, strlen(BASE), &err), 0);
	assert_int_equal(p.n_mounts, 0);
	assert_int_equal(p.lvm, 0);
	profile_free(&p);
}

static const struct {
	const char *text, *message;
} bad[] = {
	{ BASE "frobnicate 1\n", "line 4: unknown keyword 'frobnicate'" },
	{ BASE "kernel /k2\n", "line 4: second 'kernel' line" },
	{ BASE "initrd /i2\n", "line 4: second 'initrd' line" },
	{ BASE "boot\n", "line 4: 'boot' takes 1 to 1 arguments, not 0" },
	{ BASE "boot /a /b\n", "line 4: 'boot' takes 1 to 1 arguments, not 2" },
	{ BASE "cmdline /a B C\n", "line 4: 'cmdline' takes 1 to 2 arguments, not 3" },
	{ BASE "boot grub.cfg\n", "line 4: 'grub.cfg': not an absolute path" },
	{ BASE "boot /boot/%k\n", "line 4: '/boot/%k': only %v may follow %" },
	{ BASE "cmdline /etc/default/grub 9LIVES\n", "line 4: '9LIVES': not a variable name" },
	{ BASE "cmdline /etc/default/grub A-B\n", "line 4: 'A-B': not a variable name" },
	{ BASE "links /vmlinuz\n", "line 4: 'links' takes 2 to 2 arguments, not 1" },
	{ BASE "links /vmlinuz initrd.img\n", "line 4: 'initrd.img': not an absolute path" },
	{ "os-id x\nkernel /lib/modules/%v/vmlinuz\n",
	  "line 2: '/lib/modules/%v/vmlinuz': %v only in the file name" },
	{ "os-id x\nkernel /k\ninitrd /%v/initrd\n", "line 3: '/%v/initrd': %v only in the file name" },
	{ BASE "modules disks ahci\n",
	  "line 4: unknown module class 'disks' (storage, virtio, fs or net)" },
	{ BASE "modules fs\n", "line 4: 'modules' takes 2 to 1024 arguments, not 1" },
	{ BASE "modules fs ext4/x\n", "line 4: 'ext4/x': not a module name" },
	{ BASE "modules fs "
	       "a2345678901234567890123456789012345678901234567890123456\n",
	  "line 4: 'a2345678901234567890123456789012345678901234567890123456': not a module name" },
	{ BASE "modules fs ext4\nmodules storage ext4\n", "line 5: module 'ext4' listed twice" },
	{ BASE "mounts /\n", "line 4: '/': not a mount point below /" },
	{ BASE "mounts /boot/\n", "line 4: '/boot/': not a mount point below /" },
	{ BASE "mounts /boot/../etc\n", "line 4: '/boot/../etc': not a mount point below /" },
	{ BASE "mounts /boot/..\n", "line 4: '/boot/..': not a mount point below /" },
	{ BASE "mounts /boot/%v\n", "line 4: '/boot/%v': not a mount point below /" },
	{ BASE "mounts boot\n", "line 4: 'boot': not an absolute path" },
	{ BASE "storage zfs\n", "line 4: unknown storage 'zfs' (lvm)" },
	{ BASE "storage\n", "line 4: 'storage' takes 1 to 1 arguments, not 0" },
	{ "os-id deb/ian\n", "line 1: 'deb/ian': not an os-release ID" },
	{ "kernel /k\ninitrd /i\n", "no 'os-id' line" },
	{ "os-id x\ninitrd /i\n", "no 'kernel' line" },
	{ "os-id x\nkernel /k\n", "no 'initrd' line" },
	{ "", "no 'os-id' line" },
};

static void refusals(void **state)
{
	struct profile p;
	struct err err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (profile_parse(&p, bad[i].text, strlen(bad[i].text), &err) == 0)
			fail_msg("accepted: %s", bad[i].text);
		assert_string_equal(err.msg, bad[i].message);
	}
}

static void refuses_nul_long_lines_and_size(void **state)
{
	static char big[PROFILE_MAX_SIZE + 2];
	char line[PROFILE_MAX_LINE + 40];
	struct profile p;
	struct err err;

	(void)state;
	assert_int_equal(profile_parse(&p, "os-id x\0", 8, &err), -1);
	assert_string_equal(err.msg, "contains a NUL byte: not a text file");
	memset(line, ' ', sizeof(line));
	memcpy(line, "os-id x", 7);
	line[sizeof(line) - 1] = '\0';
	assert_int_equal(profile_parse(&p, line, strlen(line), &err), -1);
	assert_string_equal(err.msg, "line 1: longer than 1024 bytes");
	memset(big, '#', sizeof(big));
	assert_int_equal(profile_parse(&p, big, sizeof(big), &err), -1);
	assert_string_equal(err.msg, "larger than 65536 bytes");
}

static void limits(void **state)
{
	char text[8192] = BASE "os-id";
	struct profile p;
	struct err err;

	(void)state;
	for (int i = 0; i <= PROFILE_MAX_IDS; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), " id%d", i);
	strcat(text, "\n");
	assert_int_equal(profile_parse(&p, text, strlen(text), &err), -1);
	assert_string_equal(err.msg, "line 4: 'os-id' takes 1 to 16 arguments, not 17");
	strcpy(text, BASE);
	for (int i = 0; i <= PROFILE_MAX_PATHS; i++)
		strcat(text, "boot /b\n");
	assert_int_equal(profile_parse(&p, text, strlen(text), &err), -1);
	assert_string_equal(err.msg, "line 20: more than 16 'boot' lines");
}

static void load_missing_file(void **state)
{
	struct profile p;
	struct err err;

	(void)state;
	assert_int_equal(profile_load(&p, "/nonexistent/profile", &err), -1);
	assert_string_equal(err.msg, "cannot open: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_a_full_profile),
		cmocka_unit_test(last_line_without_newline),
		cmocka_unit_test(shipped_profiles_parse),
		cmocka_unit_test(links_and_boot_kinds),
		cmocka_unit_test(mounts_and_storage),
		cmocka_unit_test(refusals),
		cmocka_unit_test(refuses_nul_long_lines_and_size),
		cmocka_unit_test(limits),
		cmocka_unit_test(load_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
