/* SPDX-License-Identifier: MIT */
#include "place.h"

/*
 * Memory in use until the kernel has reserved its initrd. Both decompressor
 * windows are avoided: the non-random output is checked against nothing, and
 * which of the two it is depends on kernel_alignment and relocatability.
 */
enum { AVOID_FIXED = 7 };

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

static int overlaps(uint64_t s, uint64_t e, uint64_t rs, uint64_t re)
{
	return rs < re && s < re && rs < e;
}

static void fixed_avoid(const struct place_layout *l, struct place_range *r)
{
	uint64_t align = l->kernel_alignment < PLACE_PAGE ? PLACE_PAGE : l->kernel_alignment;
	uint64_t out = align_up(l->decomp_start, align);

	r[0] = (struct place_range){ 0, PLACE_LOW_MEM };
	r[1] = (struct place_range){ l->image_start, l->archive_start };
	r[2] = (struct place_range){ l->decomp_start, l->image_end };
	r[3] = (struct place_range){ out, add_sat(out, l->init_size) };
	r[4] = (struct place_range){ PLACE_DEFAULT_OUTPUT, PLACE_DEFAULT_OUTPUT + l->init_size };
	r[5] = (struct place_range){ l->boot_params, add_sat(l->boot_params, PLACE_PAGE) };
	r[6] = (struct place_range){ l->cmdline, add_sat(l->cmdline, l->cmdline_size) };
}

/* First address in [s, e) no RAM entry covers, or e. */
static uint64_t ram_gap(const struct place_layout *l, uint64_t s, uint64_t e)
{
	uint64_t pos = s;
	int moved = 1;

	while (pos < e && moved) {
		moved = 0;
		for (uint32_t i = 0; i < l->e820_entries; i++) {
			const struct boot_e820_entry *m = &l->e820[i];
			uint64_t me = add_sat(m->addr, m->size);
			if (m->type == E820_TYPE_RAM && m->addr <= pos && pos < me) {
				pos = me;
				moved = 1;
			}
		}
	}
	return pos < e ? pos : e;
}

/*
 * 0 when [s, e) is free. Otherwise the start of an obstacle that overlaps it:
 * every free range at or below s then ends at or below that point.
 */
static int conflict(const struct place_layout *l, uint64_t s, uint64_t e, uint64_t ceiling,
		    int check_sources, uint64_t *obstacle)
{
	struct place_range fixed[AVOID_FIXED];
	uint64_t gap;

	if (e > ceiling) {
		*obstacle = ceiling;
		return 1;
	}
	gap = ram_gap(l, s, e);
	if (gap < e) {
		*obstacle = gap;
		return 1;
	}
	for (uint32_t i = 0; i < l->e820_entries; i++) {
		const struct boot_e820_entry *m = &l->e820[i];
		if (m->type != E820_TYPE_RAM && overlaps(s, e, m->addr, add_sat(m->addr, m->size))) {
			*obstacle = m->addr;
			return 1;
		}
	}
	fixed_avoid(l, fixed);
	for (uint32_t i = 0; i < AVOID_FIXED; i++) {
		if (overlaps(s, e, fixed[i].start, fixed[i].end)) {
			*obstacle = fixed[i].start;
			return 1;
		}
	}
	for (uint32_t i = 0; i < l->busy_count; i++) {
		if (overlaps(s, e, l->busy[i].start, l->busy[i].end)) {
			*obstacle = l->busy[i].start;
			return 1;
		}
	}
	if (check_sources) {
		if (overlaps(s, e, l->archive_start, l->decomp_start)) {
			*obstacle = l->archive_start;
			return 1;
		}
		if (overlaps(s, e, l->initrd_start, add_sat(l->initrd_start, l->initrd_size))) {
			*obstacle = l->initrd_start;
			return 1;
		}
	}
	return 0;
}

static int is_free(const struct place_layout *l, uint64_t s, uint64_t e, int check_sources)
{
	uint64_t obstacle;

	return e > s && !conflict(l, s, e, l->reach, check_sources, &obstacle);
}

/* Highest page-aligned start of a free range of total bytes ending <= ceiling. */
static uint64_t search(const struct place_layout *l, uint64_t total, uint64_t ceiling)
{
	uint64_t best = PLACE_NONE;

	for (uint32_t i = 0; i < l->e820_entries; i++) {
		const struct boot_e820_entry *m = &l->e820[i];
		uint64_t top = add_sat(m->addr, m->size), d, obstacle;

		if (m->type != E820_TYPE_RAM)
			continue;
		if (top > ceiling)
			top = ceiling;
		if (top < total)
			continue;
		/* Ranges wholly below this entry are another entry's search. */
		for (d = (top - total) & ~(PLACE_PAGE - 1); d + total > m->addr;) {
			if (!conflict(l, d, d + total, ceiling, 1, &obstacle)) {
				if (best == PLACE_NONE || d > best)
					best = d;
				break;
			}
			if (obstacle < total)
				break;
			d = (obstacle - total) & ~(PLACE_PAGE - 1);
		}
	}
	return best;
}

uint64_t place_joined_size(const struct place_layout *l)
{
	if (!l->initrd_size)
		return l->archive_size;
	return align_up(l->archive_size, PLACE_PAGE) + l->initrd_size;
}

uint64_t place_archive(const struct place_layout *l)
{
	uint64_t padded = align_up(l->archive_size, PLACE_PAGE);
	uint64_t total = place_joined_size(l), d;

	if (!l->archive_size || total < l->archive_size)
		return PLACE_NONE;
	/* Cheapest: leave the loader initrd where it is, archive right below it. */
	if (l->initrd_size && !(l->initrd_start & (PLACE_PAGE - 1)) && l->initrd_start >= padded) {
		d = l->initrd_start - padded;
		if (is_free(l, d, l->initrd_start, 0))
			return d;
	}
	/*
	 * No loader initrd: the archive may stay where it lies. Only its own bytes
	 * must survive; the kernel's reservation rounds the end up into the
	 * original part's first page, which is dead by then.
	 */
	if (!l->initrd_size && !(l->archive_start & (PLACE_PAGE - 1)) &&
	    is_free(l, l->archive_start, l->archive_start + l->archive_size, 0))
		return l->archive_start;
	/* Moving needs to read the loader initrd. */
	if (l->initrd_size && add_sat(l->initrd_start, l->initrd_size) > l->reach)
		return PLACE_NONE;
	/* Move: below the loader's limit first, then anywhere the stub can reach. */
	d = search(l, total, l->initrd_limit < l->reach ? l->initrd_limit : l->reach);
	if (d == PLACE_NONE && l->initrd_limit < l->reach)
		d = search(l, total, l->reach);
	return d;
}
