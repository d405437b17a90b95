/* SPDX-License-Identifier: MIT */
/*
 * Writing a newc cpio archive into memory with libarchive, for the kernel's
 * initramfs unpacker: every member owned by 0:0, one fixed mtime, inode
 * numbers counted from 1, so that the same members give the same bytes.
 * Used for both the injector initramfs and the per-VM archives.
 */
#ifndef NEWC_WRITER_H
#define NEWC_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* The compressions the kernel unpacks that the writer offers. */
enum cpio_compression { CPIO_NONE, CPIO_GZIP, CPIO_XZ, CPIO_ZSTD };

/* "none", "gzip", "xz", "zstd"; -1 for anything else. */
int cpio_compression_parse(const char *name, enum cpio_compression *c);
const char *cpio_compression_name(enum cpio_compression c);
/* The kernel option that lets it unpack C at boot (CONFIG_RD_XZ), or NULL for none. */
const char *cpio_compression_kconfig(enum cpio_compression c);

struct archive;

struct newc_writer {
	struct archive *a;
	enum cpio_compression compression;
	uint8_t *data; /* the archive so far; the caller frees it after newc_close */
	size_t size, cap;
	int64_t mtime;
	unsigned ino;
};

/*
 * The members' mtime: SOURCE_DATE_EPOCH (reproducible-builds.org) when set,
 * else 0, so that an archive does not depend on when it was built.
 */
int newc_epoch(int64_t *mtime, struct err *err);

int newc_open(struct newc_writer *w, enum cpio_compression c, int64_t mtime, struct err *err);
int newc_dir(struct newc_writer *w, const char *path, unsigned mode, struct err *err);
int newc_file(struct newc_writer *w, const char *path, unsigned mode, const void *data,
	      size_t len, struct err *err);
int newc_symlink(struct newc_writer *w, const char *path, const char *target, struct err *err);
int newc_chardev(struct newc_writer *w, const char *path, unsigned mode, unsigned major,
		 unsigned minor, struct err *err);
/* Finishes the archive (trailer, compression) in w->data, w->size. */
int newc_close(struct newc_writer *w, struct err *err);
/* Frees everything, w->data included: for the failure path. */
void newc_discard(struct newc_writer *w);

#endif
