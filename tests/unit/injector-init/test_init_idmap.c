/* SPDX-License-Identifier: MIT */
/*
 * The purgatory's identity map (idmap.h): every 2 MiB page of [0, end) maps
 * to itself, walked as the CPU walks it from either top table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "idmap.h"

#define GiB	  (1ull << 30)
#define PHYS	  0x3ff00000ull /* where the tables would lie */
#define ADDR_MASK 0x000ffffffffff000ull

/* The table at physical address PA, found in M by its offset from PHYS. */
static const uint64_t *table(const struct idmap *m, uint64_t entry)
{
	uint64_t pa = entry & ADDR_MASK;

	assert_true(pa >= PHYS && (pa - PHYS) % sizeof(idmap_table) == 0);
	return (const uint64_t *)((const uint8_t *)m + (pa - PHYS));
}

/* VA's physical address through the 4-level walk from PML4, or -1 if not present. */
static uint64_t walk(const struct idmap *m, const uint64_t *pml4, uint64_t va)
{
	uint64_t e = pml4[(va >> 39) & 511];

	if (!(e & 1))
		return UINT64_MAX;
	e = table(m, e)[(va >> 30) & 511];
	if (!(e & 1))
		return UINT64_MAX;
	e = table(m, e)[(va >> 21) & 511];
	if (!(e & 1))
		return UINT64_MAX;
	assert_true(e & 0x80); /* a 2 MiB page */
	assert_true(e & 0x2);  /* writable: the decompressor's stack is in there */
	return (e & ADDR_MASK & ~0x1fffffull) | (va & 0x1fffff);
}

static struct idmap *built(uint64_t end)
{
	struct idmap *m = calloc(1, idmap_size(end));

	assert_non_null(m);
	idmap_build(m, PHYS, end);
	return m;
}

static void test_size(void **state)
{
	(void)state;
	assert_int_equal(idmap_size(4 * GiB), 7 * 4096);
	assert_int_equal(idmap_size(IDMAP_MAX_END), (3 + 512) * 4096);
	assert_int_equal(offsetof(struct idmap, pml4), 4096);
}

static void test_four_levels(void **state)
{
	struct idmap *m = built(4 * GiB);
	static const uint64_t probes[] = { 0, 0x1000, 0x9fc00, 16ull << 20, 0x3ffe0123, PHYS,
					   4 * GiB - 1 };

	(void)state;
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		assert_int_equal(walk(m, m->pml4, probes[i]), probes[i]);
	for (uint64_t va = 0; va < 4 * GiB; va += 2ull << 20)
		assert_int_equal(walk(m, m->pml4, va + 0x1234), va + 0x1234);
	assert_int_equal(walk(m, m->pml4, 4 * GiB), UINT64_MAX); /* the end is the end */
	free(m);
}

/* Under 5-level paging the top table's entry 0 leads to the same PML4. */
static void test_five_levels(void **state)
{
	struct idmap *m = built(8 * GiB);

	(void)state;
	assert_true(m->pml5[0] & 1);
	assert_ptr_equal(table(m, m->pml5[0]), m->pml4);
	for (size_t i = 1; i < IDMAP_ENTRIES; i++)
		assert_int_equal(m->pml5[i], 0);
	assert_int_equal(walk(m, table(m, m->pml5[0]), 7 * GiB + 5), 7 * GiB + 5);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_four_levels),
		cmocka_unit_test(test_five_levels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
