/* SPDX-License-Identifier: MIT */
/*
 * A unified kernel image taken apart for kexec: its .linux and .initrd
 * sections copied into memory files, which kexec_file_load reads as it
 * would a kernel and an initrd on disk.
 */
#ifndef INIT_UKI_LOAD_H
#define INIT_UKI_LOAD_H

#include "bootcfg/uki.h"
#include "err.h"

/* From the UKI open on FD (sections U): *KFD the kernel, *IFD the initrd or -1; 0, or -1. */
int uki_extract(int fd, const struct uki *u, int *kfd, int *ifd, struct err *err);

#endif
