/* SPDX-License-Identifier: MIT */
#include "osdetect.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "guest/guestfs.h"

static int any_exists(int rootfd, const char *const *paths)
{
	for (; *paths; paths++) {
		int fd = guest_open(rootfd, *paths, O_PATH, 0);

		if (fd >= 0) {
			close(fd);
			return 1;
		}
	}
	return 0;
}

static int boot_has_kernel(int rootfd)
{
	int fd = guest_open(rootfd, "/boot", O_RDONLY | O_DIRECTORY, 0);
	struct dirent *d;
	int found = 0;
	DIR *dir;

	if (fd < 0)
		return 0;
	if (!(dir = fdopendir(fd))) {
		close(fd);
		return 0;
	}
	while (!found && (d = readdir(dir)) != NULL)
		found = !strncmp(d->d_name, "vmlinuz", 7);
	closedir(dir);
	return found;
}

int osdetect(int rootfd)
{
	static const char *const releases[] = { "/etc/os-release", "/usr/lib/os-release", NULL };
	static const char *const configs[] = { "/vmlinuz", "/boot/grub/grub.cfg",
					       "/boot/grub2/grub.cfg", "/boot/loader/entries", NULL };

	return any_exists(rootfd, releases) && (any_exists(rootfd, configs) || boot_has_kernel(rootfd));
}
