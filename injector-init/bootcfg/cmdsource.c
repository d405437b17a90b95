/* SPDX-License-Identifier: MIT */
#include "cmdsource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest/bounds.h"
#include "guest/guestfs.h"
#include "shellvars.h"

static int names_root(const char *args)
{
	for (const char *p = args; (p = strstr(p, "root=")) != NULL; p += 5)
		if (p == args || p[-1] == ' ')
			return 1;
	return 0;
}

/* The first line, without surrounding blanks. */
static void first_line(const char *text, char *out, size_t size)
{
	size_t n;

	text += strspn(text, " \t");
	n = strcspn(text, "\n");
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r'))
		n--;
	snprintf(out, size, "%.*s", (int)n, text);
}

void cmdsource_from(const char *kernel_cmdline, const char *default_grub, size_t grub_len,
		    const char *root_uuid, char *out, size_t size)
{
	char args[CMDLINE_MAX] = "", base[CMDLINE_MAX] = "", deflt[CMDLINE_MAX] = "";

	if (kernel_cmdline)
		first_line(kernel_cmdline, args, sizeof(args));
	if (!args[0] && default_grub) {
		shellvars_get(default_grub, grub_len, "GRUB_CMDLINE_LINUX", base, sizeof(base));
		shellvars_get(default_grub, grub_len, "GRUB_CMDLINE_LINUX_DEFAULT", deflt,
			      sizeof(deflt));
		snprintf(args, sizeof(args), "%s%s%s", base, base[0] && deflt[0] ? " " : "", deflt);
	}
	if (names_root(args) || !root_uuid || !root_uuid[0])
		snprintf(out, size, "%s", args);
	else
		snprintf(out, size, "root=UUID=%s ro%s%s", root_uuid, args[0] ? " " : "", args);
}

void cmdsource_fallback(int rootfd, const char *root_uuid, char *out, size_t size)
{
	char *kc = NULL, *dg = NULL;
	size_t kc_len, dg_len = 0;
	struct err err;

	if (guest_read(rootfd, "/etc/kernel/cmdline", BOOTCFG_MAX_SIZE, &kc, &kc_len, &err) < 0)
		kc = NULL;
	if (guest_read(rootfd, "/etc/default/grub", BOOTCFG_MAX_SIZE, &dg, &dg_len, &err) < 0)
		dg = NULL;
	cmdsource_from(kc, dg, dg_len, root_uuid, out, size);
	free(kc);
	free(dg);
}
