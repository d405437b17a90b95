/* SPDX-License-Identifier: MIT */
/*
 * 64-bit entry: the loader maps only the image, boot_params and the command
 * line, so the stub builds its own identity map (2 MiB pages) in scratch
 * memory inside [load, load+init_size) that the decompressor will not touch
 * before it switches to its own page tables.
 */
#include "stub.h"

#define PAGE_2M (1ull << 21)
#define PTE_PRESENT_RW 0x3ull
#define PTE_LARGE 0x80ull
#define PTE_ADDR 0x000ffffffffff000ull
#define CR4_LA57 (1ull << 12)
#define MIN_OUTPUT 0x1000000ull

struct stub_env {
	uint64_t *top;
	uintptr_t pool;
	uint32_t pages, used;
	int la57;
};

static uint64_t *alloc_table(struct stub_env *e)
{
	uint64_t *t;

	if (e->used == e->pages)
		stub_die("page-table scratch exhausted");
	t = (uint64_t *)(e->pool + (uintptr_t)e->used++ * PLACE_PAGE);
	memset(t, 0, PLACE_PAGE);
	return t;
}

static uint64_t *next_level(struct stub_env *e, uint64_t *table, unsigned idx)
{
	if (!(table[idx] & 1))
		table[idx] = (uintptr_t)alloc_table(e) | PTE_PRESENT_RW;
	return (uint64_t *)(uintptr_t)(table[idx] & PTE_ADDR);
}

static void map_range(struct stub_env *e, uint64_t start, uint64_t end)
{
	for (uint64_t a = start & ~(PAGE_2M - 1); a < end; a += PAGE_2M) {
		uint64_t *t = e->top;

		if (e->la57)
			t = next_level(e, t, (a >> 48) & 511);
		t = next_level(e, t, (a >> 39) & 511);
		t = next_level(e, t, (a >> 30) & 511);
		t[(a >> 21) & 511] = a | PTE_PRESENT_RW | PTE_LARGE;
		if (a + PAGE_2M < a)
			break;
	}
}

static void load_cr3(struct stub_env *e)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"((uint64_t)(uintptr_t)e->top) : "memory");
}

void stub_map(struct stub_env *e, uint64_t start, uint64_t end)
{
	map_range(e, start, end);
	load_cr3(e); /* cheap under our own tables, and flushes any stale walk */
}

static int overlaps(uint64_t s, uint64_t e, uint64_t rs, uint64_t re)
{
	return s < re && rs < e;
}

/*
 * Scratch pages in [load, load+init_size) clear of the file and of the
 * decompressor: the top (the tool sized init_size for it), else right
 * behind the file (when the 16 MiB minimum output pushes the window up).
 */
static uint64_t pick_scratch(const struct boot_params *bp, uintptr_t base, const struct stub_params *p)
{
	uint64_t load_end = (uint64_t)base + p->new_init_size;
	uint64_t file_end = (uint64_t)base + p->orig_offset + p->orig_pm_size;
	uint64_t align = bp->hdr.kernel_alignment > PLACE_PAGE ? bp->hdr.kernel_alignment : PLACE_PAGE;
	uint64_t out = ((uint64_t)base + p->orig_offset + align - 1) & ~(align - 1);
	uint64_t cand[2] = { (load_end - p->scratch_size) & ~(PLACE_PAGE - 1),
			     (file_end + PLACE_PAGE - 1) & ~(PLACE_PAGE - 1) };

	if (!bp->hdr.relocatable_kernel || out < MIN_OUTPUT)
		out = MIN_OUTPUT;
	for (int i = 0; i < 2; i++) {
		if (cand[i] >= file_end && cand[i] + p->scratch_size <= load_end &&
		    !overlaps(cand[i], cand[i] + p->scratch_size, out, out + p->orig_init_size))
			return cand[i];
	}
	stub_die("no room for the stub's page tables inside init_size");
}

uint64_t stub_main64(struct boot_params *bp, uintptr_t base);

/* head.S calls part64's first byte; returns the address to jump to. */
__attribute__((section(".text.entry"))) uint64_t stub_main64(struct boot_params *bp, uintptr_t base)
{
	const struct stub_params *p = stub_params_at(base);
	struct stub_env env;
	uint64_t cr4, scratch, cmd;

	/* stub_run() checks the rest; pick_scratch() stays inside init_size. */
	if (p->magic != STUB_MAGIC || p->abi_version != STUB_ABI_VERSION)
		stub_die("bad stub parameters");
	scratch = pick_scratch(bp, base, p);
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	env = (struct stub_env){ .pool = scratch, .pages = p->scratch_size / PLACE_PAGE,
				 .la57 = !!(cr4 & CR4_LA57) };
	env.top = alloc_table(&env);

	/* What the loader mapped, plus the decompressor's window. */
	map_range(&env, base, (uint64_t)base + p->new_init_size);
	map_range(&env, (uint64_t)base + p->orig_offset,
		  (uint64_t)base + p->orig_offset + 2 * (uint64_t)p->orig_init_size);
	map_range(&env, MIN_OUTPUT, MIN_OUTPUT + p->orig_init_size);
	map_range(&env, (uintptr_t)bp, (uintptr_t)bp + sizeof(*bp));
	cmd = bp->hdr.cmd_line_ptr | (bp->sentinel ? 0 : (uint64_t)bp->ext_cmd_line_ptr << 32);
	if (cmd)
		map_range(&env, cmd, cmd + (bp->hdr.cmdline_size ? bp->hdr.cmdline_size : 255) + 1);
	load_cr3(&env);

	return stub_run(&env, bp, base, UINT64_MAX,
			(struct place_range){ scratch, scratch + p->scratch_size }) +
	       STUB_ENTRY64;
}
