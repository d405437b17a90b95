/* SPDX-License-Identifier: MIT */
#include "rescue_ssh.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "rescue_kit.h"
#include "spawn.h"

#define NET_WAIT_TICKS 100 /* 10 s for the first interface to appear after coldplug */
#define HELPER_TIMEOUT_S 10

static int write_keys(const struct manifest *m, struct err *err)
{
	int fd, ret = 0;

	if (mkdir("/root", 0700) < 0 && errno != EEXIST)
		return err_sys(err, "/root");
	if (mkdir("/root/.ssh", 0700) < 0 && errno != EEXIST)
		return err_sys(err, "/root/.ssh");
	fd = open(RESCUE_AUTHORIZED_KEYS, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_sys(err, RESCUE_AUTHORIZED_KEYS);
	for (size_t i = 0; i < m->n && ret == 0; i++)
		if (m->entries[i].op == MANIFEST_RESCUE_KEY &&
		    dprintf(fd, "%s\n", m->entries[i].text) < 0)
			ret = err_sys(err, RESCUE_AUTHORIZED_KEYS);
	close(fd);
	return ret;
}

/* The first interface by name that is not the loopback, waiting for drivers. */
static int first_interface(char *name, size_t size, struct err *err)
{
	for (unsigned tick = 0; tick < NET_WAIT_TICKS; tick++) {
		struct dirent **list;
		int n = scandir("/sys/class/net", &list, NULL, alphasort), found = 0;

		for (int i = 0; i < n; i++) {
			if (!found && list[i]->d_name[0] != '.' && strcmp(list[i]->d_name, "lo")) {
				snprintf(name, size, "%s", list[i]->d_name);
				found = 1;
			}
			free(list[i]);
		}
		if (n >= 0)
			free(list);
		if (found)
			return 0;
		nanosleep(&(struct timespec){ 0, 100000000L }, NULL);
	}
	return err_set(err, "no network interface appeared");
}

static int configure(const struct manifest_entry *net, const char *ifname, struct err *err)
{
	char *lo_up[] = { RESCUE_BUSYBOX, "ip", "link", "set", "lo", "up", NULL };
	char *up[] = { RESCUE_BUSYBOX, "ip", "link", "set", (char *)ifname, "up", NULL };
	char *addr[] = { RESCUE_BUSYBOX, "ip", "addr", "add", net->text, "dev", (char *)ifname, NULL };
	char *route[] = { RESCUE_BUSYBOX, "ip", "route", "add", "default", "via", net->gateway, NULL };
	char **steps[] = { lo_up, up, addr, net->gateway ? route : NULL };

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && steps[i]; i++)
		if (spawn_check(steps[i], HELPER_TIMEOUT_S, err) < 0)
			return -1;
	return 0;
}

enum rescue_ssh rescue_ssh_start(const struct manifest *m, struct err *err)
{
	/* -R: host keys made now, -s: keys only, -E: log to the console. */
	char *dropbear[] = { RESCUE_DROPBEAR, "-R", "-s", "-E", "-p", "22", NULL };
	const struct manifest_entry *net = NULL;
	size_t keys = 0;
	char ifname[64];

	for (size_t i = 0; i < m->n; i++) {
		keys += m->entries[i].op == MANIFEST_RESCUE_KEY;
		if (m->entries[i].op == MANIFEST_RESCUE_NET)
			net = &m->entries[i];
	}
	if (!keys || !net)
		return RESCUE_SSH_UNWANTED;
	if (access(RESCUE_DROPBEAR, X_OK) < 0 || access(RESCUE_BUSYBOX, X_OK) < 0) {
		err_set(err, "no rescue kit in the initramfs (mkinitramfs --with-rescue)");
		return RESCUE_SSH_FAILED;
	}
	if (write_keys(m, err) < 0 || first_interface(ifname, sizeof(ifname), err) < 0 ||
	    configure(net, ifname, err) < 0 ||
	    spawn_check(dropbear, HELPER_TIMEOUT_S, err) < 0) {
		err_prefix(err, "rescue SSH");
		return RESCUE_SSH_FAILED;
	}
	log_msg("rescue: SSH on %s %s (%zu keys)", ifname, net->text, keys);
	return RESCUE_SSH_RUNNING;
}
