/* SPDX-License-Identifier: MIT */
/*
 * Which devices coldplug gives a driver, and when (docs/injector-init.md,
 * "Modules"). Everything that may lead to a root is loaded at once, except
 * IDE controllers: libata resets and identifies every port before the
 * module load returns (about 1 s under TCG, for QEMU's lone CD-ROM), so
 * they wait until the root has not shown up without them. Devices that
 * cannot hold an ext4, xfs or btrfs root (CD-ROM, tape) get none.
 */
#ifndef INIT_COLDPLUG_TIER_H
#define INIT_COLDPLUG_TIER_H

enum coldplug_tier {
	COLDPLUG_NOW,   /* loaded by the first coldplug */
	COLDPLUG_LATE,  /* loaded only when the root is late */
	COLDPLUG_NEVER, /* cannot hold a root */
};

/* The tier of the device whose sysfs modalias is MODALIAS. */
enum coldplug_tier coldplug_tier(const char *modalias);

#endif
