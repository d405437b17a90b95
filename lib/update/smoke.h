/* SPDX-License-Identifier: MIT */
/*
 * The smoke test of a new injector kernel: boot it under QEMU with a
 * throwaway guest disk and read the injector's status line on the serial
 * console.
 *
 * The disk is an ext4 filesystem labelled SMOKE_LABEL holding only
 * /etc/os-release and no kernel, and the per-VM archive injects one line
 * (SMOKE_MANIFEST). A working injector kernel then gets through every stage
 * that depends on the new build (the stub joins both archives, the kernel
 * unpacks them, injector-init runs, loads the virtio modules, finds the disk
 * by label, mounts it, injects the one entry) and stops, deterministically,
 * at the first stage that depends on the guest: finding a kernel. So the
 * outcome that passes is exactly SMOKE_EXPECTED; anything else, or no
 * status line in time, fails.
 */
#ifndef SMOKE_H
#define SMOKE_H

#include "err.h"

#define SMOKE_LABEL "vt-smoke"
#define SMOKE_MANIFEST "line /etc/vmlinuz-tool-smoke \"injected by the smoke test\"\n"
#define SMOKE_EXPECTED "status=error stage=kernel files=1"

struct smoke_opts {
	const char *qemu;    /* the QEMU binary (PATH lookup) */
	const char *accel;   /* QEMU's -machine accel=, e.g. "kvm:tcg" */
	unsigned mem_mib;
	unsigned timeout;    /* seconds for the whole boot */
	const char *workdir; /* scratch space, removed by the caller */
};

struct smoke_result {
	char status[128];    /* "status=... stage=... files=N" as the injector printed it, or "" */
	char accel[64];      /* the accelerator QEMU was given (kvm_choose_accel) */
	char accel_note[600]; /* why it is not the first one asked for, or "" */
	long ms;             /* from QEMU's start to the status line */
};

/* Boots KERNEL; 0 only when it printed SMOKE_EXPECTED. */
int smoke_test(const char *kernel, const struct smoke_opts *o, struct smoke_result *res,
	       struct err *err);

#endif
