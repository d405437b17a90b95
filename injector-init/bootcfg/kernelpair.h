/* SPDX-License-Identifier: MIT */
/*
 * The initrd that belongs to a kernel file. Distributions name it after
 * what their kernel's name carries (profile `kernel` and `initrd`): Debian
 * and Ubuntu initrd.img-V, Fedora and Arch initramfs-V.img, SUSE initrd-V.
 * The guest's profile is tried first; the others follow, for hand-built
 * systems.
 */
#ifndef INIT_KERNELPAIR_H
#define INIT_KERNELPAIR_H

#include <stddef.h>

#include "distro.h"
#include "guest/bounds.h"

#define KERNELPAIR_NAMES 8

/*
 * The candidate initrd paths for KERNEL, beside it, best first, in NAMES:
 * FIRST's (may be NULL), then every other profile's of S in order, each
 * when KERNEL's file name fits that profile's `kernel`. Returns how many.
 */
size_t kernelpair_names(const struct distro_set *s, const struct distro *first,
			const char *kernel, char names[KERNELPAIR_NAMES][GUEST_PATH_MAX]);

/* The first of those that is a file in the guest root, in OUT; 0, or -1 if none. */
int kernelpair_find(int rootfd, const struct distro_set *s, const struct distro *first,
		    const char *kernel, char *out, size_t size);

#endif
