/* SPDX-License-Identifier: MIT */
#include "guestfs.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "budget.h"

/* As the kernel's limit on symlinks in one lookup (MAXSYMLINKS). */
#define MAX_LINKS 40

static int raw_open(int rootfd, const char *path, int flags, mode_t mode, unsigned long resolve)
{
	struct open_how how = {
		.flags = (unsigned)flags | O_CLOEXEC,
		.mode = flags & (O_CREAT | O_TMPFILE) ? mode : 0,
		.resolve = resolve,
	};
	long fd;

	do
		fd = syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN);
	return (int)fd;
}

/* PATH, already free of symlinks (any one met fails with ELOOP), inside ROOTFD. */
static int open_resolved(int rootfd, const char *path, int flags, mode_t mode)
{
	return raw_open(rootfd, *path ? path : "/", flags, mode,
			RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS);
}

static int uid_of(int rootfd, const char *path, uid_t *uid)
{
	struct stat st;
	int fd = open_resolved(rootfd, path, O_PATH, 0);
	int r = fd >= 0 && fstat(fd, &st) == 0 ? 0 : -1;

	if (fd >= 0)
		close(fd);
	*uid = r == 0 ? st.st_uid : (uid_t)-1;
	return r;
}

/* Appends "/" and the N bytes of NAME to the resolved path DONE. */
static int add_name(char done[4096], const char *name, size_t n, struct err *err)
{
	size_t len = strlen(done);

	if (len + 1 + n >= 4096)
		return err_set(err, "path too long");
	done[len] = '/';
	memcpy(done + len + 1, name, n);
	done[len + 1 + n] = '\0';
	return 0;
}

/*
 * The link DONE (open as LINKFD) is read and its target put before REST in
 * TODO. Only root's links: a guest user could have pointed theirs anywhere
 * in the guest, and the injector would then write there as root.
 */
static int follow(int rootfd, int linkfd, char done[4096], const char *rest, char todo[4096],
		  struct err *err)
{
	char target[4096], *slash = strrchr(done, '/');
	struct stat st;
	uid_t dir_uid;
	ssize_t n;

	if (fstat(linkfd, &st) < 0)
		return err_sys(err, "%s", done);
	*slash = '\0';
	if (st.st_uid != 0) {
		uid_of(rootfd, done, &dir_uid);
		*slash = '/';
		return err_set(err, "symlink %s owned by uid %u in a directory of uid %d: not followed",
			       done, (unsigned)st.st_uid, (int)dir_uid);
	}
	n = readlinkat(linkfd, "", target, sizeof(target));
	if (n <= 0 || (size_t)n >= sizeof(target)) {
		errno = n == 0 ? ENOENT : n < 0 ? errno : ENAMETOOLONG;
		return err_sys(err, "%s/%s", done, slash + 1);
	}
	if (target[0] == '/')
		done[0] = '\0';
	if (snprintf(todo, 4096, "%.*s/%s", (int)n, target, rest) >= 4096)
		return err_set(err, "path too long");
	return 0;
}

/*
 * Does what openat2(RESOLVE_IN_ROOT) does, one component at a time, so that
 * each symlink's owner can be checked before it is followed: DONE becomes
 * PATH without symlinks ("" for the root). Past a missing component the rest
 * is appended as it is, for the final open to fail there.
 */
static int resolve(int rootfd, const char *path, int nofollow, char done[4096], struct err *err)
{
	char todo[4096], rest[4096];
	unsigned links = 0;
	const char *p = todo;

	if (strlen(path) >= sizeof(todo))
		return err_set(err, "%s: path too long", path);
	strcpy(todo, path);
	done[0] = '\0';
	while (*(p += strspn(p, "/"))) {
		size_t n = strcspn(p, "/"), len = strlen(done);
		const char *next = p + n + strspn(p + n, "/");
		struct stat st;
		int fd;

		if (n == 1 && p[0] == '.') {
			p += n;
			continue;
		}
		if (n == 2 && !memcmp(p, "..", 2)) {
			if (len)
				*strrchr(done, '/') = '\0';
			p += n;
			continue;
		}
		if (add_name(done, p, n, err) < 0)
			return -1;
		if (!*next && nofollow)
			break;
		fd = open_resolved(rootfd, done, O_PATH | O_NOFOLLOW, 0);
		if (fd < 0 || fstat(fd, &st) < 0 || !S_ISLNK(st.st_mode)) {
			if (fd >= 0)
				close(fd);
			if (fd < 0 && *next && add_name(done, next, strlen(next), err) < 0)
				return -1;
			if (fd < 0)
				break;
			p += n;
			continue;
		}
		strcpy(rest, next);
		if (++links > MAX_LINKS) {
			close(fd);
			errno = ELOOP;
			return err_sys(err, "%s", path);
		}
		if (follow(rootfd, fd, done, rest, todo, err) < 0) {
			close(fd);
			return -1;
		}
		close(fd);
		p = todo;
	}
	return 0;
}

int guest_open_err(int rootfd, const char *path, int flags, mode_t mode, struct err *err)
{
	char done[4096];
	int fd;

	if (guest_budget_charge(1, 0, 0) < 0) {
		err_set(err, "%s: read budget for the guest spent", path);
		err->errnum = EDQUOT;
		return -1;
	}
	if (resolve(rootfd, path, flags & O_NOFOLLOW, done, err) < 0)
		return -1;
	fd = open_resolved(rootfd, done, flags, mode);
	if (fd < 0)
		return err_sys(err, "%s", path);
	return fd;
}

int guest_open(int rootfd, const char *path, int flags, mode_t mode)
{
	struct err err;
	int fd = guest_open_err(rootfd, path, flags, mode, &err);

	/* A refused link is EACCES, as with the kernel's protected_symlinks. */
	if (fd < 0)
		errno = err.errnum ? err.errnum : EACCES;
	return fd;
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
	fd = guest_open_err(rootfd, dlen ? dir : "/", O_RDONLY | O_DIRECTORY, 0, err);
	if (fd < 0)
		return -1;
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
	int fd = guest_open_err(rootfd, path, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0, err);

	if (fd < 0)
		return -1;
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
	if (guest_budget_charge(0, st.st_size, 0) < 0) {
		close(fd);
		return err_set(err, "%s: read budget for the guest spent", path);
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
