/* SPDX-License-Identifier: MIT */
/*
 * Boot Loader Specification type #1 entries (/boot/loader/entries/NAME.conf):
 * Fedora, RHEL, and systemd-boot systems. Options may name grubenv
 * variables ($kernelopts on Fedora up to 33, RHEL 8).
 */
#ifndef INIT_BLS_H
#define INIT_BLS_H

#include <stddef.h>

#include "bootentry.h"
#include "vartab.h"

/* Parses one entry file; ID is its name without ".conf". 0, or -1 without linux. */
int bls_parse(const char *text, size_t len, const char *id, const struct vartab *vars,
	      struct boot_entry *e);

/* Sorts as systemd-boot and grub's blscfg show them: by sort-key, then newest version first. */
void bls_sort(struct boot_entry *e, size_t n);

/*
 * The default: the first entry whose id, title or position (in the sorted
 * order) matches PATTERN (loader.conf's glob, or grub's saved_entry), or 0.
 */
size_t bls_default(const struct boot_entry *e, size_t n, const char *pattern);

#endif
