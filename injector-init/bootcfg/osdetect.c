/* SPDX-License-Identifier: MIT */
#include "osdetect.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "guest/bounds.h"
#include "guest/guestfs.h"
#include "namepattern.h"

static int exists(int rootfd, const char *path)
{
	int fd = guest_open(rootfd, path, O_PATH, 0);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static int bootable(int rootfd, const struct profile *p)
{
	char kernel[GUEST_PATH_MAX];

	/* Its kernels may be on an ESP, which is looked for only once the root is chosen. */
	if (p->n_esp)
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
