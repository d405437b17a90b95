/* SPDX-License-Identifier: MIT */
#include "shellword.h"

static int ends_word(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';';
}

int shellword_read(const char **p, const char *end, const struct vartab *vars, char *out,
		   size_t size)
{
	const char *s = *p;
	size_t n = 0;
	char quote = 0;
	int quoted = 0;

	if (size)
		out[0] = '\0';
	while (s < end && (quote || !ends_word(*s))) {
		char c = *s++;

		if (c == quote) {
			quote = 0;
		} else if (!quote && (c == '\'' || c == '"')) {
			quote = c;
			quoted = 1;
		} else if (c == '\\' && quote != '\'' && s < end) {
			if (*s != '\n')
				vartab_put(out, size, &n, *s);
			s++;
		} else if (c == '$' && quote != '\'') {
			s += vartab_expand_ref(vars, s, end, out, size, &n);
		} else {
			vartab_put(out, size, &n, c);
		}
	}
	*p = s;
	return n || quoted;
}
