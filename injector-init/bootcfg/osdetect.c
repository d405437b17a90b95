/* SPDX-License-Identifier: MIT */
#include "osdetect.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "fstab.h"
#include "guest/bounds.h"
#include "guest/guestfs.h"
#include "namepattern.h"
#include "textload.h"

static int exists(int rootfd, const char *path)
{
	int fd = guest_open(rootfd, path, O_PATH, 0);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* Its fstab mounts one of the profile's `mounts` (/boot): the kernels are there, not on the root. */
static int separate_boot(int rootfd, const struct profile *p)
{
	struct fstab_entry e;
	size_t len;
	char *fstab = p->n_mounts ? textload(rootfd, "/etc/fstab", &len) : NULL;
	int found = 0;

	for (size_t i = 0; fstab && i < p->n_mounts && !found; i++)
		found = fstab_find(fstab, len, p->mounts[i], &e);
	free(fstab);
	return found;
}

static int bootable(int rootfd, const struct profile *p)
{
	char kernel[GUEST_PATH_MAX];

	/*
	 * A separate /boot holds its kernels; for a profile with `esp` paths they
	 * may be on an ESP, which is looked for only once the root is chosen.
	 */
	if (separate_boot(rootfd, p) || p->n_esp)
		return 1;
	for (size_t i = 0; i < p->n_links; i++)
		if (exists(rootfd, p->links[i].kernel))
			return 1;
	for (size_t i = 0; i < p->n_boot; i++)
		if (profile_boot_kind(p->boot[i]) == PROFILE_BOOT_GRUB ||
		    profile_boot_kind(p->boot[i]) == PROFILE_BOOT_BLS)
			if (exists(rootfd, p->boot[i]))
				return 1;
	return namepattern_newest(rootfd, p->kernel, kernel, sizeof(kernel)) == 0;
}

int osdetect(int rootfd, const struct distro_set *s)
{
	size_t len;
	char *os_release = distro_os_release(rootfd, &len);
	const struct distro *d = os_release ? distro_match(s, os_release, len) : NULL;

	free(os_release);
	return d && bootable(rootfd, &d->profile);
}
