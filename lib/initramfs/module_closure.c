/* SPDX-License-Identifier: MIT */
#include "module_closure.h"

#include <libkmod.h>
#include <stdio.h>
#include <string.h>

#include "module_alias.h"
#include "module_index.h"

struct closure {
	struct kmod_ctx *kmod;
	struct module_index ix;
	struct module_aliases aliases;
	int aliases_loaded; /* read on the first name that is no module's */
	const char *moddir;
	struct strlist queue; /* module names, each once: visited and to visit */
};

static int queue(struct closure *c, const char *name, struct err *err)
{
	char norm[256];

	module_name_normalize(name, norm, sizeof(norm));
	return strlist_add(&c->queue, norm, err) < 0 ? -1 : 0;
}

/* Queues every module file that answers to the alias NAME: all of them, so
 * that the generic module comes along with the CPU-accelerated one. */
static int want_alias(struct closure *c, const char *name, struct err *err)
{
	const struct module_alias *a = NULL;

	if (!c->aliases_loaded &&
	    module_aliases_load(&c->aliases, c->kmod, c->moddir, &c->ix, err) < 0)
		return -1;
	c->aliases_loaded = 1;
	while ((a = module_aliases_next(&c->aliases, name, a)))
		if (queue(c, a->module, err) < 0)
			return -1;
	return 0;
}

/* Queues NAME, a module or an alias; FROM, if set, requires a module file. */
static int want(struct closure *c, const char *name, const char *from, struct err *err)
{
	if (module_index_file(&c->ix, name))
		return queue(c, name, err);
	if (!from)
		return module_index_builtin(&c->ix, name) ? 0 : want_alias(c, name, err);
	if (module_index_builtin(&c->ix, name))
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
	struct kmod_list *info;
	int ret = module_info(c->kmod, c->moddir, module_index_file(&c->ix, name), &info, err);

	if (ret == 0)
		ret = want_info(c, name, info, err);
	kmod_module_info_free_list(info);
	return ret;
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

int module_closure(const char *moddir, const char *const *wanted, size_t n_wanted,
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
	module_aliases_free(&c.aliases);
	module_index_free(&c.ix);
	strlist_free(&c.queue);
	return ret;
}
