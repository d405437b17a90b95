/* SPDX-License-Identifier: MIT */
#include "guestfs.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int guest_open(int rootfd, const char *path, int flags, mode_t mode)
{
	struct open_how how = {
		.flags = (unsigned)flags | O_CLOEXEC,
		.mode = flags & (O_CREAT | O_TMPFILE) ? mode : 0,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd;

	do
		fd = syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN);
	return (int)fd;
}

int guest_open_parent(int rootfd, const char *path, char *leaf, size_t size, struct err *err)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	size_t dlen = slash ? (size_t)(slash - path) : 0;
	int fd;

	if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
		return err_set(err, "%s: not a file name", path);
	if (strlen(name) >= size || dlen >= sizeof(dir))
		return err_set(err, "%s: name too long", path);
	memcpy(dir, path, dlen);
	dir[dlen] = '\0';
	fd = guest_open(rootfd, dlen ? dir : "/", O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return err_sys(err, "%s", dlen ? dir : "/");
	strcpy(leaf, name);
	return fd;
}

static int read_all(int fd, char *buf, size_t want, const char *path, struct err *err)
{
	size_t got = 0;

	while (got < want) {
		ssize_t r = read(fd, buf + got, want - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return err_sys(err, "%s", path);
		if (r == 0)
			break;
		got += r;
	}
	return (int)(got == want ? 0 : err_set(err, "%s: changed while read", path));
}

int guest_open_file(int rootfd, const char *path, struct stat *st, struct err *err)
{
	int fd = guest_open(rootfd, path, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0);

	if (fd < 0)
		return err_sys(err, "%s", path);
	if (fstat(fd, st) < 0) {
		err_sys(err, "%s", path);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return err_set(err, "%s: not a regular file", path);
	}
	return fd;
}

int guest_read(int rootfd, const char *path, size_t max, char **text, size_t *len,
	       struct err *err)
{
	struct stat st;
	int fd = guest_open_file(rootfd, path, &st, err);
	char *buf;

	if (fd < 0)
		return -1;
	if ((size_t)st.st_size > max) {
		close(fd);
		return err_set(err, "%s: larger than %zu bytes", path, max);
	}
	buf = malloc(st.st_size + 1);
	if (!buf || read_all(fd, buf, st.st_size, path, err) < 0) {
		close(fd);
		free(buf);
		return buf ? -1 : err_set(err, "%s: out of memory", path);
	}
	close(fd);
	buf[st.st_size] = '\0';
	*text = buf;
	*len = st.st_size;
	return 0;
}

DIR *guest_opendir(int rootfd, const char *path)
{
	int fd = guest_open(rootfd, path, O_RDONLY | O_DIRECTORY, 0);
	DIR *dir;

	if (fd < 0)
		return NULL;
	dir = fdopendir(fd);
	if (!dir)
		close(fd);
	return dir;
}

int guest_is_file(int rootfd, const char *path)
{
	struct stat st;
	int fd = guest_open(rootfd, path, O_PATH, 0);
	int ok;

	if (fd < 0)
		return 0;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	close(fd);
	return ok;
}
