/* SPDX-License-Identifier: MIT */
/*
 * Handing over to the guest's kernel. The kernel and initrd are opened from
 * the guest root (guestfs) and loaded while it is still mounted; the jump
 * happens after the clean unmount.
 */
#ifndef INIT_KEXEC_H
#define INIT_KEXEC_H

#include "bootcfg/kernelpick.h"
#include "err.h"

/* Where the time of kexec_prepare went, for the log. */
struct kexec_times {
	size_t bytes; /* kernel and initrd */
	long read_ms; /* from the guest's disk into the page cache (and several initrds joined) */
	long load_ms; /* the load syscall: copies, digests, signature check */
	const char *method;  /* the call that loaded: kexec_load, kexec_file_load, kexec-tools */
	char fallback[256];  /* why kexec_load was passed over, or "" */
};

/*
 * kexec_load(2) through our purgatory (kexec_load.h) where the kernel allows
 * it, else kexec_file_load(2), else kexec_load(2) through the initramfs's
 * kexec-tools (/sbin/kexec), for kernels the others refuse. Several initrds are
 * concatenated, as the kernel unpacks them in order. Initrds larger than a
 * third of MemTotal in all are refused before any is read (err->errnum
 * EFBIG).
 */
int kexec_prepare(int rootfd, const struct kcand *c, struct kexec_times *t, struct err *err);

/* reboot(LINUX_REBOOT_CMD_KEXEC): returns only on failure. */
int kexec_jump(struct err *err);

#endif
