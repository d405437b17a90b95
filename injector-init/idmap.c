/* SPDX-License-Identifier: MIT */
#include "idmap.h"

/* Present, writable, accessed, and for a page dirty: the CPU has nothing to write back. */
#define PTE_TABLE (0x1ull | 0x2ull | 0x20ull)
#define PTE_LARGE (PTE_TABLE | 0x40ull | 0x80ull) /* dirty, and PS: a 2 MiB page */
#define PD_PAGE	  (IDMAP_GIB / IDMAP_ENTRIES)

size_t idmap_size(uint64_t end)
{
	return sizeof(struct idmap) + (size_t)(end / IDMAP_GIB) * sizeof(idmap_table);
}

void idmap_build(struct idmap *m, uint64_t phys, uint64_t end)
{
	m->pml5[0] = (phys + offsetof(struct idmap, pml4)) | PTE_TABLE;
	m->pml4[0] = (phys + offsetof(struct idmap, pdpt)) | PTE_TABLE;
	for (uint64_t i = 0; i < end / IDMAP_GIB; i++) {
		m->pdpt[i] =
		    (phys + offsetof(struct idmap, pd) + i * sizeof(idmap_table)) | PTE_TABLE;
		for (uint64_t j = 0; j < IDMAP_ENTRIES; j++)
			m->pd[i][j] = (i * IDMAP_GIB + j * PD_PAGE) | PTE_LARGE;
	}
}
