/* SPDX-License-Identifier: MIT */
/*
 * The guest's own mounts that hold its kernels: a separate /boot (and what
 * else its distro profile's `mounts` names), mounted from its /etc/fstab
 * over the guest root before the injection and the kernel choice, so that
 * both see the guest as it boots. Only the mount points the profile names
 * are mounted, whatever else fstab lists.
 *
 * The mount point is resolved inside the guest root (guest/guestfs.h): a
 * guest's /boot -> /proc symlink, or ../../, never leads the mount out of
 * it. The device comes from fstab's spec through libblkid (UUID=, LABEL=,
 * PARTUUID=, PARTLABEL=, /dev/...). Mounted nodev,nosuid, as the root is
 * nodev; the guest's own options are not passed on (injector-init reads
 * kernels there; the guest mounts it its own way after the kexec).
 */
#ifndef INIT_SUBMOUNT_H
#define INIT_SUBMOUNT_H

#include <stddef.h>

#include "err.h"
#include "profile.h"

struct submounts {
	char where[PROFILE_MAX_PATHS][512]; /* in our namespace (/guest/boot), in mount order */
	size_t n;
};

/*
 * Mounts P's `mounts` from the fstab of the guest root ROOTFD in the
 * profile's order; records each in M. A mount point fstab does
 * not list is left alone; a device missing is an error unless fstab says
 * `nofail`. On error, what was mounted stays recorded for submount_undo.
 */
int submount_all(int rootfd, const struct profile *p, struct submounts *m, struct err *err);

/* Unmounts M in reverse order; every one is tried, the first failure reported. */
int submount_undo(struct submounts *m, struct err *err);

#endif
