/* SPDX-License-Identifier: MIT */
#include "fstab.h"

#include <string.h>

#include "guest/bounds.h"
#include "textload.h"

#define BLANKS " \t\r"

/* The field at *P in LINE..END, octal escapes decoded, in OUT; 0 when none or too long. */
static int field(const char **p, const char *end, char *out, size_t size)
{
	const char *s = *p;
	size_t n = 0;

	while (s < end && strchr(BLANKS, *s))
		s++;
	if (s == end || *s == '#')
		return 0;
	for (; s < end && !strchr(BLANKS, *s); s++) {
		char c = *s;

		if (c == '\\' && end - s >= 4 && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			c = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		}
		if (n + 1 >= size || c == '\0')
			return 0;
		out[n++] = c;
	}
	out[n] = '\0';
	*p = s;
	return 1;
}

/* "/boot/" and "/boot//" are "/boot"; "/" stays. */
static void trim_slashes(char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
}

/* 1 when the comma-separated OPTIONS hold WORD. */
static int has_option(const char *options, const char *word)
{
	size_t n = strlen(word);

	for (const char *o = options; o; o = strchr(o, ',') ? strchr(o, ',') + 1 : NULL)
		if (!strncmp(o, word, n) && (o[n] == ',' || o[n] == '\0'))
			return 1;
	return 0;
}

static int parse_line(const char *line, size_t len, struct fstab_entry *e)
{
	const char *p = line, *end = line + len;
	char options[BOOTCFG_MAX_LINE];

	if (len > BOOTCFG_MAX_LINE || !field(&p, end, e->spec, sizeof(e->spec)) ||
	    !field(&p, end, e->file, sizeof(e->file)) || !field(&p, end, e->type, sizeof(e->type)))
		return 0;
	if (!field(&p, end, options, sizeof(options)))
		strcpy(options, "defaults");
	trim_slashes(e->file);
	e->nofail = has_option(options, "nofail");
	return 1;
}

int fstab_find(const char *text, size_t len, const char *mnt, struct fstab_entry *out)
{
	const char *p = text, *end = text + len, *line;
	struct fstab_entry e;
	size_t n;
	int found = 0;

	while (text_line(&p, end, &line, &n))
		if (parse_line(line, n, &e) && !strcmp(e.file, mnt)) {
			*out = e;
			found = 1;
		}
	return found;
}
