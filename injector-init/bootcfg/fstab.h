/* SPDX-License-Identifier: MIT */
/*
 * The guest's /etc/fstab, read for one mount point at a time: which device
 * holds it and whether the guest can boot without it (`nofail`). fstab(5):
 * blank-separated fields, '#' comments, octal escapes (\040) in the spec
 * and the mount point. The guest's root user writes it: fields too long
 * for their buffer and lines longer than BOOTCFG_MAX_LINE are skipped.
 */
#ifndef INIT_FSTAB_H
#define INIT_FSTAB_H

#include <stddef.h>

struct fstab_entry {
	char spec[256]; /* UUID=, LABEL=, PARTUUID=, PARTLABEL=, a path, or what the guest wrote */
	char file[256]; /* the mount point, without trailing slashes */
	char type[32];
	int nofail;
};

/* The last entry for mount point MNT in TEXT (LEN bytes), in *OUT: 1, or 0 when none. */
int fstab_find(const char *text, size_t len, const char *mnt, struct fstab_entry *out);

#endif
