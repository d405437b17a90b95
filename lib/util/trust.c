/* SPDX-License-Identifier: MIT */
#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it. */
#define FILE_FLAGS (O_RDONLY | O_NONBLOCK | O_CLOEXEC)
#define DIR_FLAGS  (O_RDONLY | O_DIRECTORY | O_CLOEXEC)

static const char *kind(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return "a directory";
	case S_IFIFO:
		return "a FIFO";
	case S_IFSOCK:
		return "a socket";
	case S_IFCHR:
		return "a character device";
	case S_IFBLK:
		return "a block device";
	case S_IFLNK:
		return "a symlink";
	default:
		return "not a file";
	}
}

int trust_check(const struct stat *st, const char *what, struct err *err)
{
	uid_t me = geteuid();

	if (st->st_uid != 0 && st->st_uid != me)
		return err_set(err,
			       "owned by uid %u: %s and their directories must be owned by "
			       "root or uid %u",
			       (unsigned)st->st_uid, what, (unsigned)me);
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return err_set(err,
			       "writable by group or others (mode %04o): %s and their "
			       "directories must be writable by their owner only",
			       (unsigned)(st->st_mode & 07777), what);
	return 0;
}

/* FD's type and trust; closes FD on failure. */
static int check_fd(int fd, int want_dir, const char *what, struct err *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		err_sys(err, "cannot stat");
	else if (!want_dir && !S_ISREG(st.st_mode))
		err_set(err, "not a regular file (%s): %s must be regular files", kind(st.st_mode),
			what);
	else if (trust_check(&st, what, err) == 0)
		return fd;
	close(fd);
	return -1;
}

int trust_open_dir(const char *path, const char *what, struct err *err)
{
	int fd = open(path, DIR_FLAGS);

	if (fd < 0)
		err_sys(err, "cannot open");
	else if ((fd = check_fd(fd, 1, what, err)) >= 0)
		return fd;
	return err_at(err, path);
}

/* Opens NAME under DIRFD without following a symlink; PATH (so far) names it in errors. */
static int open_step(int dirfd, const char *name, const char *path, int last, const char *what,
		     struct err *err)
{
	int fd = openat(dirfd, name, (last ? FILE_FLAGS : DIR_FLAGS) | O_NOFOLLOW);
	struct stat st;

	/* A symlink gives ELOOP, or ENOTDIR with O_DIRECTORY: tell it apart from a file. */
	if (fd < 0 && (errno == ELOOP || errno == ENOTDIR) &&
	    fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		err_set(err, "a symlink: %s and their directories may not be symlinks", what);
	else if (fd < 0)
		err_sys(err, "cannot open");
	else if ((fd = check_fd(fd, !last, what, err)) >= 0)
		return fd;
	return err_at(err, path);
}

int trust_map_at(int dirfd, const char *rel, const char *what, struct file_view *view,
		 struct err *err)
{
	char *path = strdup(rel);
	char *name, *slash;
	int fd = -1, cur = dirfd;

	if (!path)
		return err_set(err, "out of memory");
	for (name = path;; name = slash + 1) {
		slash = strchr(name, '/');
		if (slash == name) /* an empty component ("a//b") */
			continue;
		if (slash)
			*slash = '\0'; /* PATH now ends at this component, for messages */
		fd = open_step(cur, name, path, !slash, what, err);
		if (cur != dirfd)
			close(cur);
		if (fd < 0 || !slash)
			break;
		*slash = '/';
		cur = fd;
	}
	free(path);
	return fd < 0 ? -1 : file_map_fd(fd, view, err);
}

int trust_map(const char *path, const char *what, struct file_view *view, struct err *err)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return err_set(err, "out of memory");
	fd = trust_open_dir(dirname(copy), what, err);
	free(copy);
	if (fd < 0)
		return -1;
	close(fd);
	fd = open(path, FILE_FLAGS);
	if (fd < 0)
		err_sys(err, "cannot open");
	else if ((fd = check_fd(fd, 0, what, err)) >= 0 && file_map_fd(fd, view, err) == 0)
		return 0;
	return err_at(err, path);
}
