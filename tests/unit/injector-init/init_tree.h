/* SPDX-License-Identifier: MIT */
/* Temporary guest trees for the injector-init unit tests (header-only: one per test program). */
#ifndef INIT_TREE_H
#define INIT_TREE_H

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each test program uses some of these. */
#define TREE_FN static __attribute__((unused))

/* A fresh directory; its path in DIR. */
TREE_FN void tree_new(char dir[64])
{
	snprintf(dir, 64, "/tmp/init-test-XXXXXX");
	assert_non_null(mkdtemp(dir));
}

/* Creates DIR/REL (parents too) with TEXT. */
TREE_FN void tree_write(const char *dir, const char *rel, const char *text, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (char *s = strchr(path + strlen(dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

TREE_FN void tree_puts(const char *dir, const char *rel, const char *text)
{
	tree_write(dir, rel, text, strlen(text));
}

/* Copies tests/data/bootcfg/NAME to DIR/REL. */
TREE_FN void tree_sample(const char *dir, const char *rel, const char *name)
{
	char path[4096];
	char *buf = malloc(1 << 20);
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "tests/data/bootcfg/%s", name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	tree_write(dir, rel, buf, n);
	free(buf);
}

TREE_FN int tree_rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

TREE_FN void tree_free(const char *dir)
{
	nftw(dir, tree_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

TREE_FN int tree_open(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	assert_true(fd >= 0);
	return fd;
}

#endif
