/* SPDX-License-Identifier: MIT */
/*
 * The filesystems the guest's boot files are read from: its root, and the
 * ESP injector-init found and mounted apart from it (sys/esp.h) when the
 * guest's profile has `esp` paths. Paths on the ESP are from its own root
 * ("/MACHINE-ID/KVER/linux"), as systemd-boot reads them.
 */
#ifndef INIT_BOOTFS_H
#define INIT_BOOTFS_H

enum bootfs { BOOTFS_ROOT, BOOTFS_ESP, BOOTFS_COUNT };

struct bootfds {
	int fd[BOOTFS_COUNT]; /* directory descriptors; -1: not mounted */
};

#endif
