/* SPDX-License-Identifier: MIT */
#include "kernel_source.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util/run.h"

#define IMAGE_PREFIX "vmlinuz-"
/* Unpacking a kernel package takes seconds; this bounds a stuck dpkg-deb. */
#define UNPACK_TIMEOUT 600

int kernel_source_installed(struct kernel_source *k, const char *root, const char *kver,
			    struct err *err)
{
	char moddir[4096];
	struct stat st;

	snprintf(k->root, sizeof(k->root), "%s", root);
	snprintf(k->kver, sizeof(k->kver), "%s", kver);
	snprintf(k->image, sizeof(k->image), "%s/boot/" IMAGE_PREFIX "%s", root, kver);
	snprintf(moddir, sizeof(moddir), "%s/lib/modules/%s", root, kver);
	if (stat(k->image, &st) < 0)
		return err_sys(err, "cannot open");
	if (stat(moddir, &st) < 0 || !S_ISDIR(st.st_mode))
		return err_set(err, "no modules beside it: %s is not a directory", moddir);
	return 0;
}

/* KVER of the one DIR/boot/vmlinuz-KVER. */
static int package_kver(const char *dir, char *kver, size_t size, struct err *err)
{
	char boot[4096];
	struct dirent *d;
	DIR *dh;
	int found = 0;

	snprintf(boot, sizeof(boot), "%s/boot", dir);
	dh = opendir(boot);
	if (!dh)
		return err_set(err, "holds no /boot: not a kernel image package");
	while ((d = readdir(dh)))
		if (!strncmp(d->d_name, IMAGE_PREFIX, strlen(IMAGE_PREFIX)) && found++ == 0)
			snprintf(kver, size, "%s", d->d_name + strlen(IMAGE_PREFIX));
	closedir(dh);
	if (found != 1)
		return err_set(err, "holds %d kernels in /boot, expected one", found);
	return 0;
}

int kernel_source_deb(struct kernel_source *k, const char *deb, const char *dir,
		      struct err *err)
{
	char *argv[] = { "dpkg-deb", "-x", (char *)deb, (char *)dir, NULL };
	char kver[256];

	if (run_check(argv, UNPACK_TIMEOUT, err) < 0 || package_kver(dir, kver, sizeof(kver), err) < 0)
		return -1;
	return kernel_source_installed(k, dir, kver, err);
}
