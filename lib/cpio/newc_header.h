/* SPDX-License-Identifier: MIT */
/*
 * The newc cpio header (the kernel's usr/gen_init_cpio.c, init/initramfs.c):
 * 6 bytes of magic and 13 fields of 8 hex digits, then the name, padded to
 * 4 bytes, then the data, padded to 4 bytes. Only here are its offsets.
 */
#ifndef NEWC_HEADER_H
#define NEWC_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct newc_header {
	char magic[6]; /* "070701", or "070702" with checksums */
	char ino[8], mode[8], uid[8], gid[8], nlink[8], mtime[8];
	char filesize[8];
	char devmajor[8], devminor[8], rdevmajor[8], rdevminor[8];
	char namesize[8]; /* with its NUL */
	char check[8];
};

_Static_assert(sizeof(struct newc_header) == 110, "newc header is 110 bytes");

/* The kernel's bound on a name in an initramfs (init/initramfs.c: PATH_MAX). */
#define NEWC_MAX_NAME 4096

/*
 * Walks the uncompressed newc archive DATA up to its TRAILER!!! and checks
 * that each entry is a newc header whose name (at most NEWC_MAX_NAME) and
 * data fit in what follows; *LEN: the bytes up to the trailer's padded name.
 * libarchive reserves a header's name size before it knows that (4 GiB for
 * a forged one), and looks for a header further on when one is damaged:
 * its reader gets only the *LEN bytes that passed.
 */
int newc_check_sizes(const uint8_t *data, size_t size, size_t *len, struct err *err);

#endif
