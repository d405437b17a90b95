/* SPDX-License-Identifier: MIT */
/*
 * The plan for loading a bzImage with kexec_load(2) at its 64-bit entry
 * (Documentation/arch/x86/boot.rst, "64-bit boot protocol"): where the
 * kernel, the initrd and the setup segment [purgatory | zero page | command
 * line | identity map] go in physical memory, and the zero page itself, built as
 * kexec-tools and the kernel's kexec_file_load build it. Pure: the caller
 * reads the files and the memory map (memmap.h) and makes the syscall.
 */
#ifndef INIT_ZEROPAGE_H
#define INIT_ZEROPAGE_H

#include <stddef.h>
#include <stdint.h>

#include "bootparam.h"
#include "err.h"

#define ZP_PAGE		      4096ull
/* 2.12: xloadflags, the first protocol a 64-bit loader may rely on. */
#define ZP_MIN_PROTOCOL	      0x020c
#define ZP_LOADER_KEXEC	      0xd0 /* type_of_loader: boot.rst's ID 0xD, kexec-tools */
/* The setup segment's parts, each page-aligned from its start. */
#define ZP_BOOT_PARAMS_OFFSET ZP_PAGE /* after one page of purgatory */
#define ZP_CMDLINE_OFFSET     (2 * ZP_PAGE)

struct zp_in {
	const uint8_t *image; /* the whole bzImage file */
	size_t image_size;
	uint64_t initrd_size; /* 0: none */
	const char *cmdline;
	const struct boot_e820_entry *e820; /* the firmware's map, as memmap_read gives it */
	unsigned e820_entries;
};

struct zp_plan {
	struct boot_params bp; /* the zero page to load */
	size_t kernel_offset;  /* the protected-mode part's offset in the file */
	uint64_t kernel_addr;  /* kernel_alignment-aligned, from pref_address up */
	uint64_t kernel_memsz; /* init_size (or the file's part, if larger): kept clear */
	/*
	 * The file's part, page-rounded: all kexec copies. No loader zeroes
	 * the rest of init_size, and nothing of kexec's is live there once the
	 * purgatory runs on its own identity map (docs/injector-init.md,
	 * "Loading the guest's kernel").
	 */
	uint64_t kernel_loadsz;
	uint64_t initrd_addr;  /* page-aligned, below initrd_addr_max when it fits */
	uint64_t initrd_memsz; /* its segment: the size page-rounded, 0 without one */
	uint64_t setup_addr;   /* [purgatory | zero page | command line | idmap]; the kexec entry */
	uint64_t setup_memsz;
	uint64_t idmap_offset; /* the identity map's place in the setup segment (idmap.h) */
	uint64_t idmap_end;    /* what it maps: [0, idmap_end), every segment inside */
	uint64_t boot_params_addr;
	uint64_t entry64; /* the kernel's 64-bit entry: where the purgatory jumps */
};

/*
 * Validates IN's image for the 64-bit entry (protocol >= 2.12, a relocatable
 * 64-bit bzImage) and fills PLAN. Every segment lies in RAM of the map, clear
 * of the others and of everything the map does not call RAM.
 */
int zeropage_plan(const struct zp_in *in, struct zp_plan *plan, struct err *err);

#endif
