/* SPDX-License-Identifier: MIT */
#include "namepattern.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "guest/bounds.h"
#include "guest/budget.h"
#include "guest/guestfs.h"
#include "version.h"

#define DIR_SCAN_MAX 4096 /* directory entries looked at for the newest kernel */

static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int namepattern_version(const char *pattern, const char *path, char *v, size_t size)
{
	const char *pat = file_name(pattern), *name = file_name(path);
	const char *pct = strstr(pat, "%v");
	size_t pre, post, len = strlen(name);

	if (!pct)
		return 0;
	pre = (size_t)(pct - pat);
	post = strlen(pct + 2);
	if (len <= pre + post || strncmp(name, pat, pre) || strcmp(name + len - post, pct + 2))
		return 0;
	snprintf(v, size, "%.*s", (int)(len - pre - post), name + pre);
	return 1;
}

void namepattern_beside(const char *pattern, const char *v, const char *path, char *out,
			size_t size)
{
	const char *pat = file_name(pattern), *pct = strstr(pat, "%v");
	int dirlen = (int)(file_name(path) - path);

	if (!pct)
		snprintf(out, size, "%.*s%s", dirlen, path, pat);
	else
		snprintf(out, size, "%.*s%.*s%s%s", dirlen, path, (int)(pct - pat), pat, v, pct + 2);
}

void namepattern_glob(const char *pattern, char *out, size_t size)
{
	const char *pct = strstr(pattern, "%v");

	if (!pct)
		snprintf(out, size, "%s", pattern);
	else
		snprintf(out, size, "%.*s*%s", (int)(pct - pattern), pattern, pct + 2);
}

/* Into BEST, the file of DIR after PATTERN with the newest %v. */
static void scan(int rootfd, const char *pattern, const char *dir, char *best, size_t size)
{
	char v[GUEST_PATH_MAX], best_v[GUEST_PATH_MAX] = "", path[GUEST_PATH_MAX];
	DIR *d = guest_opendir(rootfd, dir);
	struct dirent *e;
	unsigned seen = 0;

	best[0] = '\0';
	while (d && seen++ < DIR_SCAN_MAX && (e = guest_readdir(d)) != NULL) {
		if (!namepattern_version(pattern, e->d_name, v, sizeof(v)))
			continue;
		snprintf(path, sizeof(path), "%s%s", dir, e->d_name);
		if ((!best[0] || version_cmp(v, best_v) > 0) && guest_is_file(rootfd, path)) {
			snprintf(best, size, "%s", path);
			snprintf(best_v, sizeof(best_v), "%s", v);
		}
	}
	if (d)
		closedir(d);
}

int namepattern_newest(int rootfd, const char *pattern, char *out, size_t size)
{
	char dir[GUEST_PATH_MAX];

	if (!strstr(file_name(pattern), "%v")) {
		snprintf(out, size, "%s", pattern);
		return guest_is_file(rootfd, pattern) ? 0 : -1;
	}
	snprintf(dir, sizeof(dir), "%.*s", (int)(file_name(pattern) - pattern), pattern);
	scan(rootfd, pattern, dir, out, size);
	return out[0] ? 0 : -1;
}
