/* SPDX-License-Identifier: MIT */
/*
 * The initrd that belongs to a kernel file. Distributions name it after the
 * kernel's version: Debian and Ubuntu initrd.img-V, Fedora, RHEL and Arch
 * initramfs-V.img, SUSE initrd-V. The guest's /etc/os-release decides which
 * name is tried first; the others follow, for hand-built systems.
 */
#ifndef INIT_KERNELPAIR_H
#define INIT_KERNELPAIR_H

#include <stddef.h>

#include "guest/bounds.h"

#define KERNELPAIR_NAMES 3

enum distro_family { DISTRO_DEBIAN, DISTRO_FEDORA, DISTRO_SUSE, DISTRO_OTHER };

/* From os-release's ID and ID_LIKE. */
enum distro_family kernelpair_family(const char *os_release, size_t len);

/*
 * The candidate initrd paths for KERNEL (".../vmlinuz-V"), best first, in
 * NAMES. Returns how many (0 when KERNEL names no version).
 */
size_t kernelpair_names(const char *kernel, enum distro_family family,
			char names[KERNELPAIR_NAMES][GUEST_PATH_MAX]);

/* The first of those that is a file in the guest root, in OUT; 0, or -1 if none. */
int kernelpair_find(int rootfd, const char *kernel, enum distro_family family, char *out,
		    size_t size);

#endif
