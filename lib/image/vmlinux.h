/* SPDX-License-Identifier: MIT */
/*
 * The decompressed payload, read with libelf: vmlinux.bin (objcopy -S of
 * vmlinux, so section headers survive but symbols do not), followed by
 * vmlinux.relocs on relocatable kernels.
 */
#ifndef VMLINUX_H
#define VMLINUX_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define VMLINUX_MAX_LOADS 16
#define BUILD_ID_MAX 64

struct vmlinux_segment {
	uint64_t offset, vaddr, paddr, filesz, memsz;
	uint32_t flags; /* PF_R | PF_W | PF_X */
};

struct vmlinux_info {
	int elf_class; /* 32 or 64 */
	uint16_t machine;
	size_t build_id_len; /* 0: none */
	uint8_t build_id[BUILD_ID_MAX];
	size_t nloads;
	struct vmlinux_segment loads[VMLINUX_MAX_LOADS];
};

/*
 * The built-in initramfs. usr/initramfs_data.S puts the archive in
 * .init.ramfs and its size in __initramfs_size (.init.ramfs.info); the
 * linker script's INIT_RAM_FS places both, in that order, at the end of
 * .init.data: [archive, 4-aligned][pad to 8][__initramfs_size].
 */
struct initramfs_slot {
	size_t offset;           /* file offset of the archive in the vmlinux */
	size_t size;             /* the archive's size: the value of __initramfs_size */
	size_t size_word_offset; /* file offset of __initramfs_size */
	size_t size_word_len;    /* 8 on 64-bit kernels, 4 on 32-bit ones */
};

int vmlinux_describe(const uint8_t *elf, size_t size, struct vmlinux_info *info,
		     struct err *err);

/* What a search for a built-in initramfs found. */
enum slot_lookup {
	SLOT_MALFORMED = -1, /* the vmlinux itself is broken; ERR says how */
	SLOT_ABSENT = 0,     /* no slot, or one that fails a check */
	SLOT_FOUND = 1,
};

/*
 * Finds the built-in initramfs: SLOT_FOUND, SLOT filled, when .init.data
 * ends with a size word and an archive (cpio or compressed) of that size
 * right before it.
 */
enum slot_lookup vmlinux_find_initramfs(const uint8_t *elf, size_t size, struct initramfs_slot *slot,
			   struct err *err);

#endif
