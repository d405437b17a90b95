/* SPDX-License-Identifier: MIT */
#include "earlymount.h"

#include <errno.h>
#include <sys/mount.h>
#include <sys/stat.h>

static const struct {
	const char *type, *dir, *options;
	unsigned long flags;
} mounts[] = {
	{ "proc", "/proc", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "sysfs", "/sys", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "devtmpfs", "/dev", "mode=0755", MS_NOSUID },
	{ "tmpfs", "/run", "mode=0755", MS_NOSUID | MS_NODEV },
};

int earlymount(struct err *err)
{
	for (size_t i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		mkdir(mounts[i].dir, 0755);
		/* The kernel may have mounted devtmpfs already (CONFIG_DEVTMPFS_MOUNT). */
		if (mount(mounts[i].type, mounts[i].dir, mounts[i].type, mounts[i].flags,
			  mounts[i].options) < 0 && errno != EBUSY)
			return err_sys(err, "mount %s on %s", mounts[i].type, mounts[i].dir);
	}
	return 0;
}

void earlymount_undo(void)
{
	for (size_t i = sizeof(mounts) / sizeof(mounts[0]); i-- > 0;)
		umount2(mounts[i].dir, MNT_DETACH);
}
