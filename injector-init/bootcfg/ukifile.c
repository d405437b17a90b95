/* SPDX-License-Identifier: MIT */
#include "ukifile.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest/budget.h"
#include "guest/guestfs.h"
#include "shellvars.h"
#include "version.h"

/* LEN bytes at OFF of FD, charged to the budget; -1 when short. */
static int read_at(int fd, void *buf, size_t len, uint64_t off, struct err *err)
{
	if (guest_budget_charge(0, len, 0) < 0)
		return err_set(err, "read budget spent");
	if (pread(fd, buf, len, (off_t)off) != (ssize_t)len)
		return err_sys(err, "read");
	return 0;
}

int uki_open(int dirfd, const char *path, struct uki *u, struct err *err)
{
	static uint8_t head[UKI_HEAD_MAX];
	struct stat st;
	size_t len;
	int fd = guest_open_file(dirfd, path, &st, err);

	if (fd < 0)
		return -1;
	len = (uint64_t)st.st_size < sizeof(head) ? (size_t)st.st_size : sizeof(head);
	if (read_at(fd, head, len, 0, err) < 0 || uki_parse(head, len, st.st_size, u, err) < 0) {
		close(fd);
		return err_prefix(err, "%s", path);
	}
	return fd;
}

/* Section P of U as text in OUT ("" when absent, cut at SIZE - 1 bytes). */
static void text(int fd, const struct uki *u, enum uki_part p, char *out, size_t size)
{
	size_t n = u->part[p].size < size - 1 ? (size_t)u->part[p].size : size - 1;
	struct err ignored;

	out[0] = '\0';
	if (n && read_at(fd, out, n, u->part[p].offset, &ignored) == 0)
		out[strnlen(out, n)] = '\0';
}

/* F filled from the UKI PATH of PL; 0, or -1 when it is none. */
static int describe(const struct bootplace *pl, const char *path, struct uki_found *f)
{
	char osrel[UKI_TEXT_MAX];
	struct err ignored;
	struct uki u;
	int fd = uki_open(pl->fd, path, &u, &ignored);

	if (fd < 0)
		return -1;
	f->fs = pl->fs;
	snprintf(f->path, sizeof(f->path), "%s", path);
	text(fd, &u, UKI_CMDLINE, f->cmdline, sizeof(f->cmdline));
	f->cmdline[strcspn(f->cmdline, "\n")] = '\0';
	text(fd, &u, UKI_OSREL, osrel, sizeof(osrel));
	if (!shellvars_get(osrel, strlen(osrel), "PRETTY_NAME", f->name, sizeof(f->name)) ||
	    !f->name[0])
		snprintf(f->name, sizeof(f->name), "%s", strrchr(path, '/') + 1);
	close(fd);
	return 0;
}

/* Whether the directory entry NAME is newer than the best so far (BEST: "" for none). */
static int newer(const char *name, const char *best)
{
	size_t n = strlen(name);

	return n > 4 && !strcasecmp(name + n - 4, ".efi") &&
	       (!best[0] || version_cmp(name, best) > 0);
}

int uki_newest(const struct bootplace *pl, size_t n, struct uki_found *out)
{
	char best[256] = "", path[GUEST_PATH_MAX + 256];
	int found = -1;

	for (size_t i = 0; i < n; i++) {
		DIR *d = guest_opendir(pl[i].fd, pl[i].path);
		struct dirent *e;

		while (d && (e = guest_readdir(d)) != NULL) {
			snprintf(path, sizeof(path), "%s/%s", pl[i].path, e->d_name);
			if (newer(e->d_name, best) && describe(&pl[i], path, out) == 0) {
				snprintf(best, sizeof(best), "%s", e->d_name);
				found = 0;
			}
		}
		if (d)
			closedir(d);
	}
	return found;
}
