/* SPDX-License-Identifier: MIT */
/*
 * The guest's boot configuration: grub.cfg, grubenv, BLS entries,
 * /etc/default/grub, version order, kernel/initrd pairing and the final
 * choice of kernels, on samples shaped like Debian 12, Ubuntu, Fedora 39
 * and Arch output (tests/data/bootcfg/), and on garbage. The distro
 * knowledge comes from the repository's distro-profiles/, with debian for
 * guests no profile claims, as in an archive built for it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>

#include "init_tree.h"

#include "bootcfg/bls.h"
#include "bootcfg/bootcfg.h"
#include "bootcfg/cmdsource.h"
#include "bootcfg/distro.h"
#include "bootcfg/grubcfg.h"
#include "bootcfg/grubenv.h"
#include "bootcfg/kernelpair.h"
#include "bootcfg/kernelpick.h"
#include "bootcfg/shellvars.h"
#include "bootcfg/version.h"
#include "guest/budget.h"

static struct distro_set profiles;

static int load_profiles(void **state)
{
	struct err err;

	(void)state;
	if (distro_load(&profiles, "distro-profiles", "distro-profiles/debian", &err) < 0)
		fail_msg("%s", err.msg);
	return 0;
}

static int free_profiles(void **state)
{
	(void)state;
	distro_free(&profiles);
	return 0;
}

static const struct distro *named(const char *name)
{
	for (size_t i = 0; i < profiles.n; i++)
		if (!strcmp(profiles.d[i].name, name))
			return &profiles.d[i];
	fail_msg("no distro profile %s", name);
	return NULL;
}

static char *slurp(const char *name, size_t *len)
{
	char path[256];
	char *buf = malloc(1 << 20);
	FILE *f;

	snprintf(path, sizeof(path), "tests/data/bootcfg/%s", name);
	f = fopen(path, "r");
	assert_non_null(f);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static const struct boot_entry *grub_default_of(const char *cfg, const char *env,
						struct grub_menu *m, struct vartab *vars)
{
	size_t len;
	char *text;
	struct err err;
	int i;

	memset(vars, 0, sizeof(*vars));
	if (env) {
		text = slurp(env, &len);
		grubenv_load(text, len, vars);
		free(text);
	}
	text = slurp(cfg, &len);
	assert_int_equal(grubcfg_parse(text, len, vars, NULL, NULL, m, &err), 0);
	free(text);
	i = grubcfg_default(m);
	return i < 0 ? NULL : &m->items[i].e;
}

static void grub_debian(void **state)
{
	struct vartab *vars = calloc(1, sizeof(*vars));
	struct grub_menu m;
	const struct boot_entry *e = grub_default_of("debian12-grub.cfg", NULL, &m, vars);

	(void)state;
	assert_non_null(e);
	assert_string_equal(m.default_spec, "0");
	assert_string_equal(e->title, "Debian GNU/Linux");
	assert_string_equal(e->id, "gnulinux-simple-5b1c8a32-8f3b-4c7e-9d77-3a1f0e2d4c11");
	assert_string_equal(e->kernel, "/boot/vmlinuz-6.1.0-18-amd64");
	assert_string_equal(e->initrd, "/boot/initrd.img-6.1.0-18-amd64");
	assert_string_equal(e->args, "root=UUID=5b1c8a32-8f3b-4c7e-9d77-3a1f0e2d4c11 ro quiet");
	/* Debian's menu: 1 entry, 1 submenu with 3 entries, and the firmware entry. */
	assert_int_equal(m.n, 6);
	assert_int_equal(m.items[1].is_submenu, 1);
	assert_int_equal(m.items[4].parent, 1);
	assert_int_equal(m.items[4].position, 2);
	grubcfg_free(&m);
	free(vars);
}

static void grub_ubuntu_saved_entry_in_submenu(void **state)
{
	struct vartab *vars = calloc(1, sizeof(*vars));
	struct grub_menu m;
	const struct boot_entry *e = grub_default_of("ubuntu-grub.cfg", "ubuntu-grubenv", &m, vars);

	(void)state;
	assert_non_null(e);
	assert_string_equal(e->title, "Ubuntu, with Linux 6.1.0-17-amd64");
	assert_string_equal(e->kernel, "/@/boot/vmlinuz-6.1.0-17-amd64");
	assert_string_equal(e->args, "root=UUID=5b1c8a32-8f3b-4c7e-9d77-3a1f0e2d4c11 ro "
				     "rootflags=subvol=@ quiet splash vt.handoff=7");
	grubcfg_free(&m);
	free(vars);
}

