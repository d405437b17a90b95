/* SPDX-License-Identifier: MIT */
/*
 * The guest's default boot entry, read the way its boot loader would, from
 * where its profile's `boot` paths say: grub.cfg (with grubenv), or the BLS
 * entries when grub.cfg hands over to them (blscfg) or when there is no
 * grub.cfg (systemd-boot, with loader.conf's default). systemd-boot shows
 * the entries of the ESP and of /boot as one list: the profile's `esp`
 * entry directories join its `boot` ones, and the first loader.conf found,
 * the root's before the ESP's, names the default.
 */
#ifndef INIT_BOOTCFG_H
#define INIT_BOOTCFG_H

#include "bootentry.h"
#include "bootfs.h"
#include "err.h"
#include "profile.h"

/* 0 with *E filled, or -1 when no configuration names a kernel. */
int bootcfg_default(const struct bootfds *fds, const struct profile *p, struct boot_entry *e,
		    struct err *err);

/* Where a profile's paths of one kind are: a file system and a path on it. */
struct bootplace {
	int fd;
	enum bootfs fs;
	const char *path;
};

/* P's paths of KIND: its `boot` ones in the root, then its `esp` ones when the ESP is mounted. */
size_t bootcfg_places(const struct bootfds *fds, const struct profile *p, enum profile_boot kind,
		      struct bootplace out[2 * PROFILE_MAX_PATHS]);

#endif
