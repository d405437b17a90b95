/* SPDX-License-Identifier: MIT */
/*
 * The stub method of embed: a stock bzImage whose protected-mode part is
 * prefixed with the boot stub and an initramfs (layout in stub/stub_abi.h;
 * image/stub_image.h reads the result back).
 */
#ifndef EMBED_STUB_H
#define EMBED_STUB_H

#include "image/stub_image.h"
#include "util/file_io.h"

#define EMBED_STUB_PARTS 5

struct embed_stub_build {
	struct out_part parts[EMBED_STUB_PARTS]; /* the new file, in order */
	uint8_t *setup;                        /* owned: the rewritten setup code */
	uint8_t *stub;                         /* owned: the stub blob with its params */
	int signature_stripped;
	int efi_entry;                         /* a PE header with the stub's EFI entry */
};

/*
 * Lays out the injector image for STOCK (a parsed stock bzImage, not an
 * injector) and ARCHIVE. The parts point into STOCK's and ARCHIVE's bytes.
 */
int embed_stub_build(struct embed_stub_build *b, const struct bzimage *stock, const uint8_t *archive,
		   size_t archive_size, struct err *err);
void embed_stub_build_free(struct embed_stub_build *b);

#endif
