/* SPDX-License-Identifier: MIT */
/*
 * The PE/COFF format (Microsoft's PE format specification): the structs
 * that model its headers, the one place their layout is written down.
 * Shared by the host library (lib/image/pe.h: bzImage PE headers, embed's
 * own) and injector-init (bootcfg/uki.h: unified kernel images). Only
 * <stdint.h>: injector-init includes this file.
 */
#ifndef PE_FORMAT_H
#define PE_FORMAT_H

#include <stdint.h>

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

#endif
