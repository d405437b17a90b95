/* SPDX-License-Identifier: MIT */
/* Shared by the 32- and 64-bit builds of the boot stub's C code. */
#ifndef STUB_H
#define STUB_H

#include <stddef.h>
#include <stdint.h>

#include "bootparam.h"
#include "place.h"
#include "stub_abi.h"

/* The mode-specific side: mode32.c or mode64.c. */
struct stub_env;
#ifdef __x86_64__
/* Make [start, end) accessible, or die. */
void stub_map(struct stub_env *env, uint64_t start, uint64_t end);
#else
/* Paging is off at the 32-bit entry: everything below reach is there. */
static inline void stub_map(struct stub_env *env, uint64_t start, uint64_t end)
{
	(void)env;
	(void)start;
	(void)end;
}
#endif

static inline const struct stub_params *stub_params_at(uintptr_t base)
{
	return (const struct stub_params *)(base + STUB_PARAMS_OFFSET);
}

/*
 * Joins the archive and the loader initrd, fixes boot_params up and returns
 * the original part's address. The stub can touch [0, reach); scratch is
 * memory the mode side keeps in use (empty if none).
 */
uint64_t stub_run(struct stub_env *env, struct boot_params *bp, uintptr_t base, uint64_t reach,
		  struct place_range scratch);

/* Print "vmlinuz-tool stub: <msg>" on COM1 and halt. */
__attribute__((noreturn)) void stub_die(const char *msg);

void *memmove(void *dst, const void *src, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#endif
