/* SPDX-License-Identifier: MIT */
#include "replace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* The guest may have planted any name: try others on a collision. */
#define TMP_TRIES 64

static void tmpname(char tmp[REPLACE_TMP_MAX])
{
	static unsigned counter;

	snprintf(tmp, REPLACE_TMP_MAX, ".injector-%d-%u", (int)getpid(), counter++);
}

int replace_tmpfile(int dirfd, char tmp[REPLACE_TMP_MAX], struct err *err)
{
	for (int i = 0; i < TMP_TRIES; i++) {
		int fd;

		tmpname(tmp);
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return err_sys(err, "create %s", tmp);
	}
	return err_set(err, "no free temporary name");
}

int replace_tmpsymlink(int dirfd, const char *target, char tmp[REPLACE_TMP_MAX], struct err *err)
{
	for (int i = 0; i < TMP_TRIES; i++) {
		tmpname(tmp);
		if (symlinkat(target, dirfd, tmp) == 0)
			return 0;
		if (errno != EEXIST)
			return err_sys(err, "symlink %s", tmp);
	}
	return err_set(err, "no free temporary name");
}

int replace_commit(int dirfd, int fd, const char *tmp, const char *leaf, struct err *err)
{
	if (fd >= 0 && fsync(fd) < 0) {
		err_sys(err, "fsync");
		unlinkat(dirfd, tmp, 0);
		return -1;
	}
	if (renameat(dirfd, tmp, dirfd, leaf) < 0) {
		err_sys(err, "rename over %s", leaf);
		unlinkat(dirfd, tmp, 0);
		return -1;
	}
	if (fsync(dirfd) < 0)
		return err_sys(err, "fsync directory");
	return 0;
}
