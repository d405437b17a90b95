/* SPDX-License-Identifier: MIT */
/*
 * One budget for everything the kernel choice reads from the guest: files
 * opened, bytes read, directory entries looked at. The per-file bounds
 * (bounds.h) cap each file, not their number: a grub.cfg of 1 MiB of
 * `source` lines naming itself fans out to ~10^20 reads within the depth
 * cap, a /boot of a million names is read to the end. The parsers reach the
 * guest through guestfs in many places (grub `source`, BLS entries, kernel
 * and initrd lookups), so the budget is the process's, charged there: once
 * it is spent, every further guest open and directory read fails at once
 * and the whole choice stops quickly.
 */
#ifndef INIT_BUDGET_H
#define INIT_BUDGET_H

#include <dirent.h>

struct guest_budget {
	unsigned long files;   /* guest paths opened (walks included) */
	unsigned long bytes;   /* bytes of guest files read */
	unsigned long entries; /* directory entries read */
};

/* Far above a real guest's needs (a few hundred opens, a few MiB), far below a hang. */
#define GUEST_BUDGET_FILES 4096ul
#define GUEST_BUDGET_BYTES (16ul << 20)
#define GUEST_BUDGET_ENTRIES 16384ul

/* The budget of one pass over the guest: the kernel choice, or the mounts from its fstab. */
extern const struct guest_budget guest_budget_default;

/* Starts charging against LIMIT (a copy is kept); NULL stops charging. */
void guest_budget_arm(const struct guest_budget *limit);

/*
 * Charges what is about to be read; -1 when that exceeds what is left (the
 * budget then stays spent: every later charge fails too). Always 0 when
 * not armed.
 */
int guest_budget_charge(unsigned long files, unsigned long bytes, unsigned long entries);

/* 1 when a charge failed since the budget was armed. */
int guest_budget_spent(void);

/* readdir(D), charged one entry; NULL at the end or when the budget is spent. */
struct dirent *guest_readdir(DIR *d);

#endif
