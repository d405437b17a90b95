/* SPDX-License-Identifier: MIT */
#include "uki_load.h"

#include <sys/mman.h>
#include <sys/sendfile.h>
#include <unistd.h>

/* A memory file NAME holding the section S of FD; -1 on error. */
static int section_copy(int fd, const struct uki_span *s, const char *name, struct err *err)
{
	int out = memfd_create(name, MFD_CLOEXEC);
	off_t off = (off_t)s->offset;
	uint64_t left = s->size;

	if (out < 0)
		return err_sys(err, "memfd");
	while (left > 0) {
		ssize_t n = sendfile(out, fd, &off, left);

		if (n <= 0) {
			close(out);
			return err_sys(err, "UKI section %s: copy", name);
		}
		left -= (uint64_t)n;
	}
	return out;
}

int uki_extract(int fd, const struct uki *u, int *kfd, int *ifd, struct err *err)
{
	*ifd = -1;
	*kfd = section_copy(fd, &u->part[UKI_LINUX], ".linux", err);
	if (*kfd < 0)
		return -1;
	if (!u->part[UKI_INITRD].size)
		return 0;
	*ifd = section_copy(fd, &u->part[UKI_INITRD], ".initrd", err);
	if (*ifd >= 0)
		return 0;
	close(*kfd);
	return -1;
}
