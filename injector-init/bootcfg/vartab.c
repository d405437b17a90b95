/* SPDX-License-Identifier: MIT */
#include "vartab.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *vartab_get(const struct vartab *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, name))
			return t->v[i].value;
	return NULL;
}

void vartab_set(struct vartab *t, const char *name, const char *value)
{
	struct var *v = NULL;

	for (size_t i = 0; i < t->n && !v; i++)
		if (!strcmp(t->v[i].name, name))
			v = &t->v[i];
	if (!v) {
		if (t->n >= BOOTCFG_MAX_VARS)
			return;
		v = &t->v[t->n++];
		snprintf(v->name, sizeof(v->name), "%s", name);
	}
	snprintf(v->value, sizeof(v->value), "%s", value);
}

int vartab_name_char(char c, int first)
{
	return c == '_' || isalpha((unsigned char)c) || (!first && isdigit((unsigned char)c));
}

void vartab_put(char *out, size_t size, size_t *n, char c)
{
	if (*n + 1 < size)
		out[(*n)++] = c;
	if (size)
		out[*n] = '\0';
}

size_t vartab_expand_ref(const struct vartab *t, const char *p, const char *end, char *out,
			 size_t size, size_t *n)
{
	const char *start = p;
	char name[64];
	size_t k = 0;
	int braced = p < end && *p == '{';
	const char *value;

	p += braced;
	while (p < end && vartab_name_char(*p, k == 0)) {
		if (k + 1 < sizeof(name))
			name[k++] = *p;
		p++;
	}
	name[k] = '\0';
	if (braced) {
		while (p < end && *p != '}' && *p != '\n')
			p++;
		p += p < end && *p == '}';
	}
	if (!k && !braced) {
		vartab_put(out, size, n, '$');
		return 0;
	}
	value = vartab_get(t, name);
	for (const char *c = value ? value : ""; *c; c++)
		vartab_put(out, size, n, *c);
	return p - start;
}

void vartab_expand(const struct vartab *t, const char *in, char *out, size_t size)
{
	const char *end = in + strlen(in);
	size_t n = 0;

	if (size)
		out[0] = '\0';
	while (in < end) {
		char c = *in++;

		if (c == '$')
			in += vartab_expand_ref(t, in, end, out, size, &n);
		else
			vartab_put(out, size, &n, c);
	}
}
