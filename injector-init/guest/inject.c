/* SPDX-License-Identifier: MIT */
#include "inject.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs.h"
#include "inject_content.h"
#include "mkdirs.h"
#include "replace.h"

/*
 * Owner and mode go on the descriptor of what was opened: guest_open_err
 * refuses a final symlink a guest user owns (only root's are followed) and
 * opens the walked path with no symlink left to follow.
 */
static int inject_dir(int rootfd, const struct manifest_entry *e, struct err *err)
{
	struct stat st;
	int fd, r = 0;

	if (guest_mkdirs(rootfd, e->path, e->mode & 07777, err) < 0)
		return -1;
	fd = guest_open_err(rootfd, e->path, O_RDONLY | O_DIRECTORY, 0, err);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		r = err_sys(err, "stat");
	else if (!S_ISDIR(st.st_mode))
		r = err_set(err, "not a directory");
	else if (fchown(fd, e->uid, e->gid) < 0 || fchmod(fd, e->mode & 07777) < 0)
		r = err_sys(err, "set owner and mode");
	close(fd);
	return r;
}

/* Files, symlinks and empty directories; an absent name is already deleted. */
static int inject_delete(int rootfd, const struct manifest_entry *e, struct err *err)
{
	char leaf[256];
	int dirfd = guest_open_parent(rootfd, e->path, leaf, sizeof(leaf), err);
	int r = 0, rc;

	if (dirfd < 0)
		return err->errnum == ENOENT ? 0 : -1;
	rc = unlinkat(dirfd, leaf, 0);
	if (rc < 0 && errno == EISDIR)
		rc = unlinkat(dirfd, leaf, AT_REMOVEDIR);
	if (rc < 0 && errno != ENOENT)
		r = err_sys(err, "delete");
	close(dirfd);
	return r;
}

static int inject_symlink(int rootfd, const struct manifest_entry *e, struct err *err)
{
	char leaf[256], tmp[REPLACE_TMP_MAX];
	int dirfd, r;

	if (guest_mkdirs_parent(rootfd, e->path, err) < 0)
		return -1;
	dirfd = guest_open_parent(rootfd, e->path, leaf, sizeof(leaf), err);
	if (dirfd < 0)
		return -1;
	r = replace_tmpsymlink(dirfd, e->text, tmp, err);
	if (r == 0)
		r = replace_commit(dirfd, -1, tmp, leaf, err);
	close(dirfd);
	return r;
}

int inject_one(int rootfd, int srcfd, const struct manifest_entry *e, struct err *err)
{
	int r = 0;

	switch (e->op) {
	case MANIFEST_FILE:
		r = inject_file(rootfd, srcfd, e, err);
		break;
	case MANIFEST_DIR:
		r = inject_dir(rootfd, e, err);
		break;
	case MANIFEST_DELETE:
		r = inject_delete(rootfd, e, err);
		break;
	case MANIFEST_SYMLINK:
		r = inject_symlink(rootfd, e, err);
		break;
	case MANIFEST_LINE:
		r = inject_line(rootfd, e, err);
		break;
	case MANIFEST_KERNEL:
	case MANIFEST_INITRD:
	case MANIFEST_APPEND:
	case MANIFEST_RESCUE_KEY:
	case MANIFEST_RESCUE_NET:
		break;
	}
	return r < 0 ? err_prefix(err, "%s", e->path) : 0;
}

static int is_injection(enum manifest_op op)
{
	return op == MANIFEST_FILE || op == MANIFEST_DIR || op == MANIFEST_DELETE ||
	       op == MANIFEST_SYMLINK || op == MANIFEST_LINE;
}

void inject_all(int rootfd, int srcfd, const struct manifest *m, inject_failed_fn *failed,
		void *ctx, struct inject_result *res)
{
	struct err err;

	*res = (struct inject_result){ 0 };
	for (size_t i = 0; i < m->n; i++) {
		const struct manifest_entry *e = &m->entries[i];

		if (!is_injection(e->op))
			continue;
		if (inject_one(rootfd, srcfd, e, &err) == 0) {
			res->ok++;
		} else {
			if (res->failed < INJECT_FAILED_LISTED)
				res->failed_line[res->failed] = e->line;
			res->failed++;
			res->strict_failed += e->strict != 0;
			if (failed)
				failed(e, &err, ctx);
		}
	}
}

int inject_stops_boot(const struct inject_result *res, int strict_all)
{
	return res->strict_failed > 0 || (strict_all && res->failed > 0);
}

void inject_failed_list(const struct inject_result *res, char *out, size_t size)
{
	unsigned listed = res->failed < INJECT_FAILED_LISTED ? res->failed : INJECT_FAILED_LISTED;
	size_t n = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < listed; i++)
		n += snprintf(out + n, n < size ? size - n : 0, "%s%u", i ? "," : "",
			      res->failed_line[i]);
	if (res->failed > listed)
		snprintf(out + n, n < size ? size - n : 0, ",+%u", res->failed - listed);
}
