/* SPDX-License-Identifier: MIT */
/*
 * A parsed x86 bzImage: views into the file's bytes, validated so that every
 * offset the header gives lies inside the file. See Documentation/arch/x86/
 * boot.rst for the layout:
 *
 *   [boot sector + setup: (setup_sects + 1) * 512][protected-mode part ...]
 *                                                  ^ payload_offset, handover,
 *                                                    kernel_info count from here
 */
#ifndef BZIMAGE_H
#define BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "bootparam.h"
#include "codec/codec.h"
#include "err.h"

#define BZIMAGE_MIN_VERSION 0x0208 /* the first protocol with payload_offset */
/* The documented cap on a decompressed payload, whatever a header claims. */
#define BZIMAGE_MAX_OUTPUT (1u << 30)

struct bzimage {
	const uint8_t *data;
	size_t size;
	const struct setup_header *hdr; /* inside data */
	size_t setup_size;              /* file offset of the protected-mode part */
	size_t pm_size;                 /* syssize * 16 */
	const char *kernel_version;     /* inside data, or NULL when the header has none */
	const struct kernel_info *kernel_info; /* inside data, or NULL */
	const uint8_t *payload;         /* the compressed vmlinux, size word included */
	size_t payload_len;
	const struct codec *codec;
	uint32_t output_len; /* the payload's trailing size word */
};

/* Validates DATA as a bzImage; BZ then points into DATA. */
int bzimage_parse(struct bzimage *bz, const uint8_t *data, size_t size, struct err *err);

/*
 * Decompresses the payload into a new buffer of exactly bz->output_len
 * bytes, to be released with bzimage_output_free.
 */
int bzimage_decompress(const struct bzimage *bz, uint8_t **out, struct err *err);
void bzimage_output_free(const struct bzimage *bz, uint8_t *out);

#endif
