/* SPDX-License-Identifier: MIT */
/* A fileset written as the kernel unpacks an initramfs: newc, compressed. */
#ifndef CPIO_WRITE_H
#define CPIO_WRITE_H

#include "err.h"
#include "fileset.h"
#include "newc_writer.h"
#include "util/file_io.h"

/*
 * Writes FS (fileset_finish'ed) to PATH through file_write_atomic, as OUT
 * says. Every
 * entry is owned by root and dated MTIME, and inode numbers follow path
 * order, so that equal inputs give equal bytes.
 */
int cpio_write(const struct fileset *fs, enum cpio_compression c, int64_t mtime,
	       const char *path, const struct file_out *out, struct err *err);

#endif
