/* SPDX-License-Identifier: MIT */
#include "mkdirs.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs.h"

#define PARENT_MODE 0755

static int mkdir_one(int rootfd, const char *path, mode_t mode, struct err *err)
{
	char leaf[256];
	int fd = guest_open_err(rootfd, path, O_PATH | O_DIRECTORY, 0, err);
	int dirfd;

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (err->errnum != ENOENT)
		return -1;
	dirfd = guest_open_parent(rootfd, path, leaf, sizeof(leaf), err);
	if (dirfd < 0)
		return -1;
	if (mkdirat(dirfd, leaf, mode) < 0 && errno != EEXIST) {
		err_sys(err, "mkdir %s", path);
		close(dirfd);
		return -1;
	}
	close(dirfd);
	return 0;
}

int guest_mkdirs(int rootfd, const char *path, mode_t mode, struct err *err)
{
	char prefix[4096];
	size_t len = strlen(path);

	if (len >= sizeof(prefix))
		return err_set(err, "%s: path too long", path);
	for (size_t i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		memcpy(prefix, path, i);
		prefix[i] = '\0';
		if (mkdir_one(rootfd, prefix, i == len ? mode : PARENT_MODE, err) < 0)
			return -1;
	}
	return 0;
}

int guest_mkdirs_parent(int rootfd, const char *path, struct err *err)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (n == 0)
		return 0;
	if (n >= sizeof(dir))
		return err_set(err, "%s: path too long", path);
	memcpy(dir, path, n);
	dir[n] = '\0';
	return guest_mkdirs(rootfd, dir, PARENT_MODE, err);
}
