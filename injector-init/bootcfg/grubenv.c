/* SPDX-License-Identifier: MIT */
#include "grubenv.h"

#include <string.h>

#include "textload.h"

static void load_line(const char *line, size_t len, struct vartab *t)
{
	char buf[sizeof(t->v[0].value) + sizeof(t->v[0].name)];
	char *eq;

	if (len >= sizeof(buf) || len == 0 || line[0] == '#')
		return;
	memcpy(buf, line, len);
	buf[len] = '\0';
	eq = strchr(buf, '=');
	if (!eq || eq == buf)
		return;
	*eq = '\0';
	vartab_set(t, buf, eq + 1);
}

void grubenv_load(const char *text, size_t len, struct vartab *t)
{
	const char *end = text + len, *line;
	size_t n;

	while (text_line(&text, end, &line, &n))
		load_line(line, n, t);
}
