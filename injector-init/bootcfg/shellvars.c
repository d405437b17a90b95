/* SPDX-License-Identifier: MIT */
#include "shellvars.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "shellword.h"
#include "vartab.h"

struct scan {
	const char *p, *end;
	struct vartab vars;
};

static void skip_line(struct scan *s)
{
	while (s->p < s->end && *s->p != '\n')
		s->p++;
}

/* An assignment at s->p is remembered; any other command is passed over. */
static void statement(struct scan *s)
{
	char name[64], value[CMDLINE_MAX];
	const char *start;
	size_t k = 0;

	if (s->end - s->p > 7 && !memcmp(s->p, "export", 6) && (s->p[6] == ' ' || s->p[6] == '\t'))
		s->p += 7;
	start = s->p;
	while (s->p < s->end && vartab_name_char(*s->p, s->p == start) && k + 1 < sizeof(name))
		name[k++] = *s->p++;
	name[k] = '\0';
	if (!k || s->p >= s->end || *s->p != '=') {
		skip_line(s);
		return;
	}
	s->p++;
	shellword_read(&s->p, s->end, &s->vars, value, sizeof(value));
	vartab_set(&s->vars, name, value);
}

/*
 * One scan at a time (PID 1 is single-threaded). Static: its table is
 * 0.5 MiB, and allocating that at each call cost an mmap and a munmap, most
 * of the time of a call (ten times the parsing under the fuzzer).
 */
static struct scan scan;

int shellvars_get(const char *text, size_t len, const char *name, char *out, size_t size)
{
	struct scan *s = &scan;
	const char *value;
	int found;

	s->vars.n = 0;
	s->p = text;
	s->end = text + len;
	while (s->p < s->end) {
		if (isspace((unsigned char)*s->p) || *s->p == ';')
			s->p++;
		else if (*s->p == '#')
			skip_line(s);
		else
			statement(s);
	}
	value = vartab_get(&s->vars, name);
	found = value && size;
	if (found)
		snprintf(out, size, "%s", value);
	return found;
}
