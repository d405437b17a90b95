/* SPDX-License-Identifier: MIT */
/*
 * The guest's default boot entry, read the way its boot loader would, from
 * where its profile's `boot` paths say: grub.cfg (with grubenv), or the BLS
 * entries when grub.cfg hands over to them (blscfg) or when there is no
 * grub.cfg (systemd-boot, with loader.conf's default).
 */
#ifndef INIT_BOOTCFG_H
#define INIT_BOOTCFG_H

#include "bootentry.h"
#include "err.h"
#include "profile.h"

/* 0 with *E filled, or -1 when no configuration names a kernel. */
int bootcfg_default(int rootfd, const struct profile *p, struct boot_entry *e, struct err *err);

#endif
