/* SPDX-License-Identifier: MIT */
/* Reading cpio archives, compressed or not, with libarchive. */
#ifndef CPIO_READ_H
#define CPIO_READ_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* How an uncompressed newc archive starts: 070701, or 070702 with checksums. */
#define CPIO_NEWC_MAGIC "07070"

typedef int cpio_entry_fn(const char *path, void *ctx);

/* Calls FN with the path of each entry of the first archive in DATA. */
int cpio_list(const uint8_t *data, size_t size, cpio_entry_fn *fn, void *ctx,
		   struct err *err);

#endif
