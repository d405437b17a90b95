/* SPDX-License-Identifier: MIT */
#include "rootdev.h"

#include <blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

#include "bootcfg/osdetect.h"
#include "clock.h"
#include "rootmount.h"

#define POLL_MS 100

/* The filesystems rootmount mounts. */
#define ROOT_FS_TYPES "ext4", "ext3", "ext2", "xfs", "btrfs"
static const char *const root_types[] = { ROOT_FS_TYPES, NULL };

/*
 * What a scan asks blkid for: root_types, then what may hold a root (LVM,
 * LUKS). Its other probers read the disk at offsets of their own (RAID
 * members at its end) for nothing a scan can use: about 25 ms of the root
 * stage under TCG (docs/injector-init.md).
 */
static const char *const scan_types[] = { ROOT_FS_TYPES, "LVM2_member", ROOTDEV_LUKS, NULL };

int rootdev_supported(const char *type)
{
	for (const char *const *t = root_types; *t; t++)
		if (!strcmp(type, *t))
			return 1;
	return 0;
}

int rootdev_spec(const char *spec, char *tag, size_t tsize, char *value, size_t vsize,
		 struct err *err)
{
	static const char *const tags[] = { "UUID", "LABEL", "PARTUUID", "PARTLABEL" };
	const char *eq = strchr(spec, '=');

	if (!strncmp(spec, "/dev/", 5) && spec[5]) {
		snprintf(tag, tsize, "%s", "");
		snprintf(value, vsize, "%s", spec);
		return 0;
	}
	for (size_t i = 0; eq && eq[1] && i < sizeof(tags) / sizeof(tags[0]); i++) {
		if ((size_t)(eq - spec) == strlen(tags[i]) && !strncmp(spec, tags[i], eq - spec)) {
			snprintf(tag, tsize, "%s", tags[i]);
			snprintf(value, vsize, "%s", eq + 1);
			return 0;
		}
	}
	return err_set(err, "%s: expected UUID=, LABEL=, PARTUUID=, PARTLABEL= or /dev/...", spec);
}

/*
 * TYPE and UUID of the filesystem on DEV; 0, or -1 when there is none. A
 * SCAN looks for scan_types only; a device the user named may hold any.
 */
static int probe(const char *dev, int scan, struct rootdev *out)
{
	blkid_probe pr = blkid_new_probe_from_filename(dev);
	const char *v;
	int r = -1;

	if (!pr)
		return -1;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID);
	if (scan)
		blkid_probe_filter_superblocks_type(pr, BLKID_FLTR_ONLYIN, (char **)scan_types);
	if (blkid_do_safeprobe(pr) == 0 && blkid_probe_lookup_value(pr, "TYPE", &v, NULL) == 0) {
		snprintf(out->dev, sizeof(out->dev), "%s", dev);
		snprintf(out->fstype, sizeof(out->fstype), "%s", v);
		out->uuid[0] = '\0';
		if (blkid_probe_lookup_value(pr, "UUID", &v, NULL) == 0)
			snprintf(out->uuid, sizeof(out->uuid), "%s", v);
		r = 0;
	}
	blkid_free_probe(pr);
	return r;
}

static int find_once(const char *tag, const char *value, struct rootdev *out)
{
	char *dev;
	int r;

	if (!tag[0])
		return access(value, F_OK) == 0 ? probe(value, 0, out) : -1;
	dev = blkid_evaluate_tag(tag, value, NULL);
	if (!dev)
		return -1;
	r = probe(dev, 0, out);
	free(dev);
	return r;
}

