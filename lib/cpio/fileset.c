/* SPDX-License-Identifier: MIT */
#include "fileset.h"

#include "array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fileset_entry *push(struct fileset *fs, const char *path, enum fileset_kind kind,
				  unsigned mode, struct err *err)
{
	struct fileset_entry *e, *v;

	while (*path == '/')
		path++;
	v = array_reserve(fs->v, &fs->cap, fs->n, sizeof(*v), 256);
	if (!v) {
		err_set(err, "out of memory");
		return NULL;
	}
	fs->v = v;
	e = &fs->v[fs->n];
	*e = (struct fileset_entry){ .path = strdup(path), .kind = kind, .mode = mode, .order = fs->n };
	if (!e->path) {
		err_set(err, "out of memory");
		return NULL;
	}
	fs->n++;
	return e;
}

/* The directories above PATH, as implied entries. */
static int add_parents(struct fileset *fs, const char *path, struct err *err)
{
	char dir[4096];
	char *slash;

	while (*path == '/')
		path++;
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = strchr(dir, '/'); slash; slash = strchr(slash + 1, '/')) {
		struct fileset_entry *e;

		*slash = '\0';
		e = push(fs, dir, FILESET_DIR, 0755, err);
		if (!e)
			return -1;
		e->implied = 1;
		*slash = '/';
	}
	return 0;
}

static struct fileset_entry *add(struct fileset *fs, const char *path, enum fileset_kind kind,
				 unsigned mode, struct err *err)
{
	if (add_parents(fs, path, err) < 0)
		return NULL;
	return push(fs, path, kind, mode, err);
}

int fileset_dir(struct fileset *fs, const char *path, unsigned mode, struct err *err)
{
	return add(fs, path, FILESET_DIR, mode, err) ? 0 : -1;
}

static int set_string(char **slot, const char *s, struct err *err)
{
	*slot = strdup(s);
	return *slot ? 0 : err_set(err, "out of memory");
}

int fileset_file(struct fileset *fs, const char *path, const char *source, unsigned mode,
		 struct err *err)
{
	struct fileset_entry *e = add(fs, path, FILESET_FILE, mode, err);

	return e ? set_string(&e->source, source, err) : -1;
}

int fileset_data(struct fileset *fs, const char *path, const char *data, unsigned mode,
		 struct err *err)
{
	struct fileset_entry *e = add(fs, path, FILESET_FILE, mode, err);

	if (!e || set_string(&e->data, data, err) < 0)
		return -1;
	e->size = strlen(data);
	return 0;
}

int fileset_symlink(struct fileset *fs, const char *path, const char *target, struct err *err)
{
	struct fileset_entry *e = add(fs, path, FILESET_SYMLINK, 0777, err);

	return e ? set_string(&e->source, target, err) : -1;
}

int fileset_chardev(struct fileset *fs, const char *path, unsigned major, unsigned minor,
		    unsigned mode, struct err *err)
{
	struct fileset_entry *e = add(fs, path, FILESET_CHARDEV, mode, err);

	if (!e)
		return -1;
	e->major = major;
	e->minor = minor;
	return 0;
}

/* By path; then explicit before implied; then in the order added. */
static int compare(const void *a, const void *b)
{
	const struct fileset_entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->implied != y->implied)
		return x->implied - y->implied;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void free_entry(struct fileset_entry *e)
{
	free(e->path);
	free(e->source);
	free(e->data);
}

void fileset_finish(struct fileset *fs)
{
	size_t kept = 0;

	if (fs->n)
		qsort(fs->v, fs->n, sizeof(*fs->v), compare);
	for (size_t i = 0; i < fs->n; i++) {
		if (kept && strcmp(fs->v[kept - 1].path, fs->v[i].path) == 0)
			free_entry(&fs->v[i]);
		else
			fs->v[kept++] = fs->v[i];
	}
	fs->n = kept;
}

int fileset_has(const struct fileset *fs, const char *path)
{
	while (*path == '/')
		path++;
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].path, path) == 0)
			return 1;
	return 0;
}

void fileset_free(struct fileset *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		free_entry(&fs->v[i]);
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}
