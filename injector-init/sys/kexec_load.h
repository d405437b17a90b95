/* SPDX-License-Identifier: MIT */
/*
 * kexec_load(2) of a bzImage at its 64-bit entry, through our own purgatory
 * (purgatory.S) and a zero page built here (zeropage.h): the load path with
 * no digest, for kernels that allow it (docs/injector-init.md).
 */
#ifndef INIT_KEXEC_LOAD_H
#define INIT_KEXEC_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Whether this boot may use it: not under EFI, whose runtime map we cannot pass on. */
int kexec_load_allowed(void);

/*
 * Loads KERNEL (the file's bytes) with INITRD (NULL when ISIZE is 0) and
 * CMDLINE. The buffers are the kernel's to copy: mappings of the files do.
 * err->errnum is EPERM when the kernel refuses the call (lockdown).
 */
int kexec_load_bzimage(const uint8_t *kernel, size_t ksize, const void *initrd, size_t isize,
		       const char *cmdline, struct err *err);

#endif
