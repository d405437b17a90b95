/* SPDX-License-Identifier: MIT */
/*
 * Unified kernel images in the guest: opening one (its section table read
 * through guestfs, charged to the read budget), and the newest one of the
 * profile's UKI directories (EFI/Linux on the ESP, /boot/EFI/Linux), in
 * version order of the file names, as systemd-boot lists them.
 */
#ifndef INIT_UKIFILE_H
#define INIT_UKIFILE_H

#include <stddef.h>

#include "bootcfg.h"
#include "guest/bounds.h"
#include "uki.h"

/* PATH under DIRFD opened, its sections in *U; the descriptor, or -1. */
int uki_open(int dirfd, const char *path, struct uki *u, struct err *err);

struct uki_found {
	enum bootfs fs;
	char path[GUEST_PATH_MAX];
	char cmdline[UKI_TEXT_MAX]; /* .cmdline; "" when it has none */
	char name[256];		    /* .osrel's PRETTY_NAME, else the file name */
};

/* The newest *.efi of PL[0..N) that is a UKI, in *OUT; 0, or -1 when none. */
int uki_newest(const struct bootplace *pl, size_t n, struct uki_found *out);

#endif