static void grub_default_forms(void **state)
{
	static const struct {
		const char *spec, *title;
	} cases[] = {
		{ "1>2", "Debian GNU/Linux, with Linux 6.1.0-17-amd64" },
		{ "Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-18-amd64 "
		  "(recovery mode)",
		  "Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)" },
		{ "1", "Debian GNU/Linux, with Linux 6.1.0-18-amd64" },
		{ "2", "Debian GNU/Linux" },          /* the firmware entry has no kernel */
		{ "7>3>1", "Debian GNU/Linux" },      /* nothing there */
		{ "0>1", "Debian GNU/Linux" },        /* an entry is no submenu */
		{ "gnulinux-6.1.0-17-amd64-advanced-5b1c8a32-8f3b-4c7e-9d77-3a1f0e2d4c11", "Debian GNU/Linux" },
	};
	struct vartab *vars = calloc(1, sizeof(*vars));
	struct grub_menu m;

	(void)state;
	grub_default_of("debian12-grub.cfg", NULL, &m, vars);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(m.default_spec, sizeof(m.default_spec), "%s", cases[i].spec);
		assert_string_equal(m.items[grubcfg_default(&m)].e.title, cases[i].title);
	}
	grubcfg_free(&m);
	free(vars);
}

static void grub_arch_two_initrds(void **state)
{
	struct vartab *vars = calloc(1, sizeof(*vars));
	struct grub_menu m;
	const struct boot_entry *e = grub_default_of("arch-grub.cfg", NULL, &m, vars);

	(void)state;
	assert_string_equal(e->kernel, "/boot/vmlinuz-linux");
	assert_string_equal(e->initrd, "/boot/intel-ucode.img /boot/initramfs-linux.img");
	assert_string_equal(e->args, "root=UUID=0e3a7c55-1b2f-4a8e-8c61-9a4f2b7d3e10 rw loglevel=3 quiet");
	grubcfg_free(&m);
	free(vars);
}

static void grub_fedora_hands_over_to_bls(void **state)
{
	struct vartab *vars = calloc(1, sizeof(*vars));
	struct grub_menu m;

	(void)state;
	assert_null(grub_default_of("fedora-grub.cfg", "fedora-grubenv", &m, vars));
	assert_int_equal(m.blscfg, 1);
	assert_string_equal(m.default_spec, "8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e-6.5.6-300.fc39.x86_64");
	grubcfg_free(&m);
	free(vars);
}

static char *source_loader(void *ctx, const char *path, size_t *len)
{
	const char *text = strcmp(path, "/boot/grub/custom.cfg") ? "source /boot/grub/custom.cfg\n"
								 : (const char *)ctx;

	*len = strlen(text);
	return strdup(text);
}

static void grub_source_and_depth(void **state)
{
	const char *cfg = "set default=custom\nsource ${config_directory}/custom.cfg\n";
	const char *custom = "menuentry 'Mine' --id custom {\n linux ($root)/vmlinuz-x a=1\n}\n";
	struct vartab *vars = calloc(1, sizeof(*vars));
	struct grub_menu m;
	struct err err;

	(void)state;
	vartab_set(vars, "config_directory", "/boot/grub");
	assert_int_equal(grubcfg_parse(cfg, strlen(cfg), vars, source_loader, (void *)custom, &m, &err), 0);
	assert_int_equal(grubcfg_default(&m), 0);
	assert_string_equal(m.items[0].e.kernel, "/vmlinuz-x");
	grubcfg_free(&m);
	/* A file that sources itself stops at the depth bound. */
	memset(vars, 0, sizeof(*vars));
	assert_int_equal(grubcfg_parse("source /x\n", 10, vars, source_loader, (void *)"", &m, &err), 0);
	assert_int_equal(m.n, 0);
	assert_int_equal(grubcfg_default(&m), -1);
	grubcfg_free(&m);
	free(vars);
}

static void grub_garbage(void **state)
{
	static const char *const inputs[] = {
		"}}}}}}}}\n{{{{\nmenuentry\nlinux\ninitrd\nset\nset =\n=x\n",
		"menuentry 'a' {\nlinux\n", "menuentry \"unterminated {\n linux /k\n}\n",
		"menuentry a { linux /k x; initrd /i; }\n", "${${${{{$$$\n'\\\n\"\\",
		"submenu s {\nsubmenu t {\nsubmenu u {\nmenuentry e {\nlinux /deep\n}}}}\nset default=0>0>0>0\n",
	};
	struct vartab *vars = calloc(1, sizeof(*vars));
	struct grub_menu m;
	struct err err;

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		memset(vars, 0, sizeof(*vars));
		assert_int_equal(grubcfg_parse(inputs[i], strlen(inputs[i]), vars, NULL, NULL, &m, &err), 0);
		grubcfg_default(&m);
		grubcfg_free(&m);
	}
	memset(vars, 0, sizeof(*vars));
	grubcfg_parse(inputs[3], strlen(inputs[3]), vars, NULL, NULL, &m, &err);
	assert_string_equal(m.items[0].e.kernel, "/k");
	assert_string_equal(m.items[0].e.initrd, "/i");
	grubcfg_free(&m);
	memset(vars, 0, sizeof(*vars));
	grubcfg_parse(inputs[5], strlen(inputs[5]), vars, NULL, NULL, &m, &err);
	assert_string_equal(m.items[grubcfg_default(&m)].e.kernel, "/deep");
	grubcfg_free(&m);
	free(vars);
}

