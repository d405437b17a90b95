/* SPDX-License-Identifier: MIT */
#include "module_plan.h"

#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "module_index.h"
#include "util/strlist.h"

struct plan {
	struct kmod_ctx *kmod;
	const char *tree;
	FILE *out;
};

/*
 * libkmod's dry run names each module it would insert, in order, through a
 * callback without a context pointer: the list being filled is this one.
 */
static struct {
	struct strlist *list;
	size_t skip; /* the length of "TREE/" */
	int failed;
} collecting;

static void collect(struct kmod_module *m, bool install, const char *options)
{
	const char *path = kmod_module_get_path(m);
	struct err err;

	(void)options;
	/* INSTALL: an install command instead of the file; we have no configuration for any. */
	if (install || !path || strlen(path) <= collecting.skip ||
	    strlist_add(collecting.list, path + collecting.skip, &err) < 0)
		collecting.failed = 1;
}

/* What loading MOD takes, in order, into LIST. */
static int load_order(const struct plan *p, struct kmod_module *mod, struct strlist *list,
		      struct err *err)
{
	const unsigned flags = KMOD_PROBE_DRY_RUN | KMOD_PROBE_IGNORE_LOADED |
			       KMOD_PROBE_IGNORE_COMMAND;
	int r;

	collecting.list = list;
	collecting.skip = strlen(p->tree) + 1;
	collecting.failed = 0;
	r = kmod_module_probe_insert_module(mod, flags, NULL, NULL, NULL, collect);
	if (r < 0 || collecting.failed || !list->n)
		return err_set(err, "%s: libkmod cannot resolve what it needs",
			       kmod_module_get_name(mod));
	return 0;
}

/* An alias as libkmod matches it: '-' is '_' outside brackets. */
static void alias_normalize(const char *alias, char *out, size_t size)
{
	int bracket = 0;
	size_t i;

	for (i = 0; alias[i] && i + 1 < size; i++) {
		bracket = alias[i] == '[' ? 1 : alias[i] == ']' ? 0 : bracket;
		out[i] = alias[i] == '-' && !bracket ? '_' : alias[i];
	}
	out[i] = '\0';
}

/* One module's part of the table: its file and what loading it takes. */
struct planned {
	const char *name, *path;
	char *load; /* space-separated */
};

static void row(const struct plan *p, const char *pattern, const struct planned *m)
{
	fprintf(p->out, "%s\t%s\t%s\n", pattern, m->path, m->load);
}

static int plan_module(const struct plan *p, const struct module_ref *ref, struct planned *m,
		       struct err *err)
{
	struct strlist list = { 0 };
	struct kmod_module *mod;
	char path[4096];
	size_t len = 0;
	int r;

	*m = (struct planned){ ref->name, ref->path, NULL };
	snprintf(path, sizeof(path), "%s/%s", p->tree, ref->path);
	if (kmod_module_new_from_path(p->kmod, path, &mod) < 0)
		return err_set(err, "%s: not a kernel module", ref->path);
	r = load_order(p, mod, &list, err);
	kmod_module_unref(mod);
	for (size_t i = 0; r == 0 && i < list.n; i++)
		len += strlen(list.v[i]) + 1;
	if (r == 0 && !(m->load = calloc(1, len)))
		r = err_set(err, "out of memory");
	for (size_t i = 0; r == 0 && i < list.n; i++)
		strcat(strcat(m->load, i ? " " : ""), list.v[i]);
	strlist_free(&list);
	return r;
}

/* The rows of depmod's modules.alias ("alias PATTERN MODULE"), in its order. */
static int alias_rows(const struct plan *p, const struct planned *m, size_t n, struct err *err)
{
	char path[4096], line[2048], pattern[1024], name[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/modules.alias", p->tree);
	if (!(f = fopen(path, "re")))
		return err_sys(err, "%s", path);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "alias %1023s %255s", pattern, name) != 2)
			continue;
		alias_normalize(pattern, pattern, sizeof(pattern));
		for (size_t i = 0; i < n; i++)
			if (!strcmp(m[i].name, name))
				row(p, pattern, &m[i]);
	}
	fclose(f);
	return 0;
}

static void quiet(void *data, int priority, const char *file, int line, const char *fn,
		  const char *format, va_list args)
{
	(void)data, (void)priority, (void)file, (void)line, (void)fn, (void)format, (void)args;
}

static int plan_all(struct plan *p, struct err *err)
{
	struct module_index ix;
	struct planned *m;
	size_t n = 0;
	int r = 0;

	if (module_index_load(&ix, p->tree, err) < 0)
		return -1;
	m = calloc(ix.n_files ? ix.n_files : 1, sizeof(*m));
	if (!m)
		r = err_set(err, "out of memory");
	for (; r == 0 && n < ix.n_files; n++)
		r = plan_module(p, &ix.files[n], &m[n], err);
	for (size_t i = 0; r == 0 && i < n; i++)
		row(p, m[i].name, &m[i]);
	if (r == 0)
		r = alias_rows(p, m, n, err);
	for (size_t i = 0; m && i < n; i++)
		free(m[i].load);
	free(m);
	module_index_free(&ix);
	return r;
}

int module_plan(const char *tree, struct err *err)
{
	/* No configuration: the host's modprobe.d has no say; modules.softdep is read. */
	static const char *const no_config[] = { NULL };
	struct plan p = { .tree = tree };
	char path[4096];
	int r;

	snprintf(path, sizeof(path), "%s/%s", tree, MODULE_PLAN_FILE);
	p.kmod = kmod_new(tree, no_config);
	if (!p.kmod)
		return err_set(err, "libkmod: cannot start");
	kmod_set_log_fn(p.kmod, quiet, NULL);
	p.out = fopen(path, "we");
	r = p.out ? plan_all(&p, err) : err_sys(err, "%s", path);
	if (p.out && fclose(p.out) != 0 && r == 0)
		r = err_sys(err, "%s", path);
	kmod_unref(p.kmod);
	return r;
}
