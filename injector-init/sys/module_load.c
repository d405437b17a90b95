/* SPDX-License-Identifier: MIT */
#include "module_load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/module.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "coldplug_tier.h"
#include "modtable.h"

#define COLDPLUG_PASSES 4 /* a loaded bus driver (virtio_pci) adds devices (virtio_blk) */
#define TABLE_NAME "modules.injector"

static char moddir[128];

static int read_table(int fd, struct modtable *t, struct err *err)
{
	struct stat st;
	char *text;

	if (fstat(fd, &st) < 0)
		return err_sys(err, "%s/" TABLE_NAME, moddir);
	if (st.st_size > MODTABLE_MAX)
		return err_set(err, "%s/" TABLE_NAME ": larger than %d bytes", moddir, MODTABLE_MAX);
	text = malloc((size_t)st.st_size + 1);
	if (!text)
		return err_set(err, "out of memory");
	if (read(fd, text, (size_t)st.st_size) != st.st_size) {
		free(text);
		return err_sys(err, "%s/" TABLE_NAME, moddir);
	}
	text[st.st_size] = '\0';
	if (modtable_parse(t, text, err) == 0)
		return 0;
	modtable_free(t);
	return err_prefix(err, "%s/" TABLE_NAME, moddir);
}

/* The archive's module table for the running kernel, read once. */
static const struct modtable *table(struct err *err)
{
	static struct modtable t;
	static int loaded;
	char path[sizeof(moddir) + sizeof(TABLE_NAME) + 1];
	struct utsname u;
	int fd;

	if (loaded)
		return &t;
	uname(&u);
	snprintf(moddir, sizeof(moddir), "/lib/modules/%s", u.release);
	snprintf(path, sizeof(path), "%s/%s", moddir, TABLE_NAME);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_sys(err, "%s", path);
		return NULL;
	}
	loaded = read_table(fd, &t, err) == 0;
	close(fd);
	return loaded ? &t : NULL;
}

/* /sys/module/NAME: loaded, or built in with parameters. */
static int in_kernel(const char *file)
{
	const char *base = strrchr(file, '/');
	char path[256] = "/sys/module/";
	size_t n = strlen(path);

	for (base = base ? base + 1 : file; *base && *base != '.' && n + 1 < sizeof(path); base++)
		path[n++] = *base == '-' ? '_' : *base;
	path[n] = '\0';
	return access(path, F_OK) == 0;
}

/* Inserts FILE (relative to moddir): 1 inserted, 0 there already, -1 failed. */
static int insert(const char *file)
{
	static const char *const compressed[] = { ".xz", ".zst", ".gz" };
	char path[sizeof(moddir) + 256];
	unsigned flags = 0;
	size_t len = strlen(file);
	int fd, r;

	if (in_kernel(file))
		return 0;
	for (size_t i = 0; i < sizeof(compressed) / sizeof(compressed[0]); i++) {
		size_t s = strlen(compressed[i]);

		if (len > s && !strcmp(file + len - s, compressed[i]))
			flags = MODULE_INIT_COMPRESSED_FILE; /* mkinitramfs kept it so: the kernel decompresses */
	}
	snprintf(path, sizeof(path), "%s/%s", moddir, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = (int)syscall(SYS_finit_module, fd, "", flags);
	close(fd);
	return r == 0 ? 1 : errno == EEXIST ? 0 : -1;
}

/* Inserts ROW's files in order; whether its module is in the kernel afterwards (0/1), or -1. */
static int load_row(const struct modtable_row *row, int *inserted)
{
	char list[4096], *save = NULL;
	int here = -1;

	snprintf(list, sizeof(list), "%s", row->load);
	for (char *f = strtok_r(list, " ", &save); f; f = strtok_r(NULL, " ", &save)) {
		int r = insert(f);

		if (strcmp(f, row->module))
			continue;
		here = r >= 0;
		*inserted += r > 0;
	}
	return here;
}

/*
 * Inserts what ALIAS resolves to; returns how many were not loaded before.
 * *PRESENT (if set) counts those in the kernel afterwards, old or new.
 */
static int load_alias(const struct modtable *t, const char *alias, int *present)
{
	const struct modtable_row *row = NULL;
	int inserted = 0, here = 0;

	while ((row = modtable_next(t, alias, row)))
		here += load_row(row, &inserted) > 0;
	if (present)
		*present = here;
	return inserted;
}

/* BUSDIR/DEV/modalias, one line. */
static int read_modalias(int busdir, const char *dev, char *buf, size_t size)
{
	char path[300];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/modalias", dev);
	fd = openat(busdir, path, O_RDONLY | O_CLOEXEC);
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

/* What one coldplug pass loads: the tiers up to LAST. */
struct walk {
	const struct modtable *table;
	enum coldplug_tier last;
};

/* The drivers of /sys/bus/BUS/devices/'s devices, in readdir order. */
static int walk_bus(const struct walk *w, int busfd, const char *bus)
{
	char alias[512], path[300];
	struct dirent *d;
	int inserted = 0, fd;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/devices", bus);
	fd = openat(busfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((d = readdir(dir)) != NULL)
		if (d->d_name[0] != '.' && read_modalias(fd, d->d_name, alias, sizeof(alias)) == 0 &&
		    coldplug_tier(alias) <= w->last)
			inserted += load_alias(w->table, alias, NULL);
	closedir(dir);
	return inserted;
}

/*
 * Every device with a modalias sits on a bus: /sys/bus/BUS/devices holds
 * them all in two levels, where the /sys/devices tree took thousands of
 * directory reads (some 400 ms a pass under TCG).
 */
static int walk(const struct walk *w, struct err *err)
{
	int fd = open("/sys/bus", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *d;
	int inserted = 0;
	DIR *dir;

	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return err_sys(err, "/sys/bus");
	}
	while ((d = readdir(dir)) != NULL)
		if (d->d_name[0] != '.')
			inserted += walk_bus(w, fd, d->d_name);
	closedir(dir);
	return inserted;
}

int modules_coldplug(int late, struct err *err)
{
	const struct walk w = { table(err), late ? COLDPLUG_LATE : COLDPLUG_NOW };
	int total = 0, pass;

	if (!w.table)
		return -1;
	for (pass = 0; pass < COLDPLUG_PASSES; pass++) {
		int n = walk(&w, err);

		if (n < 0)
			return -1;
		total += n;
		if (!n)
			break;
	}
	return total;
}

int modules_load_fs(const char *type, struct err *err)
{
	const struct modtable *t = table(err);
	char alias[64];

	if (!t)
		return -1;
	snprintf(alias, sizeof(alias), "fs-%s", type);
	if (!load_alias(t, alias, NULL))
		load_alias(t, type, NULL);
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
	const struct modtable *t = table(&err);
	int present = 0;

	if (t)
		load_alias(t, name, &present);
	return present ? 0 : -1;
}
