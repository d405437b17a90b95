/* SPDX-License-Identifier: MIT */
/*
 * A wider read-ahead for the guest's kernel and initrd, the largest files
 * injector-init reads (docs/injector-init.md, "Reading the kernel and initrd").
 */
#ifndef INIT_READAHEAD_H
#define INIT_READAHEAD_H

/*
 * Widens the read-ahead of the disk holding FD's file, and FD's own window
 * with it. Best effort: a file on no block device of its own (a memfd,
 * btrfs' anonymous device) keeps the kernel's default.
 */
void readahead_widen(int fd);

#endif
