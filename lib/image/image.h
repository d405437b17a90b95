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

/* The ways into a kernel image (image_entries()). */
enum image_entry {
	IMAGE_ENTRY_16 = 1 << 0,       /* real-mode setup code: BIOS loaders */
	IMAGE_ENTRY_32 = 1 << 1,       /* code32_start */
	IMAGE_ENTRY_64 = 1 << 2,       /* +0x200 of the protected-mode part (XLF_KERNEL_64) */
	IMAGE_ENTRY_HANDOVER = 1 << 3, /* the EFI handover protocol */
	IMAGE_ENTRY_PE = 1 << 4,       /* the PE entry: UEFI LoadImage/StartImage */
};
#define IMAGE_ENTRY_COUNT 5

/* Which entries IMG has: a mask of enum image_entry. */
unsigned image_entries(const struct image *img);

/* Reads, validates and decompresses PATH. Errors do not name the file. */
int image_open(struct image *img, const char *path, struct err *err);
void image_close(struct image *img);

#endif
