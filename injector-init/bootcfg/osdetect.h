/* SPDX-License-Identifier: MIT */
/* Whether a mounted filesystem is an operating system's root we can boot. */
#ifndef INIT_OSDETECT_H
#define INIT_OSDETECT_H

#include "distro.h"

/*
 * 1 when ROOTFD has an os-release and, where the profile for it says, a
 * kernel (a `links` kernel or one after `kernel`) or a boot configuration
 * (a grub.cfg or BLS entries), or an /etc/fstab that mounts one of the
 * profile's `mounts` (a separate /boot holds them); for a profile with
 * `esp` paths the os-release alone: its kernels may be on the ESP.
 */
int osdetect(int rootfd, const struct distro_set *s);

#endif