static void grub_oversized(void **state)
{
	size_t len = 3u << 20;
	char *text = malloc(len);
	struct vartab *vars = calloc(1, sizeof(*vars));
	struct grub_menu m;
	struct err err;
	size_t n = 0;

	(void)state;
	/* Many entries, and a line far longer than BOOTCFG_MAX_LINE. */
	while (n + 64 < len / 2)
		n += sprintf(text + n, "menuentry e%zu {\nlinux /k%zu\n}\n", n, n);
	memset(text + n, 'x', len - n);
	assert_int_equal(grubcfg_parse(text, len, vars, NULL, NULL, &m, &err), 0);
	assert_int_equal(m.n, BOOTCFG_MAX_ENTRIES);
	assert_int_equal(grubcfg_default(&m), 0);
	grubcfg_free(&m);
	free(vars);
	free(text);
}

static void bls_fedora(void **state)
{
	static const char *const ids[] = {
		"8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e-6.5.6-300.fc39.x86_64",
		"8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e-6.7.4-200.fc39.x86_64",
		"8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e-0-rescue-8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e",
	};
	struct vartab *vars = calloc(1, sizeof(*vars));
	struct boot_entry e[3];
	char name[256];
	size_t len;
	char *text;

	(void)state;
	text = slurp("fedora-grubenv", &len);
	grubenv_load(text, len, vars);
	free(text);
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "fedora-entries/%s.conf", ids[i]);
		text = slurp(name, &len);
		assert_int_equal(bls_parse(text, len, ids[i], vars, &e[i]), 0);
		free(text);
	}
	assert_string_equal(e[0].args, "root=UUID=3f0b5d2e-7a41-4c1b-b8f9-2d6e4a9c0b17 ro rootflags=subvol=root rhgb quiet ");
	assert_string_equal(e[0].initrd, "/initramfs-6.5.6-300.fc39.x86_64.img");
	bls_sort(e, 3);
	assert_string_equal(e[0].version, "6.7.4-200.fc39.x86_64");
	assert_string_equal(e[1].version, "6.5.6-300.fc39.x86_64");
	assert_string_equal(e[2].version, "0-rescue-8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e");
	assert_int_equal(bls_default(e, 3, ids[0]), 1);
	assert_int_equal(bls_default(e, 3, "*-0-rescue-*"), 2);
	assert_int_equal(bls_default(e, 3, "8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e-6.5.6-300.fc39.x86_64.conf"), 1);
	assert_int_equal(bls_default(e, 3, "nothing"), 0);
	assert_int_equal(bls_default(e, 3, NULL), 0);
	free(vars);
}

static void bls_systemd_and_garbage(void **state)
{
	struct vartab vars = { 0 };
	struct boot_entry e;
	size_t len;
	char *text = slurp("fedora-loader-entry-systemd.conf", &len);

	(void)state;
	assert_int_equal(bls_parse(text, len, "x", &vars, &e), 0);
	assert_string_equal(e.sort_key, "fedora");
	assert_string_equal(e.kernel, "/8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e/6.7.4-200.fc39.x86_64/linux");
	free(text);
	assert_int_equal(bls_parse("title t\noptions a\n", 18, "y", &vars, &e), -1);
	assert_int_equal(bls_parse("\0\0linux\n\n  linux   /k  \n", 24, "z", &vars, &e), 0);
	assert_string_equal(e.kernel, "/k");
	assert_string_equal(e.title, "z");
}

static void version_order(void **state)
{
	(void)state;
	assert_true(version_cmp("6.1.0-18-amd64", "6.1.0-9-amd64") > 0);
	assert_true(version_cmp("6.10.0", "6.9.12") > 0);
	assert_true(version_cmp("6.1~rc1", "6.1") < 0);
	assert_true(version_cmp("6.1", "6.1.0") < 0);
	assert_true(version_cmp("6.5.6-300.fc39", "6.5.6-300.fc39") == 0);
	assert_true(version_cmp("007", "7") == 0);
	assert_true(version_cmp("linux-lts", "linux") > 0);
	assert_true(version_cmp("", "1") < 0);
	assert_true(version_cmp("a", "") > 0);
}

