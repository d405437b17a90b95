/* SPDX-License-Identifier: MIT */
/*
 * The identity map the purgatory switches to before it enters the new
 * kernel (sys/purgatory.S): 2 MiB pages over [0, end), end a whole number of
 * GiB, as the kernel's own startup_32 maps the first 4 GiB. Built in the
 * setup segment, so kexec never puts a control page there, nor the new
 * kernel's decompressor its stack (docs/injector-init.md, "Loading the
 * guest's kernel"). Pure: the caller knows where the tables will lie.
 */
#ifndef INIT_IDMAP_H
#define INIT_IDMAP_H

#include <stddef.h>
#include <stdint.h>

#define IDMAP_GIB     (1ull << 30)
#define IDMAP_ENTRIES 512
/* One page-directory-pointer table: the map ends at or below 512 GiB. */
#define IDMAP_MAX_END (IDMAP_ENTRIES * IDMAP_GIB)

typedef uint64_t idmap_table[IDMAP_ENTRIES];

/*
 * The tables, in the order they lie in memory. relocate_kernel keeps the
 * old kernel's paging depth (CR4.LA57), which cannot change in long mode:
 * the purgatory loads CR3 with pml5 under 5-level paging, pml4 otherwise.
 */
struct idmap {
	idmap_table pml5; /* entry 0: pml4 */
	idmap_table pml4; /* entry 0: pdpt */
	idmap_table pdpt; /* entry i: pd[i] */
	idmap_table pd[]; /* pd[i][j]: the 2 MiB page at i GiB + j * 2 MiB */
};

/* The bytes the tables take for [0, END), END a multiple of IDMAP_GIB up to IDMAP_MAX_END. */
size_t idmap_size(uint64_t end);

/* Fills M, zeroed and page-aligned, which will lie at physical address PHYS. */
void idmap_build(struct idmap *m, uint64_t phys, uint64_t end);

#endif
