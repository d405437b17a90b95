/* SPDX-License-Identifier: MIT */
/* One way to boot the guest, as its boot configuration describes it. */
#ifndef INIT_BOOTENTRY_H
#define INIT_BOOTENTRY_H

#include "bootfs.h"
#include "guest/bounds.h"

struct boot_entry {
	char title[256];
	char id[256];                     /* grub --id, BLS file name without .conf */
	char version[128];                /* BLS "version" */
	char sort_key[128];               /* BLS "sort-key" */
	char kernel[GUEST_PATH_MAX];      /* as written: may carry a (device) prefix */
	char initrd[GUEST_PATH_MAX];      /* space-separated when several; empty: none */
	char args[CMDLINE_MAX];
	enum bootfs fs;                   /* where kernel and initrd are */
};

/*
 * Strips grub's "(hd0,gpt2)" or "($root)" device prefix from PATH in place:
 * the injector can only look in the mounted guest root.
 */
void bootentry_strip_device(char *path);

#endif
