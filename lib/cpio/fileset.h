/* SPDX-License-Identifier: MIT */
/*
 * What an archive will hold, gathered before any of it is written: paths
 * inside the archive and where each one's content comes from.
 */
#ifndef FILESET_H
#define FILESET_H

#include <stddef.h>

#include "err.h"

enum fileset_kind { FILESET_DIR, FILESET_FILE, FILESET_SYMLINK, FILESET_CHARDEV };

struct fileset_entry {
	char *path;   /* in the archive, without the leading '/' */
	enum fileset_kind kind;
	unsigned mode; /* permission bits */
	char *source; /* FILE: host file to copy; SYMLINK: the target */
	char *data;   /* FILE without SOURCE: the content */
	size_t size;
	unsigned major, minor; /* CHARDEV */
	int implied;  /* a parent directory nobody added: any explicit entry wins */
	size_t order; /* when it was added: the first of a path wins */
};

struct fileset {
	struct fileset_entry *v;
	size_t n, cap;
};

/*
 * Each adds PATH (absolute or not) and the directories above it. When a
 * path is added twice, the first explicit entry is the one written.
 */
int fileset_dir(struct fileset *fs, const char *path, unsigned mode, struct err *err);
int fileset_file(struct fileset *fs, const char *path, const char *source, unsigned mode,
		 struct err *err);
int fileset_data(struct fileset *fs, const char *path, const char *data, unsigned mode,
		 struct err *err);
int fileset_symlink(struct fileset *fs, const char *path, const char *target, struct err *err);
int fileset_chardev(struct fileset *fs, const char *path, unsigned major, unsigned minor,
		    unsigned mode, struct err *err);

/* Sorts by path and drops the entries that lost to another of the same path. */
void fileset_finish(struct fileset *fs);
int fileset_has(const struct fileset *fs, const char *path);
void fileset_free(struct fileset *fs);

#endif
