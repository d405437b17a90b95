/* SPDX-License-Identifier: MIT */
/*
 * Where the rescue kit sits in the injector initramfs: `mkinitramfs
 * --with-rescue` puts it there, injector-init starts it when a stage fails.
 */
#ifndef RESCUE_KIT_H
#define RESCUE_KIT_H

#define RESCUE_BUSYBOX "/bin/busybox"
#define RESCUE_DROPBEAR "/usr/sbin/dropbear"
#define RESCUE_AUTHORIZED_KEYS "/root/.ssh/authorized_keys"

#endif
