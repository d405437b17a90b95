/* SPDX-License-Identifier: MIT */
#include "submount.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "bootcfg/fstab.h"
#include "bootcfg/textload.h"
#include "guest/budget.h"
#include "guest/guestfs.h"
#include "log.h"
#include "module_load.h"
#include "rootdev.h"

/* The ESP (/boot/efi, /efi) is vfat; the rest are root filesystems. */
static int mountable(const char *type)
{
	return rootdev_supported(type) || !strcmp(type, "vfat");
}

/* FSTAB's device for E, now: coldplug is done and the root is there, so its disk is too. */
static int device(const struct fstab_entry *e, struct rootdev *rd, struct err *err)
{
	if (rootdev_lookup(e->spec, rd, err) < 0)
		return -1;
	if (!mountable(rd->fstype))
		return err_set(err, "%s: %s is not a filesystem for %s", rd->dev, rd->fstype,
			       e->file);
	return 0;
}

/*
 * Mounts RD on the guest's directory E->file, found inside ROOTFD; its
 * path in our namespace goes to WHERE (the kernel's name for the fd's
 * directory: what the guest's symlinks, if any, led to).
 */
static int mount_at(int rootfd, const struct fstab_entry *e, const struct rootdev *rd, char *where,
		    size_t size, struct err *err)
{
	struct err ignored;
	char fdpath[64];
	ssize_t n;
	int fd = guest_open_err(rootfd, e->file, O_PATH | O_DIRECTORY, 0, err);

	if (fd < 0)
		return err_prefix(err, "mount point");
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	n = readlink(fdpath, where, size - 1);
	modules_load_fs(rd->fstype, &ignored);
	if (n <= 0 || (size_t)n >= size - 1 ||
	    mount(rd->dev, fdpath, rd->fstype, MS_NODEV | MS_NOSUID, NULL) < 0) {
		err_sys(err, "mount %s (%s) on %s", rd->dev, rd->fstype, e->file);
		close(fd);
		return -1;
	}
	where[n] = '\0';
	close(fd);
	return 0;
}

static int mount_one(int rootfd, const char *fstab, size_t len, const char *point,
		     struct submounts *m, struct err *err)
{
	struct fstab_entry e;
	struct rootdev rd;

	if (!fstab_find(fstab, len, point, &e))
		return 0;
	if (device(&e, &rd, err) < 0) {
		if (!e.nofail)
			return err_prefix(err, "fstab %s", point);
		log_msg("mount: %s: %s; nofail, going on without it", point, err->msg);
		return 0;
	}
	if (mount_at(rootfd, &e, &rd, m->where[m->n], sizeof(m->where[m->n]), err) < 0)
		return -1;
	log_msg("mount: %s on %s (%s, %s)", rd.dev, m->where[m->n], rd.fstype, e.spec);
	m->n++;
	return 0;
}

int submount_all(int rootfd, const struct profile *p, struct submounts *m, struct err *err)
{
	size_t len;
	char *fstab;
	int r = 0;

	m->n = 0;
	if (!p->n_mounts)
		return 0;
	guest_budget_arm(&guest_budget_default);
	fstab = textload(rootfd, "/etc/fstab", &len);
	guest_budget_arm(NULL);
	if (!fstab)
		return 0;
	for (size_t i = 0; i < p->n_mounts && r == 0; i++)
		r = mount_one(rootfd, fstab, len, p->mounts[i], m, err);
	free(fstab);
	return r;
}

int submount_undo(struct submounts *m, struct err *err)
{
	int r = 0;

	while (m->n > 0) {
		const char *where = m->where[--m->n];

		if (umount(where) < 0 && r == 0)
			r = err_sys(err, "unmount %s", where);
	}
	return r;
}
