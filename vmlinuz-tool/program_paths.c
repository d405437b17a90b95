/* SPDX-License-Identifier: MIT */
#include "program_paths.h"

#include <libgen.h>
#include <stdio.h>
#include <unistd.h>

/* DIR/REL for the directory of this program, into OUT. */
static void beside_program(const char *rel, char *out, size_t size)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	exe[n > 0 ? n : 0] = '\0';
	snprintf(out, size, "%s/%s", n > 0 ? dirname(exe) : ".", rel);
}

static void init_path(char *out, size_t size)
{
	beside_program("injector-init", out, size);
}

static void profiles_dir(char *out, size_t size)
{
	beside_program("../../distro-profiles", out, size);
	if (access(out, F_OK) != 0)
		beside_program("../share/vmlinuz-tool/distro-profiles", out, size);
}

void program_defaults(struct program_paths *p, const char **init, const char **profiles)
{
	init_path(p->init, sizeof(p->init));
	profiles_dir(p->profiles, sizeof(p->profiles));
	*init = *init ? *init : p->init;
	*profiles = *profiles ? *profiles : p->profiles;
}
