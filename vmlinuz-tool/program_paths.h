/* SPDX-License-Identifier: MIT */
/*
 * Where the files vmlinuz-tool builds injectors from are, found from the
 * program's own location so that the build tree and an install both work.
 */
#ifndef PROGRAM_PATHS_H
#define PROGRAM_PATHS_H

#include <stddef.h>

struct program_paths {
	char init[4096], profiles[4096];
};

/*
 * Points *INIT and *PROFILES, where they are NULL, at the defaults, kept in P:
 * injector-init beside this program, and the source tree's distro-profiles
 * when run from build/bin, else the installed copy.
 */
void program_defaults(struct program_paths *p, const char **init, const char **profiles);

#endif
