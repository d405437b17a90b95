/* SPDX-License-Identifier: MIT */
#include "failure.h"

#include <sys/mount.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "earlymount.h"
#include "log.h"
#include "rescue_ssh.h"
#include "rootmount.h"
#include "spawn.h"

/* What the shell and SSH logins started: gone, so that the root unmounts. */
static void kill_leftovers(void)
{
	struct err err;
	int n = spawn_kill_all(FAIL_KILL_TIMEOUT_S, &err);

	if (n < 0)
		log_msg("%s", err.msg);
	else
		log_msg("shell ended: %d processes left behind killed", n);
}

static void shell(const struct manifest *m, unsigned timeout)
{
	char *argv[] = { "/bin/sh", NULL };
	struct err err;

	if (access(argv[0], X_OK) < 0) {
		log_msg("no /bin/sh in the initramfs");
		return;
	}
	switch (rescue_ssh_start(m, &err)) {
	case RESCUE_SSH_FAILED:
		log_msg("%s", err.msg);
		break;
	case RESCUE_SSH_UNWANTED:
		log_msg("rescue: no SSH: the manifest has no rescue-key and rescue-net entries");
		break;
	case RESCUE_SSH_RUNNING:
		break;
	}
	log_msg("starting a shell on the console; power-off when it exits or after %u s", timeout);
	if (spawn_run(argv, timeout, &err) < 0)
		log_msg("%s", err.msg);
	kill_leftovers();
}

/* switch_root: the guest's own /sbin/init on the injector kernel. */
static void continue_into(const char *mnt)
{
	struct err err;

	if (rootmount_allow_devices(mnt, &err) < 0)
		log_msg("%s", err.msg);
	earlymount_undo();
	if (chdir(mnt) < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0 ||
	    chdir("/") < 0) {
		log_msg("switch_root into %s failed", mnt);
		return;
	}
	execl("/sbin/init", "/sbin/init", (char *)NULL);
	log_msg("exec /sbin/init in the guest failed");
}

void failure_act(const struct init_config *cfg, const char *mnt, const struct manifest *m)
{
	enum fail_action action = cfg->fail;

	if (action == FAIL_SHELL)
		shell(m, cfg->shelltimeout);
	if (action == FAIL_CONTINUE && mnt)
		continue_into(mnt);
	sync();
	if (mnt && umount(mnt) < 0)
		log_msg("unmounting %s failed; powering off after sync", mnt);
	if (action == FAIL_REBOOT)
		reboot(RB_AUTOBOOT);
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
