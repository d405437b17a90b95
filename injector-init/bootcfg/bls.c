/* SPDX-License-Identifier: MIT */
#include "bls.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textload.h"
#include "version.h"

static void set_field(char *dst, size_t size, const char *val)
{
	snprintf(dst, size, "%s", val);
}

/* Several "initrd" lines, or words of one, are all loaded, in order. */
static void add_initrd(struct boot_entry *e, const char *val, const struct vartab *vars)
{
	char words[sizeof(e->initrd)];
	char *save = NULL;
	size_t n = strlen(e->initrd);

	vartab_expand(vars, val, words, sizeof(words));
	for (char *w = strtok_r(words, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (n && n + 1 < sizeof(e->initrd))
			e->initrd[n++] = ' ';
		n += snprintf(e->initrd + n, sizeof(e->initrd) - n, "%s", w);
		if (n >= sizeof(e->initrd))
			n = sizeof(e->initrd) - 1;
	}
}

static void field(struct boot_entry *e, const char *key, const char *val, const struct vartab *vars)
{
	if (!strcmp(key, "title"))
		set_field(e->title, sizeof(e->title), val);
	else if (!strcmp(key, "version"))
		set_field(e->version, sizeof(e->version), val);
	else if (!strcmp(key, "sort-key"))
		set_field(e->sort_key, sizeof(e->sort_key), val);
	else if (!strcmp(key, "linux"))
		set_field(e->kernel, sizeof(e->kernel), val);
	else if (!strcmp(key, "initrd"))
		add_initrd(e, val, vars);
	else if (!strcmp(key, "options"))
		vartab_expand(vars, val, e->args, sizeof(e->args));
}

static void parse_line(struct boot_entry *e, const char *line, size_t len,
		       const struct vartab *vars)
{
	char buf[BOOTCFG_MAX_LINE + 1];
	char *key, *val, *end;

	if (len > BOOTCFG_MAX_LINE)
		return;
	memcpy(buf, line, len);
	buf[len] = '\0';
	key = buf;
	while (isspace((unsigned char)*key))
		key++;
	if (*key == '#' || !*key)
		return;
	val = key;
	while (*val && !isspace((unsigned char)*val))
		val++;
	if (*val)
		*val++ = '\0';
	while (isspace((unsigned char)*val))
		val++;
	end = val + strlen(val);
	while (end > val && isspace((unsigned char)end[-1]))
		*--end = '\0';
	field(e, key, val, vars);
}

int bls_parse(const char *text, size_t len, const char *id, const struct vartab *vars,
	      struct boot_entry *e)
{
	const char *end = text + (len > BOOTCFG_MAX_SIZE ? BOOTCFG_MAX_SIZE : len), *line;
	size_t n;

	memset(e, 0, sizeof(*e));
	set_field(e->id, sizeof(e->id), id);
	while (text_line(&text, end, &line, &n))
		parse_line(e, line, n, vars);
	if (!e->title[0])
		set_field(e->title, sizeof(e->title), id);
	return e->kernel[0] ? 0 : -1;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct boot_entry *a = pa, *b = pb;
	int c;

	/* Entries with a sort-key come first, ascending; then newest version first. */
	if (!a->sort_key[0] != !b->sort_key[0])
		return a->sort_key[0] ? -1 : 1;
	c = strcmp(a->sort_key, b->sort_key);
	if (c)
		return c;
	c = version_cmp(b->version, a->version);
	if (c)
		return c;
	return version_cmp(b->id, a->id);
}

void bls_sort(struct boot_entry *e, size_t n)
{
	qsort(e, n, sizeof(*e), entry_cmp);
}

size_t bls_default(const struct boot_entry *e, size_t n, const char *pattern)
{
	char *end;
	unsigned long pos;

	if (!pattern || !*pattern)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char file[sizeof(e[i].id) + 5];

		/* loader.conf may name the file, suffix included. */
		snprintf(file, sizeof(file), "%s.conf", e[i].id);
		if (!fnmatch(pattern, e[i].id, 0) || !fnmatch(pattern, file, 0) ||
		    !strcmp(pattern, e[i].title))
			return i;
	}
	pos = strtoul(pattern, &end, 10);
	return !*end && pos < n ? pos : 0;
}
