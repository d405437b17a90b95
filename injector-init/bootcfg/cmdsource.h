/* SPDX-License-Identifier: MIT */
/*
 * The guest's command line when no boot entry gives one: /etc/kernel/cmdline
 * (kernel-install), else GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT
 * from /etc/default/grub, with "root=UUID=… ro" in front when they name no
 * root, as grub-mkconfig would put it.
 */
#ifndef INIT_CMDSOURCE_H
#define INIT_CMDSOURCE_H

#include <stddef.h>

/* ROOT_UUID: the mounted root's filesystem UUID (may be empty). */
void cmdsource_fallback(int rootfd, const char *root_uuid, char *out, size_t size);

/* The same from the texts themselves (either may be NULL), for tests and fuzzing. */
void cmdsource_from(const char *kernel_cmdline, const char *default_grub, size_t grub_len,
		    const char *root_uuid, char *out, size_t size);

#endif
