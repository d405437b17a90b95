/* SPDX-License-Identifier: MIT */
#include "grubenv.h"

#include <string.h>

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
	const char *end = text + len;

	while (text < end) {
		const char *nl = memchr(text, '\n', end - text);
		size_t n = nl ? (size_t)(nl - text) : (size_t)(end - text);

		load_line(text, n, t);
		text += n + 1;
	}
}
