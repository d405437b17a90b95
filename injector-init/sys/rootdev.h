/* SPDX-License-Identifier: MIT */
/*
 * Finding the guest's root device with libblkid: by injector.root= (a tag
 * or a /dev path), or, without one, by probing every block device and
 * partition for an ext4, xfs or btrfs filesystem that holds an OS. Waits
 * for devices to appear are bounded by injector.rootwait.
 */
#ifndef INIT_ROOTDEV_H
#define INIT_ROOTDEV_H

#include <stddef.h>

#include "bootcfg/distro.h"
#include "err.h"

struct rootdev {
	char dev[256];
	char fstype[32];
	char uuid[64];
};

/* Splits SPEC into a blkid tag (UUID, LABEL, PARTUUID, PARTLABEL) and value, or a /dev path (TAG ""). */
int rootdev_spec(const char *spec, char *tag, size_t tsize, char *value, size_t vsize,
		 struct err *err);

/* How long to wait for the root, and what to try when it is late. */
struct rootdev_wait {
	unsigned timeout;  /* seconds: injector.rootwait */
	unsigned late_ms;  /* when the root is not there after this long, */
	void (*late)(void); /* this runs once (drivers held back: coldplug_tier.h) */
	void (*activate)(void); /* NULL, or run once when an LVM physical volume shows (lvm.h) */
};

/* blkid's TYPE of a LUKS container. */
#define ROOTDEV_LUKS "crypto_LUKS"

/*
 * Waits as W says for SPEC's device; fills OUT. FSTYPE: injector.rootfstype
 * or "". A LUKS container, named or, when nothing is found, seen: an error
 * with err->errnum ENOKEY (status reason=encrypted).
 */
int rootdev_find(const char *spec, const char *fstype, const struct rootdev_wait *w,
		 struct rootdev *out, struct err *err);

/* SPEC's device as it is now, without waiting; a LUKS container is ENOKEY. */
int rootdev_lookup(const char *spec, struct rootdev *out, struct err *err);

/* How to look into a filesystem for an OS. */
struct rootdev_look {
	const char *flags; /* injector.rootflags: subvol=@ looks into that btrfs subvolume */
	const char *mnt;   /* where to mount it, read-only, to look */
	const struct distro_set *distros; /* where the guest keeps kernels (osdetect) */
};

/* Without a spec: the first filesystem, in device order, that holds an OS; ENOKEY as above. */
int rootdev_probe(const struct rootdev_wait *w, const struct rootdev_look *look,
		  struct rootdev *out, struct err *err);

/* Whether the root filesystems we support include TYPE. */
int rootdev_supported(const char *type);

#endif
