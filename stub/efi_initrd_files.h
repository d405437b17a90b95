/* SPDX-License-Identifier: MIT */
/*
 * The loader's initrd when no LoadFile2 provider offers one: the files named
 * by `initrd=` in the stub's LoadOptions (GRUB `chainloader ... initrd=\x`),
 * read from the volume the stub was loaded from and joined in the order
 * given, byte for byte, as the kernel's own EFI stub joins them.
 */
#ifndef STUB_EFI_INITRD_FILES_H
#define STUB_EFI_INITRD_FILES_H

#include "efi.h"

struct efi_initrd_files {
	struct efi_boot_services *bs;
	const struct efi_loaded_image *li;
	const char *failed; /* what went wrong, for the console line */
};

/*
 * Sizes (DST NULL) or reads into DST the initrd= files, their total in
 * *SIZE: 0 when LoadOptions names none. An error leaves F->failed set.
 */
efi_status efi_initrd_files_read(struct efi_initrd_files *f, uint8_t *dst, uint64_t *size);

#endif
