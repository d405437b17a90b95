/* SPDX-License-Identifier: MIT */
/*
 * The injector's initramfs: injector-init as /init, the profile's kernel
 * modules with their dependencies and indexes, lvm2 when the profile says
 * `storage lvm`, the shared libraries of every program, all distro
 * profiles, and with RESCUE a shell and an SSH
 * server; written reproducibly as a newc archive.
 */
#ifndef MKINITRAMFS_H
#define MKINITRAMFS_H

#include <stddef.h>
#include <stdint.h>

#include "cpio/cpio_write.h"
#include "err.h"

struct mkinitramfs_opts {
	const char *profile;      /* a name in PROFILES_DIR, or a path (has a '/') */
	const char *profiles_dir;
	const char *root;         /* the modules are in ROOT/lib/modules/KVER */
	const char *kver;         /* NULL: the one kernel under ROOT/lib/modules */
	const char *init;
	int rescue;
	enum cpio_compression compression;
	int64_t mtime;
	const char *output;
	int force;
};

/* Writes O->output; ERR names the file the message is about. */
int mkinitramfs(const struct mkinitramfs_opts *o, struct err *err);

#endif
