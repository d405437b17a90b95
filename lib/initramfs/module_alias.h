/* SPDX-License-Identifier: MIT */
/*
 * The aliases crypto modules answer to. Filesystems name the algorithms
 * they need in soft dependencies ("pre: crypto-crc32c", "blake2b-256"),
 * and the kernel asks for them the same way (request_module("crypto-%s")):
 * these are aliases (MODULE_ALIAS_CRYPTO), each served by a generic module
 * and often a CPU-accelerated one. An unpacked kernel package has no
 * modules.alias, and reading every module of the tree would take seconds
 * (6.12's are xz-compressed), so only the modules in crypto directories,
 * where MODULE_ALIAS_CRYPTO lives, are read.
 */
#ifndef MODULE_ALIAS_H
#define MODULE_ALIAS_H

#include <libkmod.h>
#include <stddef.h>

#include "err.h"
#include "module_index.h"

struct module_alias {
	char *pattern; /* as the module declares it: fnmatch(3) syntax, like modules.alias */
	char *module;  /* the module's name */
};

struct module_aliases {
	struct module_alias *v;
	size_t n, cap;
};

/* The .modinfo of the module file REF in MODDIR (free with kmod_module_info_free_list). */
int module_info(struct kmod_ctx *kmod, const char *moddir, const struct module_ref *ref,
		struct kmod_list **info, struct err *err);

/* Reads the aliases of every module of IX under a crypto/ directory. */
int module_aliases_load(struct module_aliases *a, struct kmod_ctx *kmod, const char *moddir,
			const struct module_index *ix, struct err *err);
void module_aliases_free(struct module_aliases *a);

/* The next alias after FROM (NULL: the first) that NAME matches, or NULL. */
const struct module_alias *module_aliases_next(const struct module_aliases *a, const char *name,
					       const struct module_alias *from);

#endif
