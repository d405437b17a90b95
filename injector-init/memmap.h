/* SPDX-License-Identifier: MIT */
/*
 * The firmware's memory map as the running kernel exports it in
 * /sys/firmware/memmap/N/{start,end,type} (CONFIG_FIRMWARE_MEMMAP): the
 * e820 table a kexec'd kernel is given, as kexec-tools gives it.
 */
#ifndef INIT_MEMMAP_H
#define INIT_MEMMAP_H

#include "bootparam.h"
#include "err.h"

#define MEMMAP_DIR "/sys/firmware/memmap"

/* Reads DIR's entries into E820 (at most E820_MAX_ENTRIES_ZEROPAGE), sorted by address. */
int memmap_read(const char *dir, struct boot_e820_entry *e820, unsigned *n, struct err *err);

#endif
