/* SPDX-License-Identifier: MIT */
#include "lvm.h"

#include <unistd.h>

#include "log.h"
#include "module_load.h"
#include "spawn.h"
#include "storage_kit.h"

#define LVM_TIMEOUT_S 60
/* No udev to wait for, list devices or make nodes: lvm does it all itself. */
#define LVM_NO_UDEV                                                                                \
	"devices{obtain_device_list_from_udev=0} activation{udev_sync=0 udev_rules=0 "             \
	"monitoring=0} global{use_lvmpolld=0}"

static int activated;

int lvm_available(void)
{
	return access(STORAGE_LVM, X_OK) == 0;
}

/* lvm vgchange HOW [SYSINIT] without udev. */
static int vgchange(char *how, char *sysinit, struct err *err)
{
	char *argv[] = { STORAGE_LVM, "vgchange", how, "--config", LVM_NO_UDEV, sysinit, NULL };

	return spawn_check(argv, LVM_TIMEOUT_S, err);
}

void lvm_activate(void)
{
	struct err err;

	/* Device-mapper has no device to autoload it by: coldplug never loads it. */
	modules_request("dm_mod");
	activated = 1;
	if (vgchange("-ay", "--sysinit", &err) < 0)
		log_msg("root: %s", err.msg);
	else
		log_msg("root: LVM volume groups activated");
}

int lvm_deactivate(struct err *err)
{
	if (!activated)
		return 0;
	if (vgchange("-an", NULL, err) < 0)
		return -1;
	activated = 0;
	log_msg("kexec: LVM volume groups deactivated");
	return 0;
}
