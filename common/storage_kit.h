/* SPDX-License-Identifier: MIT */
/*
 * Where the storage tools sit in the injector initramfs: `mkinitramfs` puts
 * them there when the profile asks (`storage lvm`), injector-init runs them
 * when it finds them.
 */
#ifndef STORAGE_KIT_H
#define STORAGE_KIT_H

/* Debian's lvm2, dynamically linked: its libraries come along (elf_deps). */
#define STORAGE_LVM "/sbin/lvm"

#endif