/* The initrd named first for KERNEL on the guest with OS_RELEASE; how many in *N. */
static const char *first_initrd(const char *os_release, const char *kernel, size_t *n)
{
	static char names[KERNELPAIR_NAMES][GUEST_PATH_MAX];
	const struct distro *d = distro_match(&profiles, os_release, strlen(os_release));

	*n = kernelpair_names(&profiles, d, kernel, names);
	return *n ? names[0] : "";
}

static void pairing(void **state)
{
	const char *deb = "ID=debian\n", *ubu = "ID=ubuntu\nID_LIKE=debian\n",
		   *rocky = "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n", *arch = "ID=arch\n",
		   *leap = "ID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\n";
	size_t n;

	(void)state;
	assert_ptr_equal(distro_match(&profiles, deb, strlen(deb)), named("debian"));
	assert_ptr_equal(distro_match(&profiles, rocky, strlen(rocky)), named("fedora"));
	assert_ptr_equal(distro_match(&profiles, "ID=archer\n", 10), profiles.fallback);
	assert_string_equal(first_initrd(deb, "/boot/vmlinuz-6.1.0-18-amd64", &n),
			    "/boot/initrd.img-6.1.0-18-amd64");
	assert_int_equal(n, 3);
	assert_string_equal(first_initrd(ubu, "/boot/vmlinuz-6.1.0-18-amd64", &n),
			    "/boot/initrd.img-6.1.0-18-amd64");
	assert_string_equal(first_initrd(rocky, "/boot/vmlinuz-6.5.6-300.fc39.x86_64", &n),
			    "/boot/initramfs-6.5.6-300.fc39.x86_64.img");
	assert_int_equal(n, 3);
	assert_string_equal(first_initrd(arch, "/boot/vmlinuz-linux", &n), "/boot/initramfs-linux.img");
	assert_string_equal(first_initrd(leap, "/vmlinuz-5.14", &n), "/initrd-5.14");
	assert_string_equal(first_initrd(deb, "/boot/bzImage", &n), "");
	assert_string_equal(first_initrd(deb, "/boot/vmlinuz-", &n), "");
}

/* A guest's /etc/kernel/cmdline and /etc/default/grub (NULL: absent), for cmdsource_from. */
struct cmdline_files {
	const char *kernel_cmdline, *default_grub;
};

static char *cmdline_file(void *ctx, const char *path, size_t *len)
{
	const struct cmdline_files *f = ctx;
	const char *text = !strcmp(path, "/etc/kernel/cmdline") ? f->kernel_cmdline
			   : !strcmp(path, "/etc/default/grub")  ? f->default_grub
								 : NULL;

	if (!text)
		return NULL;
	*len = strlen(text);
	return strdup(text);
}

static void command_line_sources(void **state)
{
	const struct profile *debian = &named("debian")->profile;
	struct cmdline_files f = { NULL, NULL };
	char out[256];
	size_t len;
	char *grub = slurp("debian-default-grub", &len);

	(void)state;
	f.default_grub = grub;
	cmdsource_from(debian, cmdline_file, &f, "u-1", out, sizeof(out));
	assert_string_equal(out, "root=UUID=u-1 ro console=tty0 console=ttyS0,115200n8 net.ifnames=0 quiet");
	f.kernel_cmdline = "  root=/dev/vda2 rw quiet \n second line\n";
	cmdsource_from(debian, cmdline_file, &f, "u-1", out, sizeof(out));
	assert_string_equal(out, "root=/dev/vda2 rw quiet");
	f = (struct cmdline_files){ NULL, NULL };
	cmdsource_from(debian, cmdline_file, &f, "u-1", out, sizeof(out));
	assert_string_equal(out, "root=UUID=u-1 ro");
	cmdsource_from(debian, cmdline_file, &f, "", out, sizeof(out));
	assert_string_equal(out, "");
	free(grub);
}

static void shell_assignments(void **state)
{
	const char *t = "export A='x y'\nB=\"$A z\" # c\nC=${B}\\ w;D=1\nif true; then E=2; fi\n";
	char v[64];

	(void)state;
	assert_int_equal(shellvars_get(t, strlen(t), "C", v, sizeof(v)), 1);
	assert_string_equal(v, "x y z w");
	assert_int_equal(shellvars_get(t, strlen(t), "D", v, sizeof(v)), 1);
	assert_int_equal(shellvars_get(t, strlen(t), "E", v, sizeof(v)), 0);
	assert_int_equal(shellvars_get("X=\"unterminated", 15, "X", v, sizeof(v)), 1);
	assert_string_equal(v, "unterminated");
}

