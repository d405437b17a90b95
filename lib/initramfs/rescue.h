/* SPDX-License-Identifier: MIT */
/*
 * The rescue kit of `mkinitramfs --with-rescue`: a shell (Debian's
 * busybox-static, with its applet links) and an SSH server (dropbear-bin)
 * with the few files a root login through it needs. The host keys are
 * made at boot (dropbear -R); authorized keys come with the per-VM archive.
 */
#ifndef RESCUE_H
#define RESCUE_H

#include "err.h"
#include "cpio/fileset.h"
#include "rescue_kit.h"
#include "util/strlist.h"

/* Adds the kit to FS and its programs to PROGRAMS; ERR names the program at fault. */
int rescue_add(struct fileset *fs, struct strlist *programs, struct err *err);

#endif
