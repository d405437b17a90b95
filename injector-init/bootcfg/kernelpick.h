/* SPDX-License-Identifier: MIT */
/*
 * Which kernel to kexec, with which initrd and command line, in the order
 * to try: an explicit choice (injector.kernel=, else the manifest's kernel
 * line), then where the guest's distro profile says: the default entry of
 * its boot configuration, its `links` (Debian's /vmlinuz with /initrd.img),
 * and the newest kernel after its `kernel` (/boot/vmlinuz-V) with its initrd.
 * The boot configuration's entry may be on the ESP (bootcfg.h). The newest
 * unified kernel image of the profile's UKI directories (ukifile.h) comes
 * right after the boot configuration's entry, before `links`.
 */
#ifndef INIT_KERNELPICK_H
#define INIT_KERNELPICK_H

#include <stddef.h>

#include "bootfs.h"
#include "cmdline.h"
#include "distro.h"
#include "err.h"
#include "guest/bounds.h"
#include "manifest.h"

#define KCAND_MAX 4

struct kcand {
	char kernel[GUEST_PATH_MAX];
	char initrd[GUEST_PATH_MAX]; /* space-separated when several; empty: none */
	char cmdline[CMDLINE_MAX];   /* final: injector.* removed, manifest's append added */
	char source[GUEST_PATH_MAX + 16]; /* for the log */
	enum bootfs fs;                   /* where kernel and initrd are */
	int uki; /* KERNEL is a unified kernel image: its .linux and .initrd are booted */
};

struct kernelpick_in {
	const struct init_config *cfg;
	const struct manifest *manifest; /* may be NULL */
	const char *root_uuid;           /* the mounted root's UUID, for a last-resort root= */
	const struct distro_set *distros; /* every profile: initrd names */
	const struct distro *distro;     /* the guest's (distro_of_guest); NULL: none */
};

/*
 * Fills OUT[0..*N). Fails when no candidate was found, or when the reads
 * from the guest overran their budget (guest/budget.h; err->errnum is then
 * EDQUOT): a guest that makes the choice that expensive gets none.
 */
int kernelpick(const struct bootfds *fds, const struct kernelpick_in *in, struct kcand *out, size_t *n,
	       struct err *err);

#endif
