/* SPDX-License-Identifier: MIT */
/*
 * The distro kernel `update` builds from: an installed one (ROOT/boot and
 * ROOT/lib/modules) or a Debian linux-image package unpacked with dpkg-deb.
 */
#ifndef KERNEL_SOURCE_H
#define KERNEL_SOURCE_H

#include "err.h"

struct kernel_source {
	char root[4096];  /* the tree holding boot/ and lib/modules/ */
	char kver[256];
	char image[4096]; /* ROOT/boot/vmlinuz-KVER */
};

/* Kernel KVER (a file name) installed under ROOT ("/" for this system); errors are about K->image. */
int kernel_source_installed(struct kernel_source *k, const char *root, const char *kver,
			    struct err *err);

/* The one kernel in package DEB, unpacked into DIR; errors are about DEB. */
int kernel_source_deb(struct kernel_source *k, const char *deb, const char *dir,
		      struct err *err);

#endif
