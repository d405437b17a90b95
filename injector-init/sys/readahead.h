/* SPDX-License-Identifier: MIT */
/*
 * A wider read-ahead for the guest's kernel and initrd, the largest files
 * injector-init reads (docs/injector-init.md, "Reading the kernel and initrd").
 */
#ifndef INIT_READAHEAD_H
#define INIT_READAHEAD_H

/*
 * Widens the read-ahead of the disk holding FD's file, and FD's own window
 * with it. Best effort: a file on no block device of its own keeps its
 * window (a memfd; btrfs, whose anonymous device number has no queue, and
 * which sets at least 4 MiB itself when it mounts).
 */
void readahead_widen(int fd);

#endif
