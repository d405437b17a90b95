/* SPDX-License-Identifier: MIT */
#include "module_alias.h"

#include "array.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int module_info(struct kmod_ctx *kmod, const char *moddir, const struct module_ref *ref,
		struct kmod_list **info, struct err *err)
{
	struct kmod_module *mod;
	char path[4096];
	int ret;

	*info = NULL;
	snprintf(path, sizeof(path), "%s/%s", moddir, ref->path);
	if (kmod_module_new_from_path(kmod, path, &mod) < 0)
		return err_set(err, "%s: not a kernel module", ref->path);
	ret = kmod_module_get_info(mod, info);
	kmod_module_unref(mod);
	return ret < 0 ? err_set(err, "%s: cannot read its .modinfo", ref->path) : 0;
}

static int add(struct module_aliases *a, const char *pattern, const char *module,
	       struct err *err)
{
	struct module_alias *v = array_reserve(a->v, &a->cap, a->n, sizeof(*v), 256);

	if (!v)
		return err_set(err, "out of memory");
	a->v = v;
	a->v[a->n].pattern = strdup(pattern);
	a->v[a->n].module = strdup(module);
	if (!a->v[a->n].pattern || !a->v[a->n].module) {
		free(a->v[a->n].pattern);
		free(a->v[a->n].module);
		return err_set(err, "out of memory");
	}
	a->n++;
	return 0;
}

static int add_module(struct module_aliases *a, struct kmod_ctx *kmod, const char *moddir,
		      const struct module_ref *ref, struct err *err)
{
	struct kmod_list *info, *it;
	int ret = module_info(kmod, moddir, ref, &info, err);

	kmod_list_foreach(it, info) {
		if (ret == 0 && strcmp(kmod_module_info_get_key(it), "alias") == 0)
			ret = add(a, kmod_module_info_get_value(it), ref->name, err);
	}
	kmod_module_info_free_list(info);
	return ret;
}

int module_aliases_load(struct module_aliases *a, struct kmod_ctx *kmod, const char *moddir,
			const struct module_index *ix, struct err *err)
{
	for (size_t i = 0; i < ix->n_files; i++) {
		const struct module_ref *ref = &ix->files[i];

		if ((strncmp(ref->path, "crypto/", 7) == 0 || strstr(ref->path, "/crypto/")) &&
		    add_module(a, kmod, moddir, ref, err) < 0)
			return -1;
	}
	return 0;
}

void module_aliases_free(struct module_aliases *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].pattern);
		free(a->v[i].module);
	}
	free(a->v);
	memset(a, 0, sizeof(*a));
}

const struct module_alias *module_aliases_next(const struct module_aliases *a, const char *name,
					       const struct module_alias *from)
{
	for (size_t i = from ? (size_t)(from - a->v) + 1 : 0; i < a->n; i++)
		if (fnmatch(a->v[i].pattern, name, 0) == 0)
			return &a->v[i];
	return NULL;
}
