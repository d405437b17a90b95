/* SPDX-License-Identifier: MIT */
#include "update_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/dir_walk.h"

#define MAX_VERSIONS 1024

int update_dir_lock(const char *dir, struct err *err)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/.lock", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_sys(err, "%s", path);
	if (flock(fd, LOCK_EX) < 0) {
		close(fd);
		return err_sys(err, "lock %s", path);
	}
	return fd;
}

void update_dir_clean(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *d;
	char path[4096];

	while (dh && (d = readdir(dh))) {
		if (strncmp(d->d_name, INJECTOR_SCRATCH, strlen(INJECTOR_SCRATCH)) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		dir_remove(path);
	}
	if (dh)
		closedir(dh);
}

void update_dir_current(const char *dir, char *name, size_t size)
{
	char link[4096];
	ssize_t n;

	snprintf(link, sizeof(link), "%s/" INJECTOR_LINK, dir);
	n = readlink(link, name, size - 1);
	name[n > 0 ? n : 0] = '\0';
}

static int sync_dir(const char *dir, struct err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = fd < 0 ? -1 : fsync(fd);

	if (fd >= 0)
		close(fd);
	return ret < 0 ? err_sys(err, "sync %s", dir) : 0;
}

int update_dir_install(const char *dir, const char *candidate, const char *ver,
			 struct err *err)
{
	char name[512], path[4096], tmp[4096], link[4096];

	snprintf(name, sizeof(name), INJECTOR_PREFIX "%s" INJECTOR_SUFFIX, ver);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(link, sizeof(link), "%s/" INJECTOR_LINK, dir);
	snprintf(tmp, sizeof(tmp), "%s/." INJECTOR_LINK ".%ld", dir, (long)getpid());
	if (rename(candidate, path) < 0)
		return err_sys(err, "rename %s to %s", candidate, path);
	unlink(tmp);
	if (symlink(name, tmp) < 0)
		return err_sys(err, "symlink %s", tmp);
	if (rename(tmp, link) < 0) {
		unlink(tmp);
		return err_sys(err, "rename %s to %s", tmp, link);
	}
	return sync_dir(dir, err);
}

struct version {
	char name[256];
	long long mtime;
};

static int newest_first(const void *a, const void *b)
{
	const struct version *x = a, *y = b;

	return x->mtime < y->mtime ? 1 : x->mtime > y->mtime ? -1 : strcmp(x->name, y->name);
}

static int is_version(const char *name)
{
	size_t n = strlen(name), p = strlen(INJECTOR_PREFIX), s = strlen(INJECTOR_SUFFIX);

	return n > p + s && !strncmp(name, INJECTOR_PREFIX, p) &&
	       !strcmp(name + n - s, INJECTOR_SUFFIX);
}

/* The kernels in DIR other than CURRENT, newest first, into V (at most MAX_VERSIONS). */
static int list_others(const char *dir, const char *current, struct version *v, size_t *n,
		       struct err *err)
{
	DIR *dh = opendir(dir);
	struct dirent *d;
	struct stat st;

	if (!dh)
		return err_sys(err, "%s", dir);
	*n = 0;
	while ((d = readdir(dh)) && *n < MAX_VERSIONS) {
		if (!is_version(d->d_name) || !strcmp(d->d_name, current) ||
		    strlen(d->d_name) >= sizeof(v->name) ||
		    fstatat(dirfd(dh), d->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		snprintf(v[*n].name, sizeof(v->name), "%s", d->d_name);
		v[(*n)++].mtime = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	}
	closedir(dh);
	qsort(v, *n, sizeof(*v), newest_first);
	return 0;
}

int update_dir_prune(const char *dir, unsigned keep, struct err *err)
{
	struct version *v = malloc(MAX_VERSIONS * sizeof(*v));
	char current[256], path[4096];
	size_t n = 0;
	int ret;

	if (!v)
		return err_set(err, "out of memory");
	update_dir_current(dir, current, sizeof(current));
	ret = list_others(dir, current, v, &n, err);
	for (size_t i = keep; ret == 0 && i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, v[i].name);
		if (unlink(path) < 0)
			ret = err_sys(err, "remove %s", path);
	}
	free(v);
	return ret;
}
