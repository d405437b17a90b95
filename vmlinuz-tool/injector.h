/* SPDX-License-Identifier: MIT */
/*
 * Injector kernels made by the stub method: a stock bzImage whose
 * protected-mode part is prefixed with the boot stub and an initramfs
 * (layout in stub/stub_abi.h). Building one, recognising one, and taking
 * the stock kernel back out of one.
 */
#ifndef INJECTOR_H
#define INJECTOR_H

#include "bzimage.h"
#include "file_io.h"
#include "stub/stub_abi.h"

/*
 * What embed changes beyond the fields stub_params records, kept in its
 * tool_reserved bytes so that the stock image can be restored exactly.
 */
struct embed_undo {
	uint32_t pe_offset;       /* e_lfanew of the stock image */
	uint32_t handover_offset; /* the stock EFI handover entry */
	uint16_t xloadflags;
	uint8_t reserved[6];
} __attribute__((packed));

_Static_assert(sizeof(struct embed_undo) == sizeof(((struct stub_params *)0)->tool_reserved),
	       "embed_undo fills tool_reserved");

#define INJECTOR_PARTS 5

struct injector_build {
	struct out_part parts[INJECTOR_PARTS]; /* the new file, in order */
	uint8_t *setup;                        /* owned: the rewritten setup code */
	uint8_t *stub;                         /* owned: the stub blob with its params */
	int signature_stripped;
};

/*
 * Lays out the injector image for STOCK (a parsed stock bzImage, not an
 * injector) and ARCHIVE. The parts point into STOCK's and ARCHIVE's bytes.
 */
int injector_build(struct injector_build *b, const struct bzimage *stock, const uint8_t *archive,
		   size_t archive_size, struct err *err);
void injector_build_free(struct injector_build *b);

/* The stub's params when BZ is an injector kernel, else NULL. */
const struct stub_params *injector_params(const struct bzimage *bz);

/* The embedded archive of an injector kernel. */
const uint8_t *injector_archive(const struct bzimage *bz, const struct stub_params *p);

/* Rebuilds, in a new buffer, the stock image an injector kernel was made from. */
int injector_stock(const struct bzimage *bz, const struct stub_params *p, uint8_t **stock,
		   size_t *stock_size, struct err *err);

#endif
