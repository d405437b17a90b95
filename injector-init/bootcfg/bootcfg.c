/* SPDX-License-Identifier: MIT */
#include "bootcfg.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bls.h"
#include "grubcfg.h"
#include "grubenv.h"
#include "guest/budget.h"
#include "guest/guestfs.h"
#include "textload.h"

/* GRUB reads grubenv, and sets $prefix, from grub.cfg's directory. */
static void grub_dir(int rootfd, const char *cfg, struct vartab *vars)
{
	char dir[GUEST_PATH_MAX], env[GUEST_PATH_MAX + 8];
	const char *slash = strrchr(cfg, '/');
	char *text;
	size_t len;

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - cfg) : 0, cfg);
	snprintf(env, sizeof(env), "%s/grubenv", dir);
	text = textload(rootfd, env, &len);
	if (text)
		grubenv_load(text, len, vars);
	free(text);
	vartab_set(vars, "config_directory", dir);
	vartab_set(vars, "prefix", dir);
}

/* Reads the grub.cfg CFG into MENU; 0 when it exists. */
static int read_grub(int rootfd, const char *cfg, struct vartab *vars, struct grub_menu *menu,
		     struct err *err)
{
	char *text;
	size_t len;
	int r;

	if (guest_read(rootfd, cfg, BOOTCFG_MAX_SIZE, &text, &len, err) < 0)
		return -1;
	grub_dir(rootfd, cfg, vars);
	r = grubcfg_parse(text, len, vars, textload_guest, &rootfd, menu, err);
	free(text);
	return r;
}

static void read_bls_entry(const struct bootplace *pl, const char *name, const struct vartab *vars,
			   struct boot_entry *e, size_t *n)
{
	size_t nlen = strlen(name);
	char path[GUEST_PATH_MAX + 256], id[256];
	char *text;
	size_t len;

	if (nlen <= 5 || nlen - 5 >= sizeof(id) || strcmp(name + nlen - 5, ".conf"))
		return;
	snprintf(id, sizeof(id), "%.*s", (int)(nlen - 5), name);
	snprintf(path, sizeof(path), "%s/%s", pl->path, name);
	text = textload(pl->fd, path, &len);
	if (text && bls_parse(text, len, id, vars, &e[*n]) == 0)
		e[(*n)++].fs = pl->fs;
	free(text);
}

/* Adds PL's entries to E[*N..], up to BOOTCFG_MAX_ENTRIES in all. */
static void read_bls(const struct bootplace *pl, const struct vartab *vars, struct boot_entry *e,
		     size_t *n)
{
	DIR *d = guest_opendir(pl->fd, pl->path);
	struct dirent *ent;

	while (d && *n < BOOTCFG_MAX_ENTRIES && (ent = guest_readdir(d)) != NULL)
		read_bls_entry(pl, ent->d_name, vars, e, n);
	if (d)
		closedir(d);
}

size_t bootcfg_places(const struct bootfds *fds, const struct profile *p, enum profile_boot kind,
		      struct bootplace out[2 * PROFILE_MAX_PATHS])
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_boot; i++)
		if (profile_boot_kind(p->boot[i]) == kind)
			out[n++] =
			    (struct bootplace){ fds->fd[BOOTFS_ROOT], BOOTFS_ROOT, p->boot[i] };
	for (size_t i = 0; fds->fd[BOOTFS_ESP] >= 0 && i < p->n_esp; i++)
		if (profile_boot_kind(p->esp[i]) == kind)
			out[n++] = (struct bootplace){ fds->fd[BOOTFS_ESP], BOOTFS_ESP, p->esp[i] };
	return n;
}

/* The first loader.conf's "default PATTERN", if any. */
static void loader_default(const struct bootfds *fds, const struct profile *p, char *out,
			   size_t size)
{
	struct bootplace pl[2 * PROFILE_MAX_PATHS];
	size_t n = bootcfg_places(fds, p, PROFILE_BOOT_LOADER, pl);
	char *text, *line, *save = NULL;
	char value[256];
	size_t len;

	for (size_t i = 0; i < n; i++) {
		if (!(text = textload(pl[i].fd, pl[i].path, &len)))
			continue;
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (sscanf(line, " default %255s", value) == 1)
				snprintf(out, size, "%s", value);
		free(text);
		return;
	}
}

static int bls_default_entry(const struct bootfds *fds, const struct profile *p,
			     const struct vartab *vars, const char *grub_default,
			     struct boot_entry *out, struct err *err)
{
	struct boot_entry *e = calloc(BOOTCFG_MAX_ENTRIES, sizeof(*e));
	struct bootplace pl[2 * PROFILE_MAX_PATHS];
	size_t n = 0, nplaces = bootcfg_places(fds, p, PROFILE_BOOT_BLS, pl);
	char pattern[256] = "";

	if (!e)
		return err_set(err, "BLS entries: out of memory");
	for (size_t i = 0; i < nplaces; i++)
		read_bls(&pl[i], vars, e, &n);
	if (!n) {
		free(e);
		return err_set(err, "no boot entry with a kernel");
	}
	bls_sort(e, n);
	loader_default(fds, p, pattern, sizeof(pattern));
	*out = e[bls_default(e, n, pattern[0] ? pattern : grub_default)];
	free(e);
	return 0;
}

int bootcfg_default(const struct bootfds *fds, const struct profile *p, struct boot_entry *e,
		    struct err *err)
{
	int rootfd = fds->fd[BOOTFS_ROOT];
	struct vartab *vars = calloc(1, sizeof(*vars));
	struct grub_menu menu = { 0 };
	int r = -1, found = 0;

	if (!vars)
		return err_set(err, "boot configuration: out of memory");
	for (size_t i = 0; i < p->n_boot && !found; i++)
		if (profile_boot_kind(p->boot[i]) == PROFILE_BOOT_GRUB)
			found = read_grub(rootfd, p->boot[i], vars, &menu, err) == 0;
	if (found && !menu.blscfg && grubcfg_default(&menu) >= 0) {
		*e = menu.items[grubcfg_default(&menu)].e;
		e->fs = BOOTFS_ROOT;
		r = 0;
	} else {
		r = bls_default_entry(fds, p, vars, found ? menu.default_spec : NULL, e, err);
	}
	grubcfg_free(&menu);
	free(vars);
	return r;
}
