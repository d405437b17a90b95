/* SPDX-License-Identifier: MIT */
/*
 * The modules part of the initramfs: the chosen modules at their places in
 * lib/modules/VERSION, compressed or not as the kernel can load them, and
 * the modules.* indexes that libkmod reads at boot, regenerated for this
 * subset by kmod's depmod (Debian package kmod) run on a staging tree.
 */
#ifndef MODULES_STAGE_H
#define MODULES_STAGE_H

#include "err.h"
#include "fileset.h"
#include "kconfig.h"
#include "strlist.h"

struct modules_stage {
	char dir[4096]; /* the staging tree; FS refers to files in it until it is removed */
};

/*
 * Stages PATHS (relative to MODDIR, the tree of kernel KVER) under a new
 * temporary directory, runs depmod there, and adds the result to FS. A
 * compressed module stays compressed only when KCONFIG says the kernel
 * decompresses that format itself.
 */
int modules_stage(struct modules_stage *st, struct fileset *fs, const char *moddir,
		  const char *kver, const struct strlist *paths, const struct kconfig *kconfig,
		  struct err *err);
/* Removes the staging tree; call after the archive is written. */
void modules_unstage(struct modules_stage *st);

#endif
