/* SPDX-License-Identifier: MIT */
#include "mkinitramfs.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "util/dir_walk.h"
#include "elf_deps.h"
#include "host_tool.h"
#include "cpio/fileset.h"
#include "kconfig.h"
#include "module_closure.h"
#include "module_stage.h"
#include "profile.h"
#include "rescue.h"
#include "storage_kit.h"
#include "util/strlist.h"

struct build {
	const struct mkinitramfs_opts *o;
	char kver[256];
	char moddir[4096];
	char profile_path[4096];
	struct profile profile;
	struct kconfig kconfig;
	struct fileset fs;
	struct strlist programs;
	struct module_stage stage;
};

/* Without --kver, ROOT/lib/modules must hold exactly one kernel. */
static int find_kver(struct build *b, struct err *err)
{
	char dir[4096];
	struct dirent *d;
	DIR *dh;
	int found = 0;

	if (b->o->kver) {
		snprintf(b->kver, sizeof(b->kver), "%s", b->o->kver);
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/lib/modules", b->o->root);
	dh = opendir(dir);
	if (!dh) {
		err_sys(err, "cannot open");
		return err_at(err, dir);
	}
	while ((d = readdir(dh)))
		if (d->d_name[0] != '.' && found++ == 0)
			snprintf(b->kver, sizeof(b->kver), "%s", d->d_name);
	closedir(dh);
	if (found != 1) {
		err_set(err, "holds %d kernels; choose one with --kver", found);
		return err_at(err, dir);
	}
	return 0;
}

static int add_profile(const char *top, const char *rel, void *ctx, struct err *err)
{
	struct build *b = ctx;
	char src[4096], dst[4096];
	struct profile p;

	snprintf(src, sizeof(src), "%s/%s", top, rel);
	snprintf(dst, sizeof(dst), "%s/%s", PROFILE_ARCHIVE_DIR, rel);
	/* injector-init parses them all at boot: a bad one must fail here. */
	if (profile_load(&p, src, err) < 0)
		return err_at(err, src);
	profile_free(&p);
	return fileset_file(&b->fs, dst, src, 0644, err);
}

static int add_profiles(struct build *b, struct err *err)
{
	const char *base = strrchr(b->profile_path, '/') + 1;
	char dst[4096], target[4096];

	if (profile_load(&b->profile, b->profile_path, err) < 0)
		return err_at(err, b->profile_path);
	if (dir_walk(b->o->profiles_dir, "", add_profile, b, err) < 0)
		return err_at(err, b->o->profiles_dir);
	snprintf(dst, sizeof(dst), "%s/%s", PROFILE_ARCHIVE_DIR, base);
	snprintf(target, sizeof(target), "profiles/%s", base);
	if (fileset_file(&b->fs, dst, b->profile_path, 0644, err) < 0 ||
	    fileset_symlink(&b->fs, PROFILE_ARCHIVE_SELECTED, target, err) < 0)
		return err_at(err, b->profile_path);
	return 0;
}

/* Refuses an archive compression the kernel could not unpack at boot. */
static int check_compression(struct build *b, const char *config, struct err *err)
{
	const char *symbol = cpio_compression_kconfig(b->o->compression);

	if (kconfig_load(&b->kconfig, config, err) < 0)
		return err_at(err, config);
	if (symbol && b->kconfig.present && !kconfig_enabled(&b->kconfig, symbol)) {
		err_set(err, "this kernel cannot unpack a %s archive at boot (%s is not set)",
			cpio_compression_name(b->o->compression), symbol);
		return err_at(err, config);
	}
	return 0;
}

static int add_modules(struct build *b, struct err *err)
{
	const char *wanted[PROFILE_MAX_MODULES];
	struct strlist paths = { 0 };
	size_t n = 0;
	int ret;

	for (size_t i = 0; i < b->profile.n_modules; i++)
		if (b->o->rescue || b->profile.modules[i].class != PROFILE_NET)
			wanted[n++] = b->profile.modules[i].name;
	ret = module_closure(b->moddir, wanted, n, &paths, err);
	b->stage.indexes = b->o->rescue;
	if (ret == 0)
		ret = module_stage(&b->stage, &b->fs, b->moddir, b->kver, &paths, &b->kconfig,
				    err);
	strlist_free(&paths);
	return ret < 0 ? err_at(err, b->moddir) : 0;
}

static int add_programs(struct build *b, struct err *err)
{
	struct strlist libs = { 0 };
	int ret = fileset_file(&b->fs, "init", b->o->init, 0755, err);

	if (ret == 0)
		ret = strlist_add(&b->programs, b->o->init, err) < 0 ? -1 : 0;
	if (ret < 0)
		return err_at(err, b->o->init);
	if (b->o->rescue && rescue_add(&b->fs, &b->programs, err) < 0)
		return -1;
	if (b->profile.lvm && host_tool_add(&b->fs, &b->programs, STORAGE_LVM, "lvm2", err) < 0)
		return -1;
	for (size_t i = 0; ret == 0 && i < b->programs.n; i++)
		if (elf_deps(b->programs.v[i], &libs, err) < 0)
			ret = err_at(err, b->programs.v[i]);
	for (size_t i = 0; ret == 0 && i < libs.n; i++)
		if (fileset_file(&b->fs, libs.v[i], libs.v[i], 0755, err) < 0)
			ret = err_at(err, libs.v[i]);
	strlist_free(&libs);
	return ret;
}

/* What the kernel and any init expect before they mount anything. */
static int add_skeleton(struct build *b, struct err *err)
{
	static const char *const dirs[] = { "dev", "proc", "sys", "run", "mnt" };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (fileset_dir(&b->fs, dirs[i], 0755, err) < 0)
			return -1;
	/* The kernel opens /dev/console for /init before devtmpfs is mounted. */
	if (fileset_chardev(&b->fs, "dev/console", 5, 1, 0600, err) < 0 ||
	    fileset_dir(&b->fs, "tmp", 01777, err) < 0)
		return -1;
	return 0;
}

static int build(struct build *b, struct err *err)
{
	const struct mkinitramfs_opts *o = b->o;
	char config[4096];

	if (strchr(o->profile, '/'))
		snprintf(b->profile_path, sizeof(b->profile_path), "%s", o->profile);
	else
		snprintf(b->profile_path, sizeof(b->profile_path), "%s/%s", o->profiles_dir,
			 o->profile);
	if (add_profiles(b, err) < 0 || find_kver(b, err) < 0)
		return -1;
	snprintf(b->moddir, sizeof(b->moddir), "%s/lib/modules/%s", o->root, b->kver);
	snprintf(config, sizeof(config), "%s/boot/config-%s", o->root, b->kver);
	if (check_compression(b, config, err) < 0 || add_modules(b, err) < 0 ||
	    add_programs(b, err) < 0)
		return -1;
	if (add_skeleton(b, err) < 0)
		return err_at(err, o->output);
	fileset_finish(&b->fs);
	/* The injector initramfs holds no secret of any VM: anyone may read it. */
	if (cpio_write(&b->fs, o->compression, o->mtime, o->output,
		       &(struct file_out){ .mode = 0644, .force = o->force }, err) < 0)
		return err_at(err, o->output);
	return 0;
}

int mkinitramfs(const struct mkinitramfs_opts *o, struct err *err)
{
	struct build b = { .o = o, .kconfig = { .view = { .fd = -1 } } };
	int ret = build(&b, err);

	module_unstage(&b.stage);
	kconfig_free(&b.kconfig);
	profile_free(&b.profile);
	fileset_free(&b.fs);
	strlist_free(&b.programs);
	return ret;
}
