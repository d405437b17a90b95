/* SPDX-License-Identifier: MIT */
/* Every file under a directory, symbolic links followed. */
#ifndef DIR_WALK_H
#define DIR_WALK_H

#include "err.h"

/* REL is the file's path under TOP ("kernel/fs/xfs/xfs.ko"). */
typedef int dir_walk_fn(const char *top, const char *rel, void *ctx, struct err *err);

/* Calls FN for each non-directory under TOP/SUB (SUB may be ""), skipping dot files. */
int dir_walk(const char *top, const char *sub, dir_walk_fn *fn, void *ctx, struct err *err);

/* Removes DIR and everything under it, without following links. */
void dir_remove(const char *dir);

#endif
