/* SPDX-License-Identifier: MIT */
/*
 * Where the boot stub puts the joined initrd [embedded archive | zero pad |
 * loader initrd]. Pure: no globals, no I/O, so the host unit tests and both
 * stub builds (32- and 64-bit) run the same code.
 */
#ifndef PLACE_H
#define PLACE_H

#include <stdint.h>

#include "bootparam.h"

#define PLACE_NONE UINT64_MAX
#define PLACE_PAGE 4096ull
#define PLACE_LOW_MEM 0x100000ull       /* first MiB: BIOS, trampolines */
#define PLACE_DEFAULT_OUTPUT 0x1000000ull /* LOAD_PHYSICAL_ADDR of x86_64 kernels */

struct place_range {
	uint64_t start, end; /* [start, end) */
};

struct place_layout {
	const struct boot_e820_entry *e820;
	uint32_t e820_entries;
	uint64_t image_start;      /* the stub: start of the protected-mode part */
	uint64_t image_end;        /* end of the loaded file */
	uint64_t archive_start;    /* the embedded archive as it lies now */
	uint64_t archive_size;
	uint64_t decomp_start;     /* the original protected-mode part */
	uint64_t kernel_alignment;
	uint64_t init_size;        /* the original kernel's */
	uint64_t boot_params;      /* one page */
	uint64_t cmdline;          /* cmdline_size bytes, 0 if none */
	uint64_t cmdline_size;
	const struct place_range *busy; /* setup_data nodes, the stub's scratch */
	uint32_t busy_count;
	uint64_t initrd_start;     /* the loader's initrd */
	uint64_t initrd_size;      /* 0: no loader initrd */
	uint64_t initrd_limit;     /* prefer ending at or below: initrd_addr_max + 1 */
	uint64_t reach;            /* the stub can only touch [0, reach) */
};

/* Bytes of the joined range starting at a place_archive() result. */
uint64_t place_joined_size(const struct place_layout *l);

/*
 * A page-aligned start for the joined range: the archive goes there, the
 * loader initrd (if any) at start + align_up(archive_size, PLACE_PAGE).
 * Returns PLACE_NONE when no safe place exists.
 */
uint64_t place_archive(const struct place_layout *l);

#endif
