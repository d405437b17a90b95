/* SPDX-License-Identifier: MIT */
/* The entries that write a regular file: `file` (copied from the archive) and `line`. */
#include "inject_content.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs.h"
#include "mkdirs.h"
#include "replace.h"
#include "write_all.h"

struct content {
	int srcfd;          /* copy from here, or */
	const char *text;   /* write these bytes */
	size_t len;
	uid_t uid;
	gid_t gid;
	mode_t mode;
	const int64_t *mtime;
};

static int copy_fd(int from, int to, struct err *err)
{
	char buf[65536];

	for (;;) {
		ssize_t r = read(from, buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return err_sys(err, "read source");
		if (r == 0)
			return 0;
		if (write_all(to, buf, r, err) < 0)
			return -1;
	}
}

/* Owner before mode: chown clears set-id bits. */
static int fill(int fd, const struct content *c, struct err *err)
{
	if (c->srcfd >= 0 ? copy_fd(c->srcfd, fd, err) < 0 : write_all(fd, c->text, c->len, err) < 0)
		return -1;
	if (fchown(fd, c->uid, c->gid) < 0)
		return err_sys(err, "chown");
	if (fchmod(fd, c->mode) < 0)
		return err_sys(err, "chmod");
	if (c->mtime) {
		struct timespec ts[2] = { { *c->mtime, 0 }, { *c->mtime, 0 } };

		if (futimens(fd, ts) < 0)
			return err_sys(err, "set mtime");
	}
	return 0;
}

static int put_file(int rootfd, const char *path, const struct content *c, struct err *err)
{
	char leaf[256], tmp[REPLACE_TMP_MAX];
	int dirfd, fd, r = -1;

	if (guest_mkdirs_parent(rootfd, path, err) < 0)
		return -1;
	dirfd = guest_open_parent(rootfd, path, leaf, sizeof(leaf), err);
	if (dirfd < 0)
		return -1;
	fd = replace_tmpfile(dirfd, tmp, err);
	if (fd >= 0) {
		if (fill(fd, c, err) == 0)
			r = replace_commit(dirfd, fd, tmp, leaf, err);
		else
			unlinkat(dirfd, tmp, 0);
		close(fd);
	}
	close(dirfd);
	return r;
}

int inject_file(int rootfd, int srcfd, const struct manifest_entry *e, struct err *err)
{
	struct content c = { .uid = e->uid, .gid = e->gid, .mode = e->mode & 07777,
			     .mtime = e->has_mtime ? &e->mtime : NULL };
	int r;

	c.srcfd = openat(srcfd, e->source, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (c.srcfd < 0)
		return err_sys(err, "source %s", e->source);
	r = put_file(rootfd, e->path, &c, err);
	close(c.srcfd);
	return r;
}

/* Whether TEXT has LINE as one of its lines. */
static int has_line(const char *text, size_t len, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', end - p);
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (l == n && !memcmp(p, line, n))
			return 1;
		p += l + 1;
	}
	return 0;
}

static int absent(int rootfd, const char *path)
{
	int fd = guest_open(rootfd, path, O_PATH, 0);

	if (fd >= 0)
		close(fd);
	return fd < 0 && errno == ENOENT;
}

/* The existing file keeps its owner and mode; a new one is 0644, ours (root in the VM). */
static void keep_attributes(int rootfd, const char *path, struct content *c)
{
	struct stat st;
	int fd = guest_open(rootfd, path, O_PATH, 0);

	c->uid = geteuid();
	c->gid = getegid();
	c->mode = 0644;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		c->uid = st.st_uid;
		c->gid = st.st_gid;
		c->mode = st.st_mode & 07777;
	}
	if (fd >= 0)
		close(fd);
}

int inject_line(int rootfd, const struct manifest_entry *e, struct err *err)
{
	struct content c = { .srcfd = -1 };
	char *old = NULL, *text;
	size_t len = 0, n;
	int r;

	if (guest_read(rootfd, e->path, INJECT_LINE_FILE_MAX, &old, &len, err) < 0 &&
	    !absent(rootfd, e->path))
		return -1;
	if (old && has_line(old, len, e->text)) {
		free(old);
		return 0;
	}
	n = strlen(e->text);
	text = malloc(len + n + 2);
	if (!text) {
		free(old);
		return err_set(err, "out of memory");
	}
	if (len)
		memcpy(text, old, len);
	if (len && old[len - 1] != '\n')
		text[len++] = '\n';
	memcpy(text + len, e->text, n);
	text[len + n] = '\n';
	c.text = text;
	c.len = len + n + 1;
	keep_attributes(rootfd, e->path, &c);
	r = put_file(rootfd, e->path, &c, err);
	free(old);
	free(text);
	return r;
}
