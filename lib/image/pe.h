/* SPDX-License-Identifier: MIT */
/*
 * The PE/COFF header that an EFI-stub bzImage carries in its boot sector and
 * setup code (Linux's arch/x86/boot/header.S writes it), read in place
 * through the format's structs (common/pe_format.h), and written by
 * pe_write_stub() for the stub method's injector kernels.
 */
#ifndef PE_H
#define PE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "pe_format.h"

struct pe_image {
	const struct coff_header *coff;     /* NULL: the image has no PE header */
	uint16_t opt_magic;
	uint32_t entry_point;
	const struct pe_data_dir *cert;      /* NULL when the table has no entry for it */
	const struct pe_section *sections;   /* coff->nsections of them */
};

/*
 * Reads the PE header of DATA, if it has one (an "MZ" start and a PE
 * signature where e_lfanew points); a present but malformed header is an
 * error. A certificate table must lie inside the file.
 */
int pe_parse(struct pe_image *pe, const uint8_t *data, size_t size, struct err *err);

/* True when PE has a non-empty Authenticode certificate table. */
int pe_is_signed(const struct pe_image *pe);

/*
 * Where a SIZE-byte image ends once its Authenticode signature is cut: SIZE
 * when unsigned. The signature must be the file's tail, after CONTENT_END.
 */
int pe_unsigned_end(const struct pe_image *pe, size_t size, size_t content_end, size_t *end,
		    struct err *err);

/*
 * The header embed writes over a stock kernel's boot sector (it keeps the
 * stock bytes in the stub's boot_copy): the file mapped 1:1 with section
 * and file alignment PE_STUB_ALIGN, as Linux's own PE header was up to 6.6:
 *
 *   headers  [0, PE_STUB_HEADERS_END)         MZ, e_lfanew, COFF, PE32+, 6 dirs, 4 sections
 *   .reloc   [PE_STUB_HEADERS_END, PE_STUB_SETUP_START)  one empty base-relocation block
 *   .setup   [PE_STUB_SETUP_START, setup_size) the setup header and real-mode code
 *   .text    [setup_size, +stub_size)          the stub blob, entry inside it
 *   .data    [setup_size+stub_size, file end)  the archive and the stock part
 */
#define PE_STUB_ALIGN 32 /* == STUB_ARCHIVE_ALIGN: the file ends aligned */
#define PE_STUB_HEADER_OFFSET 0x40
#define PE_STUB_DIRS 6
#define PE_STUB_SECTIONS 4
#define PE_STUB_HEADERS_END                                                                 \
	((PE_STUB_HEADER_OFFSET + sizeof(struct coff_header) +                               \
	  sizeof(struct pe32plus_opt_header) + PE_STUB_DIRS * sizeof(struct pe_data_dir) +     \
	  PE_STUB_SECTIONS * sizeof(struct pe_section) + PE_STUB_ALIGN - 1) &                  \
	 ~(size_t)(PE_STUB_ALIGN - 1))
#define PE_STUB_SETUP_START (PE_STUB_HEADERS_END + PE_STUB_ALIGN)

/* A base-relocation block with one padding entry: "nothing to relocate". */
struct pe_reloc_block {
	uint32_t page_rva;
	uint32_t block_size;
	uint16_t entry; /* IMAGE_REL_BASED_ABSOLUTE: skipped */
} __attribute__((packed));

struct pe_stub_layout {
	uint32_t setup_size; /* the setup sectors */
	uint32_t stub_size;  /* the blob */
	uint32_t file_size;  /* the whole injector image */
	uint32_t entry;      /* the EFI entry, a file offset inside the blob */
};

/*
 * Writes the PE header above into SETUP (the injector's setup code, at
 * least PE_STUB_SETUP_START bytes, its setup header untouched).
 */
int pe_write_stub(uint8_t *setup, const struct pe_stub_layout *l, struct err *err);

#endif
