/* SPDX-License-Identifier: MIT */
/*
 * The PE/COFF header that an EFI-stub bzImage carries in its boot sector and
 * setup code (Microsoft's PE format specification; Linux's
 * arch/x86/boot/header.S writes it). Modelled as structs read in place, and
 * written by pe_write_stub() for the stub method's injector kernels.
 */
#ifndef PE_H
#define PE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define MZ_MAGIC 0x5a4d          /* "MZ" */
#define PE_MAGIC 0x00004550      /* "PE\0\0" */
#define PE_OFFSET_FIELD 0x3c     /* e_lfanew in the MZ header */
#define PE_OPT_MAGIC_PE32 0x010b
#define PE_OPT_MAGIC_PE32PLUS 0x020b
#define PE_DIR_CERTIFICATE 4     /* Authenticode signatures */
#define PE_DIR_BASERELOC 5
#define PE_MAX_SECTIONS 96       /* the format's own limit */
#define PE_MACHINE_X86_64 0x8664
#define PE_SUBSYSTEM_EFI_APPLICATION 10
/* Characteristics: executable image, large address aware, no line numbers or debug info. */
#define PE_IMAGE_FLAGS 0x0226
#define PE_SCN_CODE 0x00000020
#define PE_SCN_DATA 0x00000040 /* initialized data */
#define PE_SCN_DISCARDABLE 0x02000000
#define PE_SCN_EXEC 0x20000000
#define PE_SCN_READ 0x40000000
#define PE_SCN_WRITE 0x80000000

struct coff_header {
	uint32_t signature; /* PE_MAGIC */
	uint16_t machine;
	uint16_t nsections;
	uint32_t timestamp;
	uint32_t symtab;
	uint32_t nsymbols;
	uint16_t opt_header_size;
	uint16_t characteristics;
} __attribute__((packed));

struct pe_data_dir {
	uint32_t rva; /* a file offset for the certificate table */
	uint32_t size;
} __attribute__((packed));

/* The PE32+ optional header up to its data directories (x86_64 kernels). */
struct pe32plus_opt_header {
	uint16_t magic;
	uint8_t linker_major, linker_minor;
	uint32_t code_size, data_size, bss_size;
	uint32_t entry_point;
	uint32_t code_base;
	uint64_t image_base;
	uint32_t section_align, file_align;
	uint16_t os_major, os_minor, image_major, image_minor, subsys_major, subsys_minor;
	uint32_t win32_version;
	uint32_t image_size;
	uint32_t headers_size;
	uint32_t checksum;
	uint16_t subsystem, dll_characteristics;
	uint64_t stack_reserve, stack_commit, heap_reserve, heap_commit;
	uint32_t loader_flags;
	uint32_t ndata_dirs;
	struct pe_data_dir data_dirs[];
} __attribute__((packed));

/* The PE32 optional header (i386 kernels): base_of_data, 32-bit sizes. */
struct pe32_opt_header {
	uint16_t magic;
	uint8_t linker_major, linker_minor;
	uint32_t code_size, data_size, bss_size;
	uint32_t entry_point;
	uint32_t code_base, data_base;
	uint32_t image_base;
	uint32_t section_align, file_align;
	uint16_t os_major, os_minor, image_major, image_minor, subsys_major, subsys_minor;
	uint32_t win32_version;
	uint32_t image_size;
	uint32_t headers_size;
	uint32_t checksum;
	uint16_t subsystem, dll_characteristics;
	uint32_t stack_reserve, stack_commit, heap_reserve, heap_commit;
	uint32_t loader_flags;
	uint32_t ndata_dirs;
	struct pe_data_dir data_dirs[];
} __attribute__((packed));

_Static_assert(sizeof(struct pe32plus_opt_header) == 112, "PE32+ optional header");
_Static_assert(sizeof(struct pe32_opt_header) == 96, "PE32 optional header");

struct pe_section {
	char name[8]; /* NUL-padded, not always NUL-terminated */
	uint32_t virtual_size;
	uint32_t virtual_address;
	uint32_t raw_size;
	uint32_t raw_offset;
	uint32_t relocs_offset;
	uint32_t linenums_offset;
	uint16_t nrelocs;
	uint16_t nlinenums;
	uint32_t characteristics;
} __attribute__((packed));

_Static_assert(sizeof(struct pe_section) == 40, "PE section header");

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
