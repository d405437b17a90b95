/* SPDX-License-Identifier: MIT */
/*
 * A program of the build host that goes into the initramfs at the same
 * path (the rescue kit's busybox and dropbear, lvm2's lvm): its libraries
 * follow through PROGRAMS (elf_deps).
 */
#ifndef HOST_TOOL_H
#define HOST_TOOL_H

#include "err.h"
#include "cpio/fileset.h"
#include "util/strlist.h"

/* Adds PATH to FS and PROGRAMS; a missing PATH names the Debian PACKAGE that has it. */
int host_tool_add(struct fileset *fs, struct strlist *programs, const char *path,
		  const char *package, struct err *err);

#endif
