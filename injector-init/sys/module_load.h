/* SPDX-License-Identifier: MIT */
/*
 * Kernel modules from the initramfs's /lib/modules/$(uname -r), as its module
 * table (modtable.h, planned by mkinitramfs with libkmod) says, inserted with
 * finit_module: no libkmod, no libcrypto in the initramfs.
 * Coldplug does what udev would: every device's modalias in /sys is looked
 * up and its driver loaded, so disk controllers (virtio-blk, virtio-scsi,
 * NVMe, AHCI) work without being named.
 */
#ifndef INIT_MODULE_LOAD_H
#define INIT_MODULE_LOAD_H

#include "err.h"

/*
 * Loads the drivers of the devices coldplug_tier puts in COLDPLUG_NOW, and
 * with LATE also those of COLDPLUG_LATE (never COLDPLUG_NEVER), in sysfs
 * order; repeated while they add devices. Returns how many modules were
 * inserted, or -1.
 */
int modules_coldplug(int late, struct err *err);

/* Loads the module for filesystem TYPE ("fs-TYPE" alias, then TYPE); built-ins are fine. */
int modules_load_fs(const char *type, struct err *err);

/*
 * Makes this program the kernel's module helper: request_module() runs
 * `PROGRAM -q -- NAME` (crypto-crc32c at an ext4 mount, fs-xfs), and with
 * no modprobe in the initramfs those requests would be lost.
 */
int modules_become_helper(struct err *err);

/* The helper's job: loads what NAME (a module or alias) resolves to; 0 when it is in the kernel. */
int modules_request(const char *name);

#endif
