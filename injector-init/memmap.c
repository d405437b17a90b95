/* SPDX-License-Identifier: MIT */
#include "memmap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The kernel's e820_type_to_string, backwards; anything else is kept out of use. */
static const struct {
	const char *name;
	uint32_t type;
} types[] = {
	{ "System RAM", E820_TYPE_RAM },
	{ "Reserved", 2 },
	{ "ACPI Tables", 3 },
	{ "ACPI Non-volatile Storage", 4 },
	{ "Unusable memory", 5 },
	{ "Persistent Memory", 7 },
	{ "Persistent Memory (legacy)", 12 },
	{ "Soft Reserved", 0xefffffff },
};

static uint32_t type_of(const char *name)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i].name, name))
			return types[i].type;
	return 2;
}

/* DIR/N/FILE's one line, without its newline. */
static int read_line(int dirfd, const char *n, const char *file, char *buf, size_t size,
		     struct err *err)
{
	char path[64];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", n, file);
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_sys(err, "%s", path);
	len = read(fd, buf, size - 1);
	close(fd);
	if (len < 0)
		return err_sys(err, "%s", path);
	buf[len] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int read_entry(int dirfd, const char *n, struct boot_e820_entry *e, struct err *err)
{
	char start[32], end[32], type[64], *s, *t;
	uint64_t a, b;

	if (read_line(dirfd, n, "start", start, sizeof(start), err) < 0 ||
	    read_line(dirfd, n, "end", end, sizeof(end), err) < 0 ||
	    read_line(dirfd, n, "type", type, sizeof(type), err) < 0)
		return -1;
	errno = 0;
	a = strtoull(start, &s, 16);
	b = strtoull(end, &t, 16);
	if (errno || !start[0] || *s || !end[0] || *t || b < a || b == UINT64_MAX)
		return err_set(err, "%s: not a range: %s-%s", n, start, end);
	/* end is inclusive */
	*e = (struct boot_e820_entry){ .addr = a, .size = b - a + 1, .type = type_of(type) };
	return 0;
}

static int by_addr(const void *x, const void *y)
{
	const struct boot_e820_entry *a = x, *b = y;

	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

int memmap_read(const char *dir, struct boot_e820_entry *e820, unsigned *n, struct err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int r = 0;

	if (!d) {
		err_sys(err, "%s", dir);
		return err_at(err, dir);
	}
	for (*n = 0; r == 0 && (de = readdir(d));) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		if (*n == E820_MAX_ENTRIES_ZEROPAGE)
			r = err_set(err, "more than %d entries", E820_MAX_ENTRIES_ZEROPAGE);
		else
			r = read_entry(dirfd(d), de->d_name, &e820[(*n)++], err);
	}
	closedir(d);
	if (r < 0) {
		err_prefix(err, "%s", dir);
		return err_at(err, dir);
	}
	qsort(e820, *n, sizeof(*e820), by_addr);
	return 0;
}
