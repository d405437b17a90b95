/* SPDX-License-Identifier: MIT */
#include "modules.h"

#include <libkmod.h>
#include <stdio.h>
#include <string.h>

#include "module_index.h"

struct closure {
	struct kmod_ctx *kmod;
	struct module_index ix;
	const char *moddir;
	struct strlist queue; /* module names, each once: visited and to visit */
};

/* Queues NAME if the tree has a file for it; FROM, if set, requires one. */
static int want(struct closure *c, const char *name, const char *from, struct err *err)
{
	if (module_index_file(&c->ix, name)) {
		char norm[256];

		module_name_normalize(name, norm, sizeof(norm));
		return strlist_add(&c->queue, norm, err) < 0 ? -1 : 0;
	}
	if (!from || module_index_builtin(&c->ix, name))
		return 0;
	return err_set(err, "module %s needs %s, which is neither in the tree nor built in", from,
		       name);
}

/* depends= is "a,b,c"; softdep= is "pre: a b post: c". */
static int want_list(struct closure *c, char *value, const char *seps, const char *from,
		     int required, struct err *err)
{
	char *save, *t;

	for (t = strtok_r(value, seps, &save); t; t = strtok_r(NULL, seps, &save))
		if (strcmp(t, "pre:") != 0 && strcmp(t, "post:") != 0 &&
		    want(c, t, required ? from : NULL, err) < 0)
			return -1;
	return 0;
}

static int want_info(struct closure *c, const char *name, struct kmod_list *info,
		     struct err *err)
{
	struct kmod_list *it;
	char value[4096];

	kmod_list_foreach(it, info) {
		const char *key = kmod_module_info_get_key(it);
		int depends = strcmp(key, "depends") == 0;

		if (!depends && strcmp(key, "softdep") != 0)
			continue;
		snprintf(value, sizeof(value), "%s", kmod_module_info_get_value(it));
		if (want_list(c, value, depends ? "," : " \t", name, depends, err) < 0)
			return -1;
	}
	return 0;
}

static int visit(struct closure *c, const char *name, struct err *err)
{
	const struct module_ref *ref = module_index_file(&c->ix, name);
	struct kmod_module *mod;
	struct kmod_list *info = NULL;
	char path[4096];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", c->moddir, ref->path);
	if (kmod_module_new_from_path(c->kmod, path, &mod) < 0)
		return err_set(err, "%s: not a kernel module", ref->path);
	ret = kmod_module_get_info(mod, &info);
	if (ret < 0)
		err_set(err, "%s: cannot read its .modinfo", ref->path);
	else
		ret = want_info(c, name, info, err);
	kmod_module_info_free_list(info);
	kmod_module_unref(mod);
	return ret < 0 ? -1 : 0;
}

static int close_over(struct closure *c, const char *const *wanted, size_t n_wanted,
		      struct strlist *paths, struct err *err)
{
	for (size_t i = 0; i < n_wanted; i++)
		if (want(c, wanted[i], NULL, err) < 0)
			return -1;
	/* The queue grows while it is walked: visit appends what it finds. */
	for (size_t i = 0; i < c->queue.n; i++)
		if (visit(c, c->queue.v[i], err) < 0)
			return -1;
	for (size_t i = 0; i < c->queue.n; i++)
		if (strlist_add(paths, module_index_file(&c->ix, c->queue.v[i])->path, err) < 0)
			return -1;
	strlist_sort(paths);
	return 0;
}

static void quiet(void *data, int priority, const char *file, int line, const char *fn,
		  const char *format, va_list args)
{
	(void)data, (void)priority, (void)file, (void)line, (void)fn, (void)format, (void)args;
}

int modules_closure(const char *moddir, const char *const *wanted, size_t n_wanted,
		    struct strlist *paths, struct err *err)
{
	/* No configuration: the host's modprobe.d has no say in the guest's initramfs. */
	static const char *const no_config[] = { NULL };
	struct closure c = { .moddir = moddir };
	int ret = -1;

	if (module_index_load(&c.ix, moddir, err) < 0)
		return -1;
	c.kmod = kmod_new(moddir, no_config);
	if (!c.kmod) {
		err_set(err, "libkmod: cannot start");
	} else {
		/* libkmod would print to stderr; failures come back as errors instead. */
		kmod_set_log_fn(c.kmod, quiet, NULL);
		ret = close_over(&c, wanted, n_wanted, paths, err);
		kmod_unref(c.kmod);
	}
	module_index_free(&c.ix);
	strlist_free(&c.queue);
	return ret;
}
