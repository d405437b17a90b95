/* SPDX-License-Identifier: MIT */
/*
 * The contract between `vmlinuz-tool embed` and the boot stub it prepends.
 *
 * New protected-mode part: [stub blob | archive | zero pad | original part].
 * The blob is a multiple of STUB_ALIGN, so the archive starts on a page and
 * can serve as the initrd where it lies. The archive is padded only to
 * STUB_ARCHIVE_ALIGN: the original part is position independent and aligns
 * its own decompression target, so S = stub_size + align_up(archive_size,
 * STUB_ARCHIVE_ALIGN) keeps the size overhead at the blob plus < 32 bytes
 * (32: the file alignment of the PE header embed writes, see lib/image/pe.h).
 *
 * Blob layout: offset 0 is the 32-bit entry (a jump over the params block),
 * STUB_PARAMS_OFFSET holds struct stub_params, KERNEL_64BIT_ENTRY (0x200) is
 * the 64-bit entry, efi_entry the EFI (PE) entry. The build fills the
 * "build" fields; the tool fills the "tool" fields and the boot_copy area in
 * its copy of the blob. Everything is little-endian.
 *
 * The tool writes its own PE header over the stock boot sector, so the blob
 * keeps the stock bytes before the setup header (boot_copy):
 * stub_restore_setup() turns the injector's setup code back into the stock
 * one, for `extract` and for the EFI entry, which starts the stock kernel
 * as an EFI image.
 */
#ifndef STUB_ABI_H
#define STUB_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "bootparam.h"

#define STUB_MAGIC 0x62735456u /* "VTsb" */
#define STUB_ABI_VERSION 2
#define STUB_PARAMS_OFFSET 0x10
#define STUB_ALIGN 4096
#define STUB_ARCHIVE_ALIGN 32
#define STUB_ENTRY64 0x200 /* == KERNEL_64BIT_ENTRY in bootparam.h */

struct stub_params {
	/* build: constants of this blob */
	uint32_t magic;          /* STUB_MAGIC */
	uint16_t abi_version;    /* STUB_ABI_VERSION */
	uint16_t params_size;    /* sizeof(struct stub_params) */
	uint32_t stub_size;      /* blob size, a multiple of STUB_ALIGN */
	uint32_t scratch_size;   /* bytes the tool adds to init_size for the stub */
	/* tool: this image */
	uint32_t archive_offset; /* from the protected-mode start: == stub_size */
	uint32_t archive_size;   /* exact archive bytes, without the zero pad */
	uint32_t orig_offset;    /* from the protected-mode start: S */
	uint32_t orig_pm_size;   /* bytes of the original protected-mode part */
	uint32_t orig_init_size; /* init_size of the original header */
	uint32_t orig_syssize;   /* syssize of the original header (for extract) */
	uint32_t new_init_size;  /* init_size the tool wrote into the new header */
	uint32_t flags;          /* 0; no flags defined */
	uint32_t orig_handover_offset; /* handover_offset of the original header */
	uint16_t orig_xloadflags;      /* xloadflags of the original header */
	uint16_t reserved;             /* 0 */
	/* build: where the EFI entry and the boot_copy area are in the blob */
	uint32_t efi_entry;
	uint32_t boot_copy_offset; /* SETUP_HEADER_OFFSET bytes, the stock boot sector */
} __attribute__((packed));

#define STUB_PARAM_AT(field, off) \
	_Static_assert(offsetof(struct stub_params, field) == (off), #field)
STUB_PARAM_AT(magic, 0x00);
STUB_PARAM_AT(abi_version, 0x04);
STUB_PARAM_AT(params_size, 0x06);
STUB_PARAM_AT(stub_size, 0x08);
STUB_PARAM_AT(scratch_size, 0x0c);
STUB_PARAM_AT(archive_offset, 0x10);
STUB_PARAM_AT(archive_size, 0x14);
STUB_PARAM_AT(orig_offset, 0x18);
STUB_PARAM_AT(orig_pm_size, 0x1c);
STUB_PARAM_AT(orig_init_size, 0x20);
STUB_PARAM_AT(orig_syssize, 0x24);
STUB_PARAM_AT(new_init_size, 0x28);
STUB_PARAM_AT(flags, 0x2c);
STUB_PARAM_AT(orig_handover_offset, 0x30);
STUB_PARAM_AT(orig_xloadflags, 0x34);
STUB_PARAM_AT(efi_entry, 0x38);
STUB_PARAM_AT(boot_copy_offset, 0x3c);
_Static_assert(sizeof(struct stub_params) == 0x40, "stub_params size");
_Static_assert(STUB_PARAMS_OFFSET + sizeof(struct stub_params) <= STUB_ENTRY64,
	       "params must end before the 64-bit entry");

/* Undoes, in a copy of the injector's setup code, what the tool changed there. */
static inline void stub_restore_setup(uint8_t *setup, const struct stub_params *p,
				      const uint8_t *boot_copy)
{
	struct setup_header *h = (struct setup_header *)(setup + SETUP_HEADER_OFFSET);

	__builtin_memcpy(setup, boot_copy, SETUP_HEADER_OFFSET);
	h->syssize = p->orig_syssize;
	h->init_size = p->orig_init_size;
	h->payload_offset -= p->orig_offset;
	if (h->kernel_info_offset)
		h->kernel_info_offset -= p->orig_offset;
	h->handover_offset = p->orig_handover_offset;
	h->xloadflags = p->orig_xloadflags;
}

#endif
