/* SPDX-License-Identifier: MIT */
/*
 * LVM volume groups, through Debian's lvm2 tool when the archive carries it
 * (common/storage_kit.h). Activated once, when the root search sees a
 * physical volume (rootdev.h); deactivated after the guest is unmounted, so
 * that the guest's kernel finds them as its own initramfs expects: inactive.
 * No udev here: lvm makes the /dev/mapper nodes itself.
 */
#ifndef INIT_LVM_H
#define INIT_LVM_H

#include "err.h"

/* 1 when the archive carries lvm2. */
int lvm_available(void);

/* `lvm vgchange -ay --sysinit`; a failure is logged: the root search goes on. */
void lvm_activate(void);

/* `lvm vgchange -an`, when lvm_activate ran; 0, or -1 with ERR. */
int lvm_deactivate(struct err *err);

#endif
