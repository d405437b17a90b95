/* SPDX-License-Identifier: MIT */
#include "module_index.h"

#include "array.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/dir_walk.h"

struct refs {
	struct module_ref *v;
	size_t n, cap;
};

/* The module name of a file name: up to the first '.', '-' as '_'. */
void module_name_normalize(const char *name, char *out, size_t size)
{
	size_t i;

	for (i = 0; name[i] && name[i] != '.' && i + 1 < size; i++)
		out[i] = name[i] == '-' ? '_' : name[i];
	out[i] = '\0';
}

static int add_ref(struct refs *r, const char *path, struct err *err)
{
	const char *base = strrchr(path, '/');
	char name[256];

	struct module_ref *v = array_reserve(r->v, &r->cap, r->n, sizeof(*v), 1024);

	if (!v)
		return err_set(err, "out of memory");
	r->v = v;
	module_name_normalize(base ? base + 1 : path, name, sizeof(name));
	r->v[r->n].name = strdup(name);
	r->v[r->n].path = strdup(path);
	if (!r->v[r->n].name || !r->v[r->n].path)
		return err_set(err, "out of memory");
	r->n++;
	return 0;
}

static int is_module_file(const char *name)
{
	static const char *const suffixes[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t len = strlen(name);

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t s = strlen(suffixes[i]);

		if (len > s && strcmp(name + len - s, suffixes[i]) == 0)
			return 1;
	}
	return 0;
}

static int add_file(const char *top, const char *rel, void *ctx, struct err *err)
{
	(void)top;
	return is_module_file(rel) ? add_ref(ctx, rel, err) : 0;
}

static int read_builtin(const char *moddir, struct refs *r, struct err *err)
{
	char path[4096], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/modules.builtin", moddir);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 0 : err_sys(err, "%s", path);
	while ((len = getline(&line, &cap, f)) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] && add_ref(r, line, err) < 0)
			break;
	}
	free(line);
	fclose(f);
	return len > 0 ? -1 : 0;
}

static int by_name(const void *a, const void *b)
{
	const struct module_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	/* Two files of one name: the first in path order wins, reproducibly. */
	return c ? c : strcmp(x->path, y->path);
}

int module_index_load(struct module_index *ix, const char *moddir, struct err *err)
{
	struct refs files = { 0 }, builtin = { 0 };
	int ret = dir_walk(moddir, "kernel", add_file, &files, err);

	if (ret == 0)
		ret = read_builtin(moddir, &builtin, err);
	if (files.n)
		qsort(files.v, files.n, sizeof(*files.v), by_name);
	if (builtin.n)
		qsort(builtin.v, builtin.n, sizeof(*builtin.v), by_name);
	*ix = (struct module_index){ files.v, files.n, builtin.v, builtin.n };
	if (ret < 0)
		module_index_free(ix);
	return ret;
}

static void free_refs(struct module_ref *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
	}
	free(v);
}

void module_index_free(struct module_index *ix)
{
	free_refs(ix->files, ix->n_files);
	free_refs(ix->builtin, ix->n_builtin);
	memset(ix, 0, sizeof(*ix));
}

/* The first entry named NAME in the sorted V, or NULL. */
static const struct module_ref *find(const struct module_ref *v, size_t n, const char *name)
{
	char norm[256];
	size_t lo = 0, hi = n;

	module_name_normalize(name, norm, sizeof(norm));
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid].name, norm) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(v[lo].name, norm) == 0 ? &v[lo] : NULL;
}

const struct module_ref *module_index_file(const struct module_index *ix, const char *name)
{
	return find(ix->files, ix->n_files, name);
}

int module_index_builtin(const struct module_index *ix, const char *name)
{
	return find(ix->builtin, ix->n_builtin, name) != NULL;
}
