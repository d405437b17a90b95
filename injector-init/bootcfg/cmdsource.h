/* SPDX-License-Identifier: MIT */
/*
 * The guest's command line when no boot entry gives one, from its
 * profile's `cmdline` sources in order: the first that gives a non-blank
 * line wins. A file named alone gives its first line (/etc/kernel/cmdline,
 * as kernel-install reads it); lines naming the same file one after the
 * other give their variables' values, joined by blanks (GRUB_CMDLINE_LINUX
 * then GRUB_CMDLINE_LINUX_DEFAULT, as grub-mkconfig joins them).
 * "root=UUID=… ro" goes in front when that names no root, as grub-mkconfig
 * would put it.
 */
#ifndef INIT_CMDSOURCE_H
#define INIT_CMDSOURCE_H

#include <stddef.h>

#include "profile.h"
#include "textload.h"

/* ROOT_UUID: the mounted root's filesystem UUID (may be empty). P may be NULL. */
void cmdsource_fallback(int rootfd, const struct profile *p, const char *root_uuid, char *out,
			size_t size);

/* The same with the files from LOAD, for tests and fuzzing. */
void cmdsource_from(const struct profile *p, text_loader load, void *ctx, const char *root_uuid,
		    char *out, size_t size);

#endif
