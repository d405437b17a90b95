/* SPDX-License-Identifier: MIT */
#include "bootentry.h"

#include <string.h>

void bootentry_strip_device(char *path)
{
	char *close;

	if (path[0] != '(')
		return;
	close = strchr(path, ')');
	if (close)
		memmove(path, close + 1, strlen(close + 1) + 1);
}
