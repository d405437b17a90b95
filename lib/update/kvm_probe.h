/* SPDX-License-Identifier: MIT */
/*
 * Whether QEMU's KVM accelerator boots a kernel on this host. A /dev/kvm
 * can exist and still not work (nested virtualisation without the features
 * a guest needs): QEMU then stops with "KVM internal error", aborts, or
 * stalls silently once the guest leaves real mode, and a boot under
 * `accel=kvm:tcg` waits out its whole timeout instead of falling back. So
 * the probe boots the kernel itself under KVM with earlyprintk and waits a
 * few seconds for its first line ("Linux version"), which a working KVM
 * prints in well under a second.
 */
#ifndef KVM_PROBE_H
#define KVM_PROBE_H

#include <stddef.h>

#include "err.h"

/* QEMU's words when KVM stops the guest (QEMU then waits, paused, for ever). */
#define KVM_INTERNAL_ERROR "KVM internal error"

/* Seconds a working KVM needs at most: QEMU's start-up, the decompressor, one printk. */
#define KVM_PROBE_SECONDS 15

/* 0 when QEMU (the binary QEMU) got KERNEL to its first line under KVM; else -1, ERR says why. */
int kvm_probe(const char *qemu, const char *kernel, struct err *err);

/*
 * The accelerator to use for ACCEL ("kvm:tcg", "kvm", "tcg", ...) into OUT:
 * ACCEL itself unless it tries KVM first and the probe fails; then the rest
 * of the list, with FALLBACK saying why, or -1 when KVM was the only choice.
 */
int kvm_choose_accel(const char *qemu, const char *kernel, const char *accel, char *out,
		     size_t size, char *fallback, size_t fallback_size, struct err *err);

#endif
