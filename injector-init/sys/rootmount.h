/* SPDX-License-Identifier: MIT */
/*
 * Mounting the guest root: the filesystem's module on demand, then
 * mount(2) with injector.rootflags (btrfs: its default subvolume unless
 * rootflags says subvol=). injector.fsck=1 preens it first.
 */
#ifndef INIT_ROOTMOUNT_H
#define INIT_ROOTMOUNT_H

#include "err.h"
#include "rootdev.h"

/* Mounted nodev (device nodes in the guest are the guest's, not ours to open). */
int rootmount(const struct rootdev *rd, const char *flags, const char *mnt, int readonly,
	      struct err *err);

/*
 * Runs fsck.TYPE -p (preen) on the unmounted device when the initramfs has
 * it, bounded in time. Exit codes 0-3 are success (fixed, or reboot advised:
 * nothing is mounted yet); no checker is not an error.
 */
int rootmount_fsck(const struct rootdev *rd, struct err *err);

/* Lifts nodev from MNT, for the guest's own init when it runs on this kernel. */
int rootmount_allow_devices(const char *mnt, struct err *err);

#endif
