/* SPDX-License-Identifier: MIT */
#include "textload.h"

#include <string.h>

#include "guest/bounds.h"
#include "guest/guestfs.h"

char *textload(int rootfd, const char *path, size_t *len)
{
	struct err ignored;
	char *text;

	return guest_read(rootfd, path, BOOTCFG_MAX_SIZE, &text, len, &ignored) == 0 ? text : NULL;
}

char *textload_guest(void *ctx, const char *path, size_t *len)
{
	return textload(*(const int *)ctx, path, len);
}

int text_line(const char **p, const char *end, const char **line, size_t *len)
{
	const char *nl;

	if (*p >= end)
		return 0;
	nl = memchr(*p, '\n', end - *p);
	*line = *p;
	*len = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
	*p = nl ? nl + 1 : end;
	return 1;
}
