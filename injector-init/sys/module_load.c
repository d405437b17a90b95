/* SPDX-License-Identifier: MIT */
#include "module_load.h"

#include <dirent.h>
#include <fcntl.h>
#include <libkmod.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "coldplug_tier.h"

#define SYSFS_DEPTH 16  /* /sys/devices is a tree; symlinks are not followed */
#define COLDPLUG_PASSES 4 /* a loaded bus driver (virtio_pci) adds devices (virtio_blk) */

static struct kmod_ctx *context(struct err *err)
{
	static struct kmod_ctx *ctx;

	if (!ctx) {
		ctx = kmod_new(NULL, NULL);
		if (!ctx)
			err_set(err, "libkmod: cannot open /lib/modules");
		else
			kmod_load_resources(ctx);
	}
	return ctx;
}

/*
 * Inserts what ALIAS resolves to; returns how many were not loaded before.
 * *PRESENT (if set) counts those in the kernel afterwards, old or new.
 */
static int load_alias(struct kmod_ctx *ctx, const char *alias, int *present)
{
	struct kmod_list *list = NULL, *l;
	int inserted = 0, here = 0;

	if (kmod_module_new_from_lookup(ctx, alias, &list) < 0 || !list)
		return 0;
	kmod_list_foreach(l, list) {
		struct kmod_module *mod = kmod_module_get_module(l);
		int state = kmod_module_get_initstate(mod);

		if (state == KMOD_MODULE_LIVE || state == KMOD_MODULE_BUILTIN)
			here++;
		else if (kmod_module_probe_insert_module(mod, KMOD_PROBE_APPLY_BLACKLIST, NULL,
							 NULL, NULL, NULL) == 0)
			inserted++;
		kmod_module_unref(mod);
	}
	kmod_module_unref_list(list);
	if (present)
		*present = here + inserted;
	return inserted;
}

static int read_modalias(int dirfd, char *buf, size_t size)
{
	int fd = openat(dirfd, "modalias", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* What one coldplug pass loads: the tiers up to LAST, in sysfs order. */
struct walk {
	struct kmod_ctx *ctx;
	enum coldplug_tier last;
};

static int walk(const struct walk *w, int dirfd, unsigned depth)
{
	char alias[512];
	struct dirent *d;
	int inserted = 0;
	DIR *dir;

	if (read_modalias(dirfd, alias, sizeof(alias)) == 0 && coldplug_tier(alias) <= w->last)
		inserted += load_alias(w->ctx, alias, NULL);
	if (depth >= SYSFS_DEPTH || !(dir = fdopendir(dirfd))) {
		close(dirfd);
		return inserted;
	}
	while ((d = readdir(dir)) != NULL) {
		int sub;

		if (d->d_type != DT_DIR || d->d_name[0] == '.')
			continue;
		sub = openat(dirfd, d->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0)
			inserted += walk(w, sub, depth + 1);
	}
	closedir(dir);
	return inserted;
}

int modules_coldplug(int late, struct err *err)
{
	const struct walk w = { context(err), late ? COLDPLUG_LATE : COLDPLUG_NOW };
	int total = 0, pass;

	if (!w.ctx)
		return -1;
	for (pass = 0; pass < COLDPLUG_PASSES; pass++) {
		int fd = open("/sys/devices", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		int n;

		if (fd < 0)
			return err_sys(err, "/sys/devices");
		n = walk(&w, fd, 0);
		total += n;
		if (!n)
			break;
	}
	return total;
}

int modules_load_fs(const char *type, struct err *err)
{
	struct kmod_ctx *ctx = context(err);
	char alias[64];

	if (!ctx)
		return -1;
	snprintf(alias, sizeof(alias), "fs-%s", type);
	if (!load_alias(ctx, alias, NULL))
		load_alias(ctx, type, NULL);
	return 0;
}

int modules_become_helper(struct err *err)
{
	char self[256];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int fd;

	if (n < 0)
		return err_sys(err, "/proc/self/exe");
	self[n++] = '\n';
	fd = open("/proc/sys/kernel/modprobe", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return err_sys(err, "/proc/sys/kernel/modprobe");
	if (write(fd, self, (size_t)n) != n) {
		close(fd);
		return err_sys(err, "/proc/sys/kernel/modprobe");
	}
	close(fd);
	return 0;
}

int modules_request(const char *name)
{
	struct err err;
	struct kmod_ctx *ctx = context(&err);
	int present = 0;

	if (ctx)
		load_alias(ctx, name, &present);
	return present ? 0 : -1;
}
