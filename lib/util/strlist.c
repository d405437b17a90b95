/* SPDX-License-Identifier: MIT */
#include "strlist.h"

#include "array.h"

#include <stdlib.h>
#include <string.h>

int strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

int strlist_add(struct strlist *l, const char *s, struct err *err)
{
	char **v;

	if (strlist_has(l, s))
		return 0;
	v = array_reserve(l->v, &l->cap, l->n, sizeof(*v), 16);
	if (!v)
		return err_set(err, "out of memory");
	l->v = v;
	l->v[l->n] = strdup(s);
	if (!l->v[l->n])
		return err_set(err, "out of memory");
	l->n++;
	return 1;
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strlist_sort(struct strlist *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), compare);
}

void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
