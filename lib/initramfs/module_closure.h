/* SPDX-License-Identifier: MIT */
/* The kernel modules an initramfs needs: a closure over dependencies. */
#ifndef MODULE_CLOSURE_H
#define MODULE_CLOSURE_H

#include <stddef.h>

#include "err.h"
#include "util/strlist.h"

/*
 * Adds to PATHS (relative to MODDIR, "kernel/fs/xfs/xfs.ko", sorted) the
 * modules named in WANTED and all they need: their hard dependencies
 * (modinfo depends=) and soft ones (softdep= pre: and post:), read from
 * each module with libkmod. A wanted name or soft dependency may also be a
 * crypto alias ("crypto-crc32c"): every module answering to it comes along
 * (module_alias.h). One that the tree lacks is skipped, since one profile
 * serves many kernels, each with its own built-ins; a missing hard
 * dependency means a broken tree: an error.
 */
int module_closure(const char *moddir, const char *const *wanted, size_t n_wanted,
		    struct strlist *paths, struct err *err);

#endif
