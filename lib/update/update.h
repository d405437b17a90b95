/* SPDX-License-Identifier: MIT */
/*
 * `update`: from a distro kernel to the current injector kernel of a host,
 * with nothing recompiled. Builds the injector initramfs for the kernel,
 * embeds it, smoke-tests the result under QEMU (smoke.h), and only then
 * makes it current in the injector directory (injector_dir.h). Any failure
 * leaves the directory as it was, apart from scratch space removed again.
 */
#ifndef UPDATE_H
#define UPDATE_H

#include "cpio/newc_writer.h"
#include "image/pe_sign.h"
#include "smoke.h"

struct update_opts {
	const char *profile, *profiles_dir, *init; /* as for mkinitramfs */
	enum cpio_compression compression;
	const char *kver, *root; /* an installed kernel: ROOT/boot/vmlinuz-KVER */
	const char *deb;         /* or a linux-image package */
	const char *dest;        /* the injector directory */
	unsigned keep;           /* previous kernels kept besides the current one */
	struct smoke_opts smoke; /* workdir is update's own */
	struct pe_sign_key sign; /* key NULL: the injector kernel stays unsigned */
};

struct update_result {
	char kver[256];
	char previous[256];      /* the link's old target, "" if there was none */
	char current[256];
	struct smoke_result smoke;
};

/* ERR names the file the message is about. */
int update(const struct update_opts *o, struct update_result *res, struct err *err);

#endif
