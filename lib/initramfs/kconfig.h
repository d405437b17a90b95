/* SPDX-License-Identifier: MIT */
/* A kernel's build configuration (boot/config-VERSION): what it can do at boot. */
#ifndef KCONFIG_H
#define KCONFIG_H

#include "err.h"
#include "util/file_io.h"

struct kconfig {
	struct file_view view;
	int present;
};

/* Maps PATH; a missing file is not an error, only not PRESENT. */
int kconfig_load(struct kconfig *k, const char *path, struct err *err);
/* SYMBOL ("CONFIG_RD_XZ") is set to y; always false when not PRESENT. */
int kconfig_enabled(const struct kconfig *k, const char *symbol);
void kconfig_free(struct kconfig *k);

#endif
