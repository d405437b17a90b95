/* SPDX-License-Identifier: MIT */
/* 32-bit entry: paging is off, so everything below 4 GiB is reachable as is. */
#include "stub.h"

__attribute__((regparm(3))) uint32_t stub_main32(struct boot_params *bp, uint32_t base);

/* head.S calls part32's first byte. */
__attribute__((section(".text.entry"), regparm(3))) uint32_t stub_main32(struct boot_params *bp, uint32_t base)
{
	return (uint32_t)stub_run(0, bp, base, 1ull << 32, (struct place_range){ 0, 0 });
}
