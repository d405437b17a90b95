/* SPDX-License-Identifier: MIT */
/* A kernel image file opened for reading: every view the commands need. */
#ifndef IMAGE_H
#define IMAGE_H

#include "bzimage.h"
#include "util/file_io.h"
#include "stub_image.h"
#include "pe.h"
#include "vmlinux.h"

struct image {
	struct file_view file;
	struct bzimage bz;
	struct pe_image pe;
	const struct stub_params *injector; /* non-NULL for an injector kernel */
	uint8_t *vmlinux; /* the decompressed payload: bz.output_len bytes */
	int has_slot;
	struct initramfs_slot slot; /* the built-in initramfs, inside vmlinux */
};

/* Reads, validates and decompresses PATH. Errors do not name the file. */
int image_open(struct image *img, const char *path, struct err *err);
void image_close(struct image *img);

#endif
