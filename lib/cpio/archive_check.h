/* SPDX-License-Identifier: MIT */
/* Is this an initramfs archive the kernel can unpack? */
#ifndef ARCHIVE_CHECK_H
#define ARCHIVE_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * Accepts a newc cpio archive, uncompressed or compressed with one of the
 * codecs init/initramfs.c can read, and returns its codec name ("none" when
 * uncompressed) in *CODEC. Refuses frame-format lz4 (the kernel reads only
 * the legacy frame), other cpio dialects, and anything that does not list as
 * a cpio archive.
 */
int archive_check(const uint8_t *data, size_t size, const char **codec, struct err *err);

#endif
