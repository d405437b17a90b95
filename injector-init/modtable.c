/* SPDX-License-Identifier: MIT */
#include "modtable.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

/* Cuts the next TAB- or newline-ended field off *S; NULL when it does not end with END. */
static char *field(char **s, char end)
{
	char *start = *s, *stop = start + strcspn(start, "\t\n");

	if (*stop != end || stop == start)
		return NULL;
	*stop = '\0';
	*s = stop + 1;
	return start;
}

static int parse_row(char **s, struct modtable_row *row)
{
	row->pattern = field(s, '\t');
	row->module = row->pattern ? field(s, '\t') : NULL;
	row->load = row->module ? field(s, '\n') : NULL;
	return row->load && strstr(row->load, row->module) ? 0 : -1;
}

int modtable_parse(struct modtable *t, char *text, struct err *err)
{
	size_t lines = 0;

	*t = (struct modtable){ .text = text };
	for (const char *p = text; (p = strchr(p, '\n')); p++)
		lines++;
	t->rows = calloc(lines ? lines : 1, sizeof(*t->rows));
	if (!t->rows)
		return err_set(err, "out of memory");
	for (char *s = text; *s; t->n++)
		if (parse_row(&s, &t->rows[t->n]) < 0)
			return err_set(err, "row %zu: not PATTERN<tab>MODULE<tab>FILES", t->n + 1);
	return 0;
}

void modtable_free(struct modtable *t)
{
	free(t->rows);
	free(t->text);
	*t = (struct modtable){ 0 };
}

const struct modtable_row *modtable_next(const struct modtable *t, const char *name,
					 const struct modtable_row *from)
{
	char norm[1024];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(norm); i++)
		norm[i] = name[i] == '-' ? '_' : name[i];
	norm[i] = '\0';
	for (i = from ? (size_t)(from - t->rows) + 1 : 0; i < t->n; i++)
		if (fnmatch(t->rows[i].pattern, norm, 0) == 0)
			return &t->rows[i];
	return NULL;
}
