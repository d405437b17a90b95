/* SPDX-License-Identifier: MIT */
#include "bootcfg.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bls.h"
#include "grubcfg.h"
#include "grubenv.h"
#include "guest/guestfs.h"

#define BLS_DIR "/boot/loader/entries"

static const char *const grub_dirs[] = { "/boot/grub", "/boot/grub2" };

struct loader_ctx {
	int rootfd;
};

/* grub's `source` paths start with the grub directory, which is in the guest root. */
static char *load_source(void *ctx, const char *path, size_t *len)
{
	const struct loader_ctx *c = ctx;
	struct err err;
	char *text;

	if (guest_read(c->rootfd, path, BOOTCFG_MAX_SIZE, &text, len, &err) < 0)
		return NULL;
	return text;
}

static void load_grubenv(int rootfd, const char *dir, struct vartab *vars)
{
	char path[64];
	struct err err;
	char *text;
	size_t len;

	snprintf(path, sizeof(path), "%s/grubenv", dir);
	if (guest_read(rootfd, path, BOOTCFG_MAX_SIZE, &text, &len, &err) < 0)
		return;
	grubenv_load(text, len, vars);
	free(text);
}

/* Reads DIR/grub.cfg into MENU; 0 when it exists. */
static int read_grub(int rootfd, const char *dir, struct vartab *vars, struct grub_menu *menu,
		     struct err *err)
{
	struct loader_ctx ctx = { rootfd };
	char path[64];
	char *text;
	size_t len;
	int r;

	snprintf(path, sizeof(path), "%s/grub.cfg", dir);
	if (guest_read(rootfd, path, BOOTCFG_MAX_SIZE, &text, &len, err) < 0)
		return -1;
	load_grubenv(rootfd, dir, vars);
	vartab_set(vars, "config_directory", dir);
	vartab_set(vars, "prefix", dir);
	r = grubcfg_parse(text, len, vars, load_source, &ctx, menu, err);
	free(text);
	return r;
}

static void read_bls_entry(int rootfd, const char *name, const struct vartab *vars,
			   struct boot_entry *e, size_t *n)
{
	size_t nlen = strlen(name);
	char path[512], id[256];
	struct err err;
	char *text;
	size_t len;

	if (nlen <= 5 || nlen - 5 >= sizeof(id) || strcmp(name + nlen - 5, ".conf"))
		return;
	snprintf(id, sizeof(id), "%.*s", (int)(nlen - 5), name);
	snprintf(path, sizeof(path), "%s/%s", BLS_DIR, name);
	if (guest_read(rootfd, path, BOOTCFG_MAX_SIZE, &text, &len, &err) < 0)
		return;
	if (bls_parse(text, len, id, vars, &e[*n]) == 0)
		(*n)++;
	free(text);
}

/* The sorted BLS entries, at most BOOTCFG_MAX_ENTRIES. */
static size_t read_bls(int rootfd, const struct vartab *vars, struct boot_entry *e)
{
	int fd = guest_open(rootfd, BLS_DIR, O_RDONLY | O_DIRECTORY, 0);
	struct dirent *d;
	size_t n = 0;
	DIR *dir;

	if (fd < 0)
		return 0;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return 0;
	}
	while (n < BOOTCFG_MAX_ENTRIES && (d = readdir(dir)) != NULL)
		read_bls_entry(rootfd, d->d_name, vars, e, &n);
	closedir(dir);
	bls_sort(e, n);
	return n;
}

/* loader.conf's "default PATTERN", if any. */
static void loader_default(int rootfd, char *out, size_t size)
{
	static const char *const paths[] = { "/boot/loader/loader.conf", "/efi/loader/loader.conf",
					     "/boot/efi/loader/loader.conf" };
	struct err err;
	char *text, *line, *save = NULL;
	char value[256];
	size_t len;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		if (guest_read(rootfd, paths[i], BOOTCFG_MAX_SIZE, &text, &len, &err) < 0)
			continue;
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (sscanf(line, " default %255s", value) == 1)
				snprintf(out, size, "%s", value);
		free(text);
		return;
	}
}

static int bls_default_entry(int rootfd, const struct vartab *vars, const char *grub_default,
			     struct boot_entry *out, struct err *err)
{
	struct boot_entry *e = calloc(BOOTCFG_MAX_ENTRIES, sizeof(*e));
	char pattern[256] = "";
	size_t n;

	if (!e)
		return err_set(err, "%s: out of memory", BLS_DIR);
	n = read_bls(rootfd, vars, e);
	if (!n) {
		free(e);
		return err_set(err, "%s: no entry with a kernel", BLS_DIR);
	}
	loader_default(rootfd, pattern, sizeof(pattern));
	*out = e[bls_default(e, n, pattern[0] ? pattern : grub_default)];
	free(e);
	return 0;
}

int bootcfg_default(int rootfd, struct boot_entry *e, struct err *err)
{
	struct vartab *vars = calloc(1, sizeof(*vars));
	struct grub_menu menu = { 0 };
	int r = -1, found = 0;

	if (!vars)
		return err_set(err, "boot configuration: out of memory");
	for (size_t i = 0; i < sizeof(grub_dirs) / sizeof(grub_dirs[0]) && !found; i++)
		found = read_grub(rootfd, grub_dirs[i], vars, &menu, err) == 0;
	if (found && !menu.blscfg && grubcfg_default(&menu) >= 0) {
		*e = menu.items[grubcfg_default(&menu)].e;
		r = 0;
	} else {
		r = bls_default_entry(rootfd, vars, found ? menu.default_spec : NULL, e, err);
	}
	grubcfg_free(&menu);
	free(vars);
	return r;
}
