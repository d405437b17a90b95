/* SPDX-License-Identifier: MIT */
#include "payload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/file_io.h"
#include "util/trust.h"
#include "newc_writer.h"

/* Files and dirs in the archive are root's alone: the contents may be secrets. */
#define MEMBER_FILE_MODE 0600
#define MEMBER_DIR_MODE 0700

_Static_assert(MANIFEST_MAX_ENTRIES <= 99999, "five digits number every entry");

/*
 * Where entry I's content lives: named for its line in the canonical
 * manifest, which is I + 1 (one entry a line), so the two are easy to match.
 */
static void content_path(char buf[32], size_t i)
{
	snprintf(buf, 32, "%s/%05zu", PAYLOAD_FILES_DIR, i + 1);
}

/* PAYLOAD_FILES_DIR and its ancestors, parents first; the manifest's directory is one. */
static int add_dirs(struct newc_writer *w, struct err *err)
{
	char dir[] = PAYLOAD_FILES_DIR;

	/* Cut the path at each '/' after the first, add that prefix, put the '/' back. */
	for (char *s = dir + 1; (s = strchr(s, '/')); *s++ = '/') {
		*s = '\0';
		if (newc_dir(w, dir + 1, MEMBER_DIR_MODE, err) < 0)
			return -1;
	}
	return newc_dir(w, dir + 1, MEMBER_DIR_MODE, err);
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static int add_content(struct newc_writer *w, int dirfd, const char *source, size_t i,
		       const struct payload_options *o, size_t *total, struct err *err)
{
	struct file_view v;
	struct stat st;
	char member[32];
	int ret;

	if (trust_map_at(dirfd, source, "sources", &v, err) < 0)
		return -1;
	content_path(member, i);
	if (o->output && fstat(v.fd, &st) == 0 && same_file(&st, o->output))
		ret = err_set(err, "is the output file; refusing to overwrite it");
	else if (v.size > PAYLOAD_MAX_CONTENT - *total)
		ret = err_set(err, "makes the files larger than %u bytes in all",
			      PAYLOAD_MAX_CONTENT);
	else
		ret = newc_file(w, member + 1, MEMBER_FILE_MODE, v.data, v.size, err);
	*total += v.size;
	file_unmap(&v);
	return ret;
}

/* Only files under the manifest's directory: nothing it does not hold can be pulled in. */
static int check_source(const char *source, struct err *err)
{
	const char *p = source;

	if (source[0] == '/')
		return err_set(err, "SOURCE_PATH '%s' is absolute: sources must be relative to the "
				    "manifest's directory", source);
	for (; p; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL)
		if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0'))
			return err_set(err, "SOURCE_PATH '%s' contains a '..' component", source);
	return 0;
}

static int add_file(struct newc_writer *w, int dirfd, const struct manifest *m, size_t i,
		    const struct payload_options *o, size_t *total, struct err *err)
{
	const struct manifest_entry *e = &m->entries[i];

	if (check_source(e->source, err) < 0)
		return err_prefix(err, "%s:%u", o->name, e->line);
	if (add_content(w, dirfd, e->source, i, o, total, err) < 0)
		/* The trust walk names the component at fault; other errors are about SOURCE. */
		return err_prefix(err, "%s:%u: %s", o->name, e->line,
				  err->path[0] ? err->path : e->source);
	return 0;
}

/* The manifest's directory, where every source is looked up: opened once, checked. */
static int open_base(const struct payload_options *o, struct err *err)
{
	int fd = trust_open_dir(o->base_dir, "sources", err);

	return fd < 0 ? err_prefix(err, "%s", err->path) : fd;
}

/* One canonical entry: file sources point at the copies in the archive. */
static int put_entry(FILE *f, const struct manifest_entry *e, size_t i)
{
	struct manifest_entry c = *e;
	char source[32];

	content_path(source, i);
	if (c.op == MANIFEST_FILE)
		c.source = source;
	return manifest_write_entry(&c, f);
}

/* The canonical text must pass manifest_parse's limits, or injector-init would refuse it. */
static int canonical(const struct manifest *m, const char *name, FILE *f, struct err *err)
{
	long start = 0, end;

	for (size_t i = 0; i < m->n; i++, start = end) {
		if (put_entry(f, &m->entries[i], i) < 0 || (end = ftell(f)) < 0)
			return err_sys(err, "%s: cannot write the canonical manifest", name);
		if (end - start - 1 > MANIFEST_MAX_LINE)
			return err_set(err, "%s:%u: longer than %d bytes once stored in the archive",
				       name, m->entries[i].line, MANIFEST_MAX_LINE);
		if ((unsigned long)end > MANIFEST_MAX_SIZE)
			return err_set(err, "%s:%u: the manifest grows beyond %u bytes once stored "
					    "in the archive", name, m->entries[i].line,
				       MANIFEST_MAX_SIZE);
	}
	return 0;
}

static int add_manifest(struct newc_writer *w, const struct manifest *m, const char *name,
			struct err *err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int ret;

	if (!f)
		return err_sys(err, "%s: cannot write the canonical manifest", name);
	ret = canonical(m, name, f, err);
	if (fclose(f) != 0 && ret == 0)
		ret = err_sys(err, "%s: cannot write the canonical manifest", name);
	/* Members are named without the leading '/', as cpio -o names them. */
	if (ret == 0)
		ret = newc_file(w, &PAYLOAD_MANIFEST_PATH[1], MEMBER_FILE_MODE, text, len, err);
	free(text);
	return ret;
}

int payload_build(const struct manifest *m, const struct payload_options *o, uint8_t **data,
		  size_t *size, struct err *err)
{
	struct newc_writer w;
	size_t total = 0;
	int dirfd = -1;

	if (newc_open(&w, o->compression, o->mtime, err) < 0)
		return -1;
	if (add_dirs(&w, err) < 0)
		goto fail;
	for (size_t i = 0; i < m->n; i++) {
		if (m->entries[i].op != MANIFEST_FILE)
			continue;
		if (dirfd < 0 && (dirfd = open_base(o, err)) < 0)
			goto fail;
		if (add_file(&w, dirfd, m, i, o, &total, err) < 0)
			goto fail;
	}
	if (add_manifest(&w, m, o->name, err) < 0)
		goto fail;
	if (o->token && newc_file(&w, &PAYLOAD_TOKEN_PATH[1], MEMBER_FILE_MODE, o->token,
				  strlen(o->token), err) < 0)
		goto fail;
	if (newc_close(&w, err) < 0)
		goto fail;
	if (dirfd >= 0)
		close(dirfd);
	*data = w.data;
	*size = w.size;
	return 0;
fail:
	if (dirfd >= 0)
		close(dirfd);
	newc_discard(&w);
	return -1;
}
