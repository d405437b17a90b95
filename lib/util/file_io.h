/* SPDX-License-Identifier: MIT */
/* Whole-file input, and output that is never left half-written. */
#ifndef FILE_IO_H
#define FILE_IO_H

#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

#include "err.h"

#define FILE_IO_MAX_INPUT (2ull << 30)

/*
 * A read-only mapping of a whole regular file. Mapping costs nothing up
 * front, and parts of it can be copied to an output inside the kernel
 * (copy_file_range). The file must not shrink while mapped.
 */
struct file_view {
	const uint8_t *data;
	size_t size;
	int fd;
};

/* Maps PATH; files over FILE_IO_MAX_INPUT are refused. */
int file_map(const char *path, struct file_view *view, struct err *err);
/* Maps the file open on FD, which the view then owns (closed on failure too). */
int file_map_fd(int fd, struct file_view *view, struct err *err);
void file_unmap(struct file_view *view);

struct out_part {
	const void *data;
	size_t len;
};

/* How an output is written: every caller says who may read it. */
struct file_out {
	mode_t mode; /* the new file's permission bits, exactly (no umask): 0600 for secrets */
	int force;   /* replace an existing file */
};

/*
 * Writes the concatenation of PARTS to PATH through a temporary file in the
 * same directory, fsync'd and renamed into place, so that PATH is either
 * absent, its old self, or complete. Parts that lie inside one of the
 * INPUTS are copied from its file descriptor. The file gets OUT->mode
 * (from its creation on, never wider); an existing PATH is refused unless
 * OUT->force; PATH naming one of the INPUTS always is.
 */
int file_write_atomic(const char *path, const struct out_part *parts, size_t nparts,
		      const struct file_out *out, const struct file_view *inputs, size_t ninputs,
		      struct err *err);

#endif
