/* SPDX-License-Identifier: MIT */
/*
 * Replacing one name in a guest directory atomically: the new file or
 * symlink is built under a temporary name in the same directory, made
 * durable, then renamed over the old name. A crash or an error leaves the
 * old name as it was (or, after the rename, the new file complete); the
 * inject stage's one syncfs makes every rename durable, where an fsync of
 * each directory cost a journal commit per entry.
 */
#ifndef INIT_REPLACE_H
#define INIT_REPLACE_H

#include <stddef.h>

#include "err.h"

#define REPLACE_TMP_MAX 32

/* A new, empty, writable regular file in DIRFD; its name in TMP. Returns the fd. */
int replace_tmpfile(int dirfd, char tmp[REPLACE_TMP_MAX], struct err *err);

/* A new symlink to TARGET in DIRFD; its name in TMP. */
int replace_tmpsymlink(int dirfd, const char *target, char tmp[REPLACE_TMP_MAX], struct err *err);

/*
 * fsyncs FD (-1 for a symlink), renames TMP over LEAF. TMP is
 * removed on failure. FD is not closed.
 */
int replace_commit(int dirfd, int fd, const char *tmp, const char *leaf, struct err *err);

#endif
