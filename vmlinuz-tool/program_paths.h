/* SPDX-License-Identifier: MIT */
/*
 * Where the files vmlinuz-tool builds injectors from are, found from the
 * program's own location so that the build tree and an install both work.
 */
#ifndef PROGRAM_PATHS_H
#define PROGRAM_PATHS_H

#include <stddef.h>

/* injector-init, beside this program. */
void program_init_path(char *out, size_t size);

/* The source tree's distro-profiles when run from build/bin, else the installed copy. */
void program_profiles_dir(char *out, size_t size);

#endif
