/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the manifest parser, which injector-init runs inside
 * the VM on the archive's copy. Whatever it accepts must obey manifest.h
 * (normalized absolute guest paths, bounded sizes) and survive the round
 * trip: parse(write(m)) gives m back and writes the same text again.
 * Every refusal is one line that starts with "NAME:LINE: ".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int same_entry(const struct manifest_entry *a, const struct manifest_entry *b)
{
	return a->op == b->op && a->mode == b->mode && a->has_owner == b->has_owner &&
	       a->uid == b->uid && a->gid == b->gid && a->has_mtime == b->has_mtime &&
	       a->mtime == b->mtime && a->strict == b->strict && same(a->path, b->path) &&
	       same(a->source, b->source) &&
	       same(a->text, b->text);
}

static void check_entry(const struct manifest_entry *e)
{
	if (e->path && (e->path[0] != '/' || strstr(e->path, "//") || strstr(e->path, "/./") ||
			strstr(e->path, "/../") || strlen(e->path) > MANIFEST_MAX_PATH))
		abort();
	if (e->mode > 07777 || (e->has_mtime && (e->mtime < 0 || e->mtime > MANIFEST_MAX_MTIME)))
		abort();
}

static char *write_text(const struct manifest *m, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f || manifest_write(m, f) < 0 || fclose(f) != 0)
		abort();
	return text;
}

static void round_trip(const struct manifest *m)
{
	struct manifest again;
	struct err err;
	size_t len, len2;
	char *text = write_text(m, &len), *text2;

	/* Lines may grow by quoting and explicit modes: allow for that. */
	if (manifest_parse(text, len, "w", &again, &err) < 0) {
		if (!strstr(err.msg, "longer than"))
			abort();
		free(text);
		return;
	}
	if (again.n != m->n)
		abort();
	for (size_t i = 0; i < m->n; i++)
		if (!same_entry(&m->entries[i], &again.entries[i]))
			abort();
	text2 = write_text(&again, &len2);
	if (len2 != len || memcmp(text, text2, len) != 0)
		abort();
	free(text);
	free(text2);
	manifest_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	struct err err = { 0 };

	if (manifest_parse((const char *)data, size, "f", &m, &err) < 0) {
		if (strncmp(err.msg, "f:", 2) != 0 || strchr(err.msg, '\n'))
			abort();
		return 0;
	}
	for (size_t i = 0; i < m.n; i++)
		check_entry(&m.entries[i]);
	round_trip(&m);
	manifest_free(&m);
	return 0;
}
