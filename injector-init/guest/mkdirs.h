/* SPDX-License-Identifier: MIT */
/* mkdir -p inside the guest root. */
#ifndef INIT_MKDIRS_H
#define INIT_MKDIRS_H

#include <sys/types.h>

#include "err.h"

/* Creates the missing directories of PATH with MODE (root-owned). Existing ones are kept. */
int guest_mkdirs(int rootfd, const char *path, mode_t mode, struct err *err);

/* guest_mkdirs for the directory that holds PATH. */
int guest_mkdirs_parent(int rootfd, const char *path, struct err *err);

#endif
