/* SPDX-License-Identifier: MIT */
#include "cmdsource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest/bounds.h"
#include "shellvars.h"

static int names_root(const char *args)
{
	for (const char *p = args; (p = strstr(p, "root=")) != NULL; p += 5)
		if (p == args || p[-1] == ' ')
			return 1;
	return 0;
}

/* The first line, without surrounding blanks. */
static void first_line(const char *text, char *out, size_t size)
{
	size_t n;

	text += strspn(text, " \t");
	n = strcspn(text, "\n");
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r'))
		n--;
	snprintf(out, size, "%.*s", (int)n, text);
}

/* Appends VALUE to OUT after a blank, when it has something. */
static void join(char *out, size_t size, const char *value)
{
	size_t n = strlen(out);

	if (value[0])
		snprintf(out + n, size - n, "%s%s", n ? " " : "", value);
}

/*
 * The source that starts at P's cmdline I, into ARGS ("" when it gives
 * nothing); returns the index of the next source.
 */
static size_t read_source(const struct profile *p, size_t i, text_loader load, void *ctx,
			  char *args, size_t size)
{
	const char *path = p->cmdline[i].path;
	char value[CMDLINE_MAX];
	size_t len, j = i;
	char *text = load(ctx, path, &len);

	args[0] = '\0';
	if (!p->cmdline[i].variable) {
		if (text)
			first_line(text, args, size);
		free(text);
		return i + 1;
	}
	for (; j < p->n_cmdline && p->cmdline[j].variable && !strcmp(p->cmdline[j].path, path); j++)
		if (text && shellvars_get(text, len, p->cmdline[j].variable, value, sizeof(value)))
			join(args, size, value);
	free(text);
	return j;
}

void cmdsource_from(const struct profile *p, text_loader load, void *ctx, const char *root_uuid,
		    char *out, size_t size)
{
	char args[CMDLINE_MAX] = "";

	for (size_t i = 0; p && i < p->n_cmdline && !args[0];)
		i = read_source(p, i, load, ctx, args, sizeof(args));
	if (names_root(args) || !root_uuid || !root_uuid[0])
		snprintf(out, size, "%s", args);
	else
		snprintf(out, size, "root=UUID=%s ro%s%s", root_uuid, args[0] ? " " : "", args);
}

void cmdsource_fallback(int rootfd, const struct profile *p, const char *root_uuid, char *out,
			size_t size)
{
	cmdsource_from(p, textload_guest, &rootfd, root_uuid, out, size);
}
