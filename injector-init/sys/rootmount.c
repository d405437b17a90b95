/* SPDX-License-Identifier: MIT */
#include "rootmount.h"

#include <errno.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "module_load.h"
#include "spawn.h"

#define FSCK_TIMEOUT_S 900 /* a preen of a large filesystem is slow, but not endless */

int rootmount(const struct rootdev *rd, const char *flags, const char *mnt, int readonly,
	      struct err *err)
{
	struct err ignored;

	if (!rootdev_supported(rd->fstype))
		return err_set(err, "%s: %s is not a supported root filesystem", rd->dev, rd->fstype);
	/* Built into the kernel, or the module is missing: mount(2) will say. */
	modules_load_fs(rd->fstype, &ignored);
	mkdir(mnt, 0755);
	/* nodev: a device node the guest planted never reaches a driver while we work here. */
	if (mount(rd->dev, mnt, rd->fstype, MS_NODEV | (readonly ? MS_RDONLY : 0),
		  flags[0] ? flags : NULL) < 0)
		return err_sys(err, "mount %s (%s, %s) on %s", rd->dev, rd->fstype,
			       flags[0] ? flags : "no flags", mnt);
	return 0;
}

int rootmount_fsck(const struct rootdev *rd, struct err *err)
{
	char path[64], dev[sizeof(rd->dev)];
	char *argv[] = { path, "-p", dev, NULL };
	int status;

	snprintf(path, sizeof(path), "/sbin/fsck.%s", rd->fstype);
	snprintf(dev, sizeof(dev), "%s", rd->dev);
	if (access(path, X_OK) < 0)
		return 0;
	status = spawn_run(argv, FSCK_TIMEOUT_S, err);
	if (status < 0)
		return -1;
	if (status >= 4)
		return err_set(err, "%s -p %s: exit status %d", path, dev, status);
	return 0;
}

int rootmount_allow_devices(const char *mnt, struct err *err)
{
	/* MS_BIND with MS_REMOUNT sets the mount's own flags only, not the filesystem's options. */
	if (mount(NULL, mnt, NULL, MS_REMOUNT | MS_BIND, NULL) < 0)
		return err_sys(err, "remount %s with device nodes", mnt);
	return 0;
}
