/* SPDX-License-Identifier: MIT */
#include "rescue.h"

#include "host_tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static const struct {
	const char *path, *text;
	unsigned mode;
} login_files[] = {
	{ "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0644 },
	{ "etc/group", "root:x:0:\n", 0644 },
	/* '*': no password login, yet not locked, so that keys still work. */
	{ "etc/shadow", "root:*:0:0:99999:7:::\n", 0600 },
	/* dropbear refuses users whose shell is not listed here. */
	{ "etc/shells", "/bin/sh\n", 0644 },
	{ "etc/nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\n", 0644 },
};

static int add_login_files(struct fileset *fs, struct err *err)
{
	for (size_t i = 0; i < sizeof(login_files) / sizeof(login_files[0]); i++)
		if (fileset_data(fs, login_files[i].path, login_files[i].text, login_files[i].mode,
				 err) < 0)
			return -1;
	if (fileset_dir(fs, "root", 0700, err) < 0 || fileset_dir(fs, "root/.ssh", 0700, err) < 0)
		return -1;
	return fileset_dir(fs, "etc/dropbear", 0700, err);
}

/* A link to busybox for each applet, where busybox itself would install it. */
static int add_applets(struct fileset *fs, struct err *err)
{
	FILE *p = popen(RESCUE_BUSYBOX " --list-full", "re");
	char line[256];
	int ret = 0, status;

	if (!p)
		return err_sys(err, "cannot run");
	while (ret == 0 && fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0])
			ret = fileset_symlink(fs, line, RESCUE_BUSYBOX, err);
	}
	status = pclose(p);
	if (ret == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		ret = err_set(err, "--list-full failed");
	return ret;
}

int rescue_add(struct fileset *fs, struct strlist *programs, struct err *err)
{
	if (host_tool_add(fs, programs, RESCUE_BUSYBOX, "busybox-static", err) < 0)
		return -1;
	if (add_applets(fs, err) < 0)
		return err_at(err, RESCUE_BUSYBOX);
	if (host_tool_add(fs, programs, RESCUE_DROPBEAR, "dropbear-bin", err) < 0)
		return -1;
	return add_login_files(fs, err);
}
