/* SPDX-License-Identifier: MIT */
#include "dir_walk.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int visit(const char *top, const char *rel, const char *name, dir_walk_fn *fn, void *ctx,
		 struct err *err)
{
	char child[4096], full[4096];
	struct stat st;

	snprintf(child, sizeof(child), rel[0] ? "%s/%s" : "%s%s", rel, name);
	snprintf(full, sizeof(full), "%s/%s", top, child);
	if (stat(full, &st) < 0)
		return err_sys(err, "%s", full);
	if (S_ISDIR(st.st_mode))
		return dir_walk(top, child, fn, ctx, err);
	return fn(top, child, ctx, err);
}

int dir_walk(const char *top, const char *sub, dir_walk_fn *fn, void *ctx, struct err *err)
{
	char path[4096];
	struct dirent *d;
	DIR *dir;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%s", top, sub);
	dir = opendir(path);
	if (!dir)
		return err_sys(err, "%s", path);
	while (ret == 0 && (d = readdir(dir)))
		if (d->d_name[0] != '.')
			ret = visit(top, sub, d->d_name, fn, ctx, err);
	closedir(dir);
	return ret;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

void dir_remove(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
