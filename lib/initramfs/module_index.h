/* SPDX-License-Identifier: MIT */
/*
 * Which modules a modules tree (ROOT/lib/modules/VERSION) holds, by name,
 * found from the files themselves: an unpacked kernel package has no
 * modules.dep until depmod runs, and we must not write into it.
 */
#ifndef MODULE_INDEX_H
#define MODULE_INDEX_H

#include <stddef.h>

#include "err.h"

struct module_ref {
	char *name; /* as the kernel spells it: '-' becomes '_' */
	char *path; /* relative to the tree, "kernel/fs/xfs/xfs.ko.xz" */
};

struct module_index {
	struct module_ref *files;   /* every module file under kernel/ */
	size_t n_files;
	struct module_ref *builtin; /* modules.builtin: no file, always present */
	size_t n_builtin;
};

int module_index_load(struct module_index *ix, const char *moddir, struct err *err);
void module_index_free(struct module_index *ix);

/* The file of module NAME (either spelling), or NULL. */
const struct module_ref *module_index_file(const struct module_index *ix, const char *name);
int module_index_builtin(const struct module_index *ix, const char *name);

/* The module name of file or module NAME: up to the first '.', with '-' as '_'. */
void module_name_normalize(const char *name, char *out, size_t size);

#endif
