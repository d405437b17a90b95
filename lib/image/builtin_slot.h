/* SPDX-License-Identifier: MIT */
/*
 * The built-in initramfs slot, checked before the builtin method writes to
 * it: every location vmlinux_find_initramfs derived from the ELF is
 * verified against what usr/initramfs_data.S and gen_init_cpio put there.
 */
#ifndef BUILTIN_SLOT_H
#define BUILTIN_SLOT_H

#include <stddef.h>
#include <stdint.h>

#include "codec/codec.h"
#include "err.h"
#include "vmlinux.h"

struct builtin_slot {
	struct initramfs_slot slot;
	size_t capacity;           /* bytes an archive may use: up to __initramfs_size */
	size_t used; /* of them, up to the last non-NUL byte: a few short when the archive ends in NULs */
	const struct codec *codec; /* the archive's compression; NULL: none */
};

/* Fills BS from SLOT, a slot vmlinux_find_initramfs found in VMLINUX. */
void builtin_slot_describe(const uint8_t *vmlinux, const struct initramfs_slot *slot,
			   struct builtin_slot *bs);

/*
 * How many of SLOT's bytes hold its archive, for a reader (cpio_list,
 * extract): all of them, but for a stream that needs its length
 * (codec.h, stream_len).
 */
size_t builtin_slot_archive_len(const uint8_t *vmlinux, const struct initramfs_slot *slot);

/*
 * Finds the slot in VMLINUX (its extent given by the 64-bit
 * __initramfs_size, vmlinux.h) and verifies it: only NULs between the
 * archive and the size word and, for an uncompressed archive (a
 * compressed one is only recognised by its magic), a newc header at its
 * start and TRAILER!!! as its last entry. SLOT_ABSENT covers a slot that
 * fails a check (ERR says which).
 */
enum slot_lookup builtin_slot_find(const uint8_t *vmlinux, size_t len, struct builtin_slot *bs,
		      struct err *err);

/*
 * True when the slot holds the kernel's default archive (usr/default_cpio_list:
 * /dev, /dev/console, /root and nothing else), which a kernel built without
 * CONFIG_INITRAMFS_SOURCE carries.
 */
int builtin_slot_is_default(const uint8_t *vmlinux, const struct builtin_slot *bs);

/*
 * Replaces the archive: ARCHIVE (compressed or not), then NULs up to the
 * size word, which becomes the whole capacity, the alignment padding
 * before the word included (the linker fills it with NULs too). The
 * kernel's unpacker (init/initramfs.c) skips NULs after an archive, one
 * byte at a time, also after a compressed one, whose decompressor stops
 * at the end of its stream (lz4's at a zero chunk length); a size word
 * that still reaches the slot's end keeps the slot findable without
 * symbols (vmlinux.h), by inspect and by a later embed.
 */
void builtin_slot_write(uint8_t *vmlinux, const struct builtin_slot *bs, const uint8_t *archive,
			size_t size);

#endif