/* As the archive has them: every profile, and a link to the one it was built for. */
static void profiles_as_in_the_archive(void **state)
{
	static const char *const ok = "os-id a\nkernel /boot/vmlinuz-%v\ninitrd /boot/initrd-%v\n";
	const char *like = "ID=x\nID_LIKE=\"z c a\"\n", *id = "ID=a\nID_LIKE=c\n";
	struct distro_set s;
	struct err err;
	char d[64], path[128], link[128];

	(void)state;
	tree_new(d);
	tree_puts(d, "profiles/one", ok);
	tree_puts(d, "profiles/two", "# comment\nos-id b c\nkernel /vmlinuz-%v\ninitrd /initrd-%v\n");
	snprintf(path, sizeof(path), "%s/profiles", d);
	snprintf(link, sizeof(link), "%s/profile", d);
	assert_int_equal(symlink("profiles/two", link), 0);
	assert_int_equal(distro_load(&s, path, link, &err), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.d[0].name, "one");
	assert_string_equal(s.fallback->name, "two");
	/* ID first, then ID_LIKE's words in their order. */
	assert_ptr_equal(distro_match(&s, like, strlen(like)), &s.d[1]);
	assert_ptr_equal(distro_match(&s, id, strlen(id)), &s.d[0]);
	distro_free(&s);
	assert_int_equal(distro_load(&s, path, "/nonexistent", &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent: not one of the profiles in /tmp/"));
	tree_puts(d, "profiles/three", "os-id x\n");
	assert_int_equal(distro_load(&s, path, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "/profiles/three: no 'kernel' line"));
	tree_free(d);
}

/* ---- whole guest trees --------------------------------------------------- */

/* The kernels for the guest root DIR and its ESP (NULL: none). */
static size_t pick_esp(const char *dir, const char *esp, const char *cmdline, struct kcand *c)
{
	struct init_config cfg;
	struct kernelpick_in in = { &cfg, NULL, "root-uuid", &profiles, NULL };
	struct bootfds fds = { { tree_open(dir), esp ? tree_open(esp) : -1 } };
	struct err err;
	size_t n = 0;

	assert_int_equal(cmdline_parse(cmdline, &cfg, &err), 0);
	in.distro = distro_of_guest(&profiles, fds.fd[BOOTFS_ROOT]);
	if (kernelpick(&fds, &in, c, &n, &err) < 0)
		n = 0;
	for (int i = 0; i < BOOTFS_COUNT; i++)
		if (fds.fd[i] >= 0)
			close(fds.fd[i]);
	return n;
}

static size_t pick(const char *dir, const char *cmdline, struct kcand *c)
{
	return pick_esp(dir, NULL, cmdline, c);
}

static void tree_debian(void **state)
{
	struct kcand c[KCAND_MAX];
	char d[64];

	(void)state;
	tree_new(d);
	tree_sample(d, "boot/grub/grub.cfg", "debian12-grub.cfg");
	tree_sample(d, "etc/os-release", "debian-os-release");
	tree_puts(d, "boot/vmlinuz-6.1.0-18-amd64", "k18");
	tree_puts(d, "boot/initrd.img-6.1.0-18-amd64", "i18");
	tree_puts(d, "boot/vmlinuz-6.1.0-9-amd64", "k9");
	tree_puts(d, "boot/initrd.img-6.1.0-9-amd64", "i9");
	symlink("boot/vmlinuz-6.1.0-18-amd64", strcat(strcpy((char[128]){ 0 }, d), "/vmlinuz"));
	assert_int_equal(pick(d, "injector.fail=reboot", c), 2);
	assert_string_equal(c[0].kernel, "/boot/vmlinuz-6.1.0-18-amd64");
	assert_string_equal(c[0].initrd, "/boot/initrd.img-6.1.0-18-amd64");
	assert_string_equal(c[0].cmdline, "root=UUID=5b1c8a32-8f3b-4c7e-9d77-3a1f0e2d4c11 ro quiet");
	assert_string_equal(c[1].kernel, "/vmlinuz");
	tree_free(d);
}

static void tree_fedora_bls(void **state)
{
	struct kcand c[KCAND_MAX];
	char d[64];

	(void)state;
	tree_new(d);
	tree_sample(d, "boot/grub2/grub.cfg", "fedora-grub.cfg");
	tree_sample(d, "boot/grub2/grubenv", "fedora-grubenv");
	tree_sample(d, "etc/os-release", "fedora-os-release");
	tree_sample(d, "boot/loader/entries/8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e-6.5.6-300.fc39.x86_64.conf",
		    "fedora-entries/8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e-6.5.6-300.fc39.x86_64.conf");
	tree_sample(d, "boot/loader/entries/8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e-6.7.4-200.fc39.x86_64.conf",
		    "fedora-entries/8b0d9c1e2f3a4b5c6d7e8f9a0b1c2d3e-6.7.4-200.fc39.x86_64.conf");
	tree_puts(d, "boot/vmlinuz-6.5.6-300.fc39.x86_64", "k");
	tree_puts(d, "boot/initramfs-6.5.6-300.fc39.x86_64.img", "i");
	tree_puts(d, "boot/vmlinuz-6.7.4-200.fc39.x86_64", "k");
	tree_puts(d, "boot/initramfs-6.7.4-200.fc39.x86_64.img", "i");
	assert_int_equal(pick(d, "", c), 2);
	/* saved_entry picks the older kernel; the newest follows as a fallback. */
	assert_string_equal(c[0].kernel, "/boot/vmlinuz-6.5.6-300.fc39.x86_64");
	assert_string_equal(c[0].initrd, "/boot/initramfs-6.5.6-300.fc39.x86_64.img");
	assert_string_equal(c[0].cmdline, "root=UUID=3f0b5d2e-7a41-4c1b-b8f9-2d6e4a9c0b17 ro rootflags=subvol=root rhgb quiet");
	assert_string_equal(c[1].kernel, "/boot/vmlinuz-6.7.4-200.fc39.x86_64");
	assert_string_equal(c[1].cmdline, "root=UUID=root-uuid ro");
	tree_free(d);
}

#define MID "7674e5f1c0de4b2e9f0a1e2d3c4b5a61"

/* A Debian root D and an ESP E, fresh. */
static void esp_guest(char d[64], char e[64])
{
	tree_new(d);
	tree_new(e);
	tree_sample(d, "etc/os-release", "debian-os-release");
}

/* Debian's systemd-boot and kernel-install: entries and kernels on the ESP, none in /boot. */
static void tree_esp_entries(void **state)
{
	struct kcand c[KCAND_MAX];
	char d[64], e[64];

	(void)state;
	esp_guest(d, e);
	tree_puts(d, "etc/kernel/cmdline", "root=UUID=fallback ro\n");
	tree_puts(e, "loader/loader.conf", "timeout 3\ndefault " MID "-6.1.0-9*\n");
	for (int i = 0; i < 2; i++) {
		const char *v = i ? "6.1.0-9-cloud-amd64" : "6.1.0-50-cloud-amd64";
		char path[256], text[512];

		snprintf(path, sizeof(path), "loader/entries/" MID "-%s.conf", v);
		snprintf(text, sizeof(text),
			 "title Debian GNU/Linux 12 (bookworm)\nversion %s\nmachine-id " MID
			 "\nsort-key debian\noptions root=UUID=r ro console=ttyS0 v=%s\n"
			 "linux /" MID "/%s/linux\ninitrd /" MID "/%s/initrd.img-%s\n",
			 v, v, v, v, v);
		tree_puts(e, path, text);
	}
	/* Without the ESP there is nothing to boot. */
	assert_int_equal(pick(d, "", c), 0);
	/* loader.conf's default, not the newest entry. */
	assert_int_equal(pick_esp(d, e, "", c), 1);
	assert_int_equal(c[0].fs, BOOTFS_ESP);
	assert_string_equal(c[0].kernel, "/" MID "/6.1.0-9-cloud-amd64/linux");
	assert_string_equal(c[0].initrd, "/" MID "/6.1.0-9-cloud-amd64/initrd.img-6.1.0-9-cloud-amd64");
	assert_string_equal(c[0].cmdline, "root=UUID=r ro console=ttyS0 v=6.1.0-9-cloud-amd64");
	assert_string_equal(c[0].source, "ESP boot entry");
	/* Without loader.conf: the newest version first. A kernel in /boot comes after. */
	tree_puts(e, "loader/loader.conf", "timeout 3\n");
	tree_puts(d, "boot/vmlinuz-6.1.0-50-cloud-amd64", "k");
	assert_int_equal(pick_esp(d, e, "", c), 2);
	assert_string_equal(c[0].kernel, "/" MID "/6.1.0-50-cloud-amd64/linux");
	assert_int_equal(c[1].fs, BOOTFS_ROOT);
	assert_string_equal(c[1].kernel, "/boot/vmlinuz-6.1.0-50-cloud-amd64");
	tree_free(d);
	tree_free(e);
}

/* A UKI on the ESP (the fuzzer's seed, made by tests/uki.sh), and files that are no UKI. */
static void tree_esp_uki(void **state)
{
	struct kcand c[KCAND_MAX];
	char d[64], e[64];

	(void)state;
	esp_guest(d, e);
	tree_sample(e, "EFI/Linux/debian-6.1.0-50-cloud-amd64.efi",
		    "../../fuzz/corpus/fuzz_bootcfg_uki/uki.efi");
	tree_puts(e, "EFI/Linux/debian-6.1.0-9-cloud-amd64.efi", "MZ, but no PE");
	tree_puts(e, "EFI/Linux/debian-7.0.efi", "not a UKI, and newer");
	tree_puts(d, "boot/vmlinuz-6.1.0-50-cloud-amd64", "k");
	assert_int_equal(pick_esp(d, e, "", c), 2);
	assert_int_equal(c[0].fs, BOOTFS_ESP);
	assert_true(c[0].uki);
	assert_string_equal(c[0].kernel, "/EFI/Linux/debian-6.1.0-50-cloud-amd64.efi");
	assert_string_equal(c[0].initrd, "");
	assert_string_equal(c[0].cmdline, "console=ttyS0 root=/dev/vda2");
	assert_string_equal(c[0].source, "UKI Debian GNU/Linux 12 (bookworm)");
	assert_false(c[1].uki);
	assert_string_equal(c[1].kernel, "/boot/vmlinuz-6.1.0-50-cloud-amd64");
	tree_free(d);
	tree_free(e);
}

static void tree_no_config(void **state)
{
	struct kcand c[KCAND_MAX];
	char d[64];

	(void)state;
	tree_new(d);
	tree_sample(d, "etc/default/grub", "debian-default-grub");
	tree_puts(d, "etc/os-release", "ID=ubuntu\n");
	tree_puts(d, "boot/vmlinuz-5.15.0-91-generic", "k");
	tree_puts(d, "boot/vmlinuz-5.15.0-101-generic", "k");
	tree_puts(d, "boot/initrd.img-5.15.0-101-generic", "i");
	tree_puts(d, "boot/initramfs-5.15.0-101-generic.img", "wrong style");
	assert_int_equal(pick(d, "injector.rootwait=1 console=ttyS0", c), 1);
	assert_string_equal(c[0].kernel, "/boot/vmlinuz-5.15.0-101-generic");
	assert_string_equal(c[0].initrd, "/boot/initrd.img-5.15.0-101-generic");
	assert_string_equal(c[0].cmdline, "root=UUID=root-uuid ro console=tty0 console=ttyS0,115200n8 net.ifnames=0 quiet");
	tree_free(d);
}

static void tree_override(void **state)
{
	struct kcand c[KCAND_MAX];
	char d[64];

	(void)state;
	tree_new(d);
	tree_sample(d, "boot/grub/grub.cfg", "arch-grub.cfg");
	tree_puts(d, "etc/os-release", "ID=arch\n");
	tree_puts(d, "boot/vmlinuz-linux", "k");
	tree_puts(d, "boot/initramfs-linux.img", "i");
	tree_puts(d, "boot/intel-ucode.img", "u");
	tree_puts(d, "boot/vmlinuz-linux-lts", "k");
	tree_puts(d, "boot/initramfs-linux-lts.img", "i");
	assert_int_equal(pick(d, "injector.kernel=/boot/vmlinuz-linux-lts", c), 2);
	assert_string_equal(c[0].kernel, "/boot/vmlinuz-linux-lts");
	assert_string_equal(c[0].initrd, "/boot/initramfs-linux-lts.img");
	assert_string_equal(c[1].initrd, "/boot/intel-ucode.img /boot/initramfs-linux.img");
	assert_int_equal(pick(d, "injector.kernel=/boot/vmlinuz-linux injector.initrd=none", c), 2);
	assert_string_equal(c[0].initrd, "");
	tree_free(d);
}

/*
 * FIFOs where the guest's configuration belongs: an open that blocked would
 * hang PID 1 (alarm turns a hang into a failed test). Skipped as absent.
 */
static void tree_fifo_config(void **state)
{
	static const char *const fifos[] = { "boot/grub/grub.cfg", "boot/grub/grubenv",
					     "etc/os-release", "etc/default/grub",
					     "etc/kernel/cmdline", "boot/loader/entries/x.conf",
					     "boot/vmlinuz-6.2.0-1-amd64" };
	struct kcand c[KCAND_MAX];
	char d[64], path[128];

	(void)state;
	alarm(10);
	tree_new(d);
	tree_puts(d, "boot/vmlinuz-6.1.0-18-amd64", "k18");
	tree_puts(d, "boot/initrd.img-6.1.0-18-amd64", "i18");
	mkdir(strcat(strcpy(path, d), "/boot/grub"), 0755);
	mkdir(strcat(strcpy(path, d), "/boot/loader"), 0755);
	mkdir(strcat(strcpy(path, d), "/boot/loader/entries"), 0755);
	mkdir(strcat(strcpy(path, d), "/etc"), 0755);
	mkdir(strcat(strcpy(path, d), "/etc/default"), 0755);
	mkdir(strcat(strcpy(path, d), "/etc/kernel"), 0755);
	for (size_t i = 0; i < sizeof(fifos) / sizeof(fifos[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", d, fifos[i]);
		assert_int_equal(mkfifo(path, 0644), 0);
	}
	assert_int_equal(pick(d, "", c), 1);
	assert_string_equal(c[0].kernel, "/boot/vmlinuz-6.1.0-18-amd64");
	assert_string_equal(c[0].initrd, "/boot/initrd.img-6.1.0-18-amd64");
	alarm(0);
	tree_free(d);
}

/* The kernel choice for the tree DIR fails; its error in ERR. */
static void pick_fails(const char *dir, struct err *err)
{
	struct init_config cfg;
	struct kernelpick_in in = { &cfg, NULL, "root-uuid", &profiles, NULL };
	struct kcand c[KCAND_MAX];
	size_t n = 0;
	int fd = tree_open(dir);

	assert_int_equal(cmdline_parse("", &cfg, err), 0);
	in.distro = distro_of_guest(&profiles, fd);
	assert_int_equal(kernelpick(&(struct bootfds){ { fd, -1 } }, &in, c, &n, err), -1);
	close(fd);
}

/*
 * Guests whose boot configuration would take the kernel choice for ever,
 * each within the per-file bounds: grub.cfg sourcing itself 64 times at
 * every level (64^4 reads), 1 MiB of such lines (38000^4), and one name
 * more than the budget's directory entries among the BLS entries.
 */
static void tree_read_budget(void **state)
{
	size_t len;
	char d[64], *big;
	struct err err;

	(void)state;
	alarm(120); /* without the budget: hours; with it, seconds (most of it making the files) */
	tree_new(d);
	tree_sample(d, "etc/os-release", "debian-os-release");
	tree_puts(d, "boot/vmlinuz-6.1.0-18-amd64", "k18");
	tree_sample(d, "boot/grub/grub.cfg", "fanout-grub.cfg");
	pick_fails(d, &err);
	assert_int_equal(err.errnum, EDQUOT);
	assert_non_null(strstr(err.msg, "more than 4096 file opens, 16777216 bytes or 16384 directory "
					"entries: read budget spent"));
	big = malloc(BOOTCFG_MAX_SIZE);
	assert_non_null(big);
	for (len = 0; len + 32 < BOOTCFG_MAX_SIZE;)
		len += sprintf(big + len, "source /boot/grub/grub.cfg\n");
	tree_write(d, "boot/grub/grub.cfg", big, len);
	free(big);
	pick_fails(d, &err);
	assert_int_equal(err.errnum, EDQUOT);
	tree_free(d);

	tree_new(d);
	tree_sample(d, "etc/os-release", "fedora-os-release");
	for (unsigned long i = 0; i <= GUEST_BUDGET_ENTRIES; i++) {
		char name[64];

		snprintf(name, sizeof(name), "boot/loader/entries/x%05lu", i);
		tree_puts(d, name, "");
	}
	pick_fails(d, &err);
	assert_int_equal(err.errnum, EDQUOT);
	alarm(0);
	tree_free(d);
}

static void tree_empty(void **state)
{
	struct kcand c[KCAND_MAX];
	char d[64];

	(void)state;
	tree_new(d);
	tree_puts(d, "boot/grub/grub.cfg", "menuentry x {\n}\n");
	assert_int_equal(pick(d, "", c), 0);
	tree_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grub_debian),
		cmocka_unit_test(grub_ubuntu_saved_entry_in_submenu),
		cmocka_unit_test(grub_default_forms),
		cmocka_unit_test(grub_arch_two_initrds),
		cmocka_unit_test(grub_fedora_hands_over_to_bls),
		cmocka_unit_test(grub_source_and_depth),
		cmocka_unit_test(grub_garbage),
		cmocka_unit_test(grub_oversized),
		cmocka_unit_test(bls_fedora),
		cmocka_unit_test(bls_systemd_and_garbage),
		cmocka_unit_test(version_order),
		cmocka_unit_test(pairing),
		cmocka_unit_test(command_line_sources),
		cmocka_unit_test(shell_assignments),
		cmocka_unit_test(profiles_as_in_the_archive),
		cmocka_unit_test(tree_debian),
		cmocka_unit_test(tree_fedora_bls),
		cmocka_unit_test(tree_esp_entries),
		cmocka_unit_test(tree_esp_uki),
		cmocka_unit_test(tree_no_config),
		cmocka_unit_test(tree_override),
		cmocka_unit_test(tree_empty),
		cmocka_unit_test(tree_fifo_config),
		cmocka_unit_test(tree_read_budget),
	};

	return cmocka_run_group_tests(tests, load_profiles, free_profiles);
}