/* FN on every block device and partition, in name order, until it returns non-zero. */
static int each_block(int (*fn)(const char *dev, void *ctx), void *ctx)
{
	struct dirent **names;
	int n = scandir("/sys/class/block", &names, NULL, alphasort);
	int r = 0;

	for (int i = 0; i < n; i++) {
		char dev[300];

		snprintf(dev, sizeof(dev), "/dev/%s", names[i]->d_name);
		if (!r && names[i]->d_name[0] != '.')
			r = fn(dev, ctx);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return r;
}

/* What a scan saw that holds no filesystem of its own yet. */
struct stacked {
	int pv;             /* an LVM physical volume: activating its group may show the root */
	char luks[256];     /* a LUKS container (the first): without its key, no root in it */
};

static int note_stacked(const char *dev, void *ctx)
{
	struct stacked *s = ctx;
	struct rootdev rd;

	if (probe(dev, 1, &rd) < 0)
		return 0;
	s->pv |= !strcmp(rd.fstype, "LVM2_member");
	if (!strcmp(rd.fstype, ROOTDEV_LUKS) && !s->luks[0])
		snprintf(s->luks, sizeof(s->luks), "%s", dev);
	return 0;
}

static int encrypted(struct err *err, const char *dev)
{
	err_set(err, "%s: LUKS-encrypted (" ROOTDEV_LUKS "); the injector has no key", dev);
	err->errnum = ENOKEY;
	return -1;
}

/*
 * Tries ONCE until it finds the root or W's timeout passes; W's late hook
 * runs once, when the root is not there after W->late_ms (or the timeout,
 * if shorter), and is tried again at once; W's activate hook runs once, as
 * soon as a scan sees an LVM physical volume. Without a root, a LUKS
 * container seen is the reason (ENOKEY).
 */
static int wait_root(const struct rootdev_wait *w, int (*once)(const void *, struct rootdev *),
		     const void *ctx, struct rootdev *out, struct err *err)
{
	long start = clock_ms(), timeout = w->timeout * 1000L;
	long late = w->late_ms < timeout ? w->late_ms : timeout;
	int late_done = !w->late, activated = !w->activate;
	struct stacked seen = { 0 };

	while (once(ctx, out) < 0) {
		long elapsed = clock_ms() - start;

		each_block(note_stacked, &seen);
		if (!activated && seen.pv) {
			activated = 1;
			w->activate();
			continue;
		}
		if (!late_done && elapsed >= late) {
			late_done = 1;
			w->late();
			continue;
		}
		if (elapsed >= timeout)
			return seen.luks[0] ? encrypted(err, seen.luks) : -1;
		usleep(POLL_MS * 1000);
	}
	return 0;
}

struct spec {
	char tag[16], value[256];
};

static int find_spec(const void *ctx, struct rootdev *out)
{
	const struct spec *s = ctx;

	return find_once(s->tag, s->value, out);
}

int rootdev_lookup(const char *spec, struct rootdev *out, struct err *err)
{
	struct spec s;

	if (rootdev_spec(spec, s.tag, sizeof(s.tag), s.value, sizeof(s.value), err) < 0)
		return -1;
	if (find_once(s.tag, s.value, out) < 0)
		return err_set(err, "%s: no such filesystem", spec);
	return strcmp(out->fstype, ROOTDEV_LUKS) ? 0 : encrypted(err, out->dev);
}

int rootdev_find(const char *spec, const char *fstype, const struct rootdev_wait *w,
		 struct rootdev *out, struct err *err)
{
	struct spec s;

	if (rootdev_spec(spec, s.tag, sizeof(s.tag), s.value, sizeof(s.value), err) < 0)
		return -1;
	err->errnum = 0;
	if (wait_root(w, find_spec, &s, out, err) < 0)
		return err->errnum == ENOKEY ? -1
					     : err_set(err, "%s: no such filesystem after %u s", spec,
						       w->timeout);
	if (!strcmp(out->fstype, ROOTDEV_LUKS))
		return encrypted(err, out->dev);
	if (fstype[0])
		snprintf(out->fstype, sizeof(out->fstype), "%s", fstype);
	return 0;
}

static int holds_os(const struct rootdev *rd, const struct rootdev_look *look)
{
	struct err err;
	int fd, yes;

	if (rootmount(rd, look->flags, look->mnt, 1, &err) < 0)
		return 0;
	fd = open(look->mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	yes = fd >= 0 && osdetect(fd, look->distros);
	if (fd >= 0)
		close(fd);
	/*
	 * Even the root found is unmounted: keeping it and remounting it
	 * read-write was measured no faster (ext4 under TCG, 6-7 boots each:
	 * the remount's median 41 ms against a fresh mount's 23 ms; root,
	 * mount and inject stages 262 against 225 ms).
	 */
	umount(look->mnt);
	return yes;
}

struct look_for_os {
	const struct rootdev_look *look;
	struct rootdev *out;
};

static int holds_os_dev(const char *dev, void *ctx)
{
	const struct look_for_os *l = ctx;

	return probe(dev, 1, l->out) == 0 && rootdev_supported(l->out->fstype) &&
	       holds_os(l->out, l->look);
}

static int probe_all_once(const void *ctx, struct rootdev *out)
{
	struct look_for_os l = { ctx, out };

	return each_block(holds_os_dev, &l) ? 0 : -1;
}

int rootdev_probe(const struct rootdev_wait *w, const struct rootdev_look *look,
		  struct rootdev *out, struct err *err)
{
	err->errnum = 0;
	if (wait_root(w, probe_all_once, look, out, err) < 0)
		return err->errnum == ENOKEY ? -1 : err_set(err, "no block device holds an OS (ext4, xfs, btrfs with "
				    "/etc/os-release and a kernel) after %u s", w->timeout);
	return 0;
}
