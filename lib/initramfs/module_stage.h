/* SPDX-License-Identifier: MIT */
/*
 * The modules part of the initramfs: the chosen modules at their places in
 * lib/modules/VERSION, compressed or not as the kernel can load them, and
 * the module table injector-init loads them by (module_plan.h), planned from
 * the modules.* indexes that kmod's depmod (Debian package kmod) writes for
 * this subset on a staging tree; the indexes themselves go in only for the
 * rescue kit's modprobe.
 */
#ifndef MODULE_STAGE_H
#define MODULE_STAGE_H

#include "err.h"
#include "cpio/fileset.h"
#include "kconfig.h"
#include "util/strlist.h"

struct module_stage {
	char dir[4096]; /* the staging tree; FS refers to files in it until it is removed */
	int indexes;    /* set by the caller: add depmod's indexes to FS too */
};

/*
 * Stages PATHS (relative to MODDIR, the tree of kernel KVER) under a new
 * temporary directory, runs depmod there, and adds the result to FS. A
 * compressed module stays compressed only when KCONFIG says the kernel
 * decompresses that format itself.
 */
int module_stage(struct module_stage *st, struct fileset *fs, const char *moddir,
		  const char *kver, const struct strlist *paths, const struct kconfig *kconfig,
		  struct err *err);
/* Removes the staging tree; call after the archive is written. */
void module_unstage(struct module_stage *st);

#endif
