/* SPDX-License-Identifier: MIT */
/*
 * The archive a built-in initramfs slot gets: the new cpio as it is, or
 * compressed with one of the codecs the kernel's initramfs unpacker has
 * (its CONFIG_RD_*), each at its strongest settings for that unpacker
 * (codec.h, compress_archive); the smallest wins. An uncompressed cpio is
 * always a candidate: the unpacker reads one without any RD_*.
 */
#ifndef SLOT_ARCHIVE_H
#define SLOT_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "codec/codec.h"
#include "err.h"

struct slot_archive {
	const uint8_t *data; /* the cpio given, or OWNED */
	size_t len;
	const struct codec *codec; /* NULL: uncompressed */
	uint8_t *owned;
};

enum slot_fit {
	SLOT_FITS = 0,
	SLOT_TOO_SMALL = 1, /* ERR says by how many bytes */
};

/* The codecs a kernel unpacks: bit I stands for codec_at(I). */
unsigned slot_archive_codec_bit(const struct codec *c);

/*
 * The codecs the initramfs unpacker of the kernel VMLINUX has: its
 * CONFIG_RD_* when it carries its configuration (ikconfig.h), else only
 * SLOT_CODEC, which it surely has (none when NULL).
 */
int slot_archive_kernel_codecs(const uint8_t *vmlinux, size_t len, const struct codec *slot_codec,
			       unsigned *codecs, struct err *err);

/*
 * Picks the smallest of CPIO (SIZE bytes) and its compressions with the
 * codecs in CODECS (slot_archive_codec_bit) for a slot of CAPACITY bytes.
 * A compressed candidate is decompressed again and compared before it is
 * accepted. Returns an enum slot_fit (A is filled only on SLOT_FITS) or
 * -1 on error.
 */
int slot_archive_pick(struct slot_archive *a, const uint8_t *cpio, size_t size, unsigned codecs,
		      size_t capacity, struct err *err);
void slot_archive_free(struct slot_archive *a);

#endif
