/* SPDX-License-Identifier: MIT */
/* 32-bit entry: paging is off, so everything below 4 GiB is reachable as is. */
#include "stub.h"

struct stub_env {
	int unused;
};

void stub_map(struct stub_env *env, uint64_t start, uint64_t end)
{
	(void)env;
	(void)start;
	if (end > (1ull << 32))
		stub_die("boot data above 4 GiB at the 32-bit entry");
}

uint32_t stub_main32(struct boot_params *bp, uint32_t base);

/* head.S calls part32's first byte. */
__attribute__((section(".text.entry"))) uint32_t stub_main32(struct boot_params *bp, uint32_t base)
{
	return (uint32_t)stub_run(0, bp, base, 1ull << 32, (struct place_range){ 0, 0 });
}
