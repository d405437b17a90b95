/* SPDX-License-Identifier: MIT */
/* Whole-file input, and output that is never left half-written. */
#ifndef FILE_IO_H
#define FILE_IO_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define FILE_IO_MAX_INPUT (2ull << 30)

/* Reads PATH into a new buffer; files over FILE_IO_MAX_INPUT are refused. */
int file_read(const char *path, uint8_t **data, size_t *size, struct err *err);

struct out_part {
	const void *data;
	size_t len;
};

/*
 * Writes the concatenation of PARTS to PATH through a temporary file in the
 * same directory, fsync'd and renamed into place, so that PATH is either
 * absent, its old self, or complete. An existing PATH is refused unless
 * FORCE; PATH naming the same file as one of INPUTS (NULL-terminated) always is.
 */
int file_write_atomic(const char *path, const struct out_part *parts, size_t nparts, int force,
		      const char *const *inputs, struct err *err);

#endif
