/* SPDX-License-Identifier: MIT */
/*
 * The distro profiles (common/profile.h) and the one for a guest: the
 * profile whose os-id names os-release's ID, else one of its ID_LIKE words
 * in their order, else the fallback (the profile the archive was built
 * for). Everything injector-init knows of where a distro keeps its
 * kernels and boot configuration comes from there.
 */
#ifndef INIT_DISTRO_H
#define INIT_DISTRO_H

#include <stddef.h>

#include "err.h"
#include "profile.h"

#define DISTRO_MAX 32

struct distro {
	char name[64]; /* the profile's file name */
	struct profile profile;
};

struct distro_set {
	struct distro *d; /* in file-name order */
	size_t n;
	const struct distro *fallback; /* for guests no profile claims; NULL: none */
};

/*
 * Every profile file in DIR. FALLBACK, when not NULL, is one of them (a
 * path to it, or a link, as PROFILE_ARCHIVE_SELECTED is): an error if not.
 */
int distro_load(struct distro_set *s, const char *dir, const char *fallback, struct err *err);

/* Adds the profile TEXT as NAME, for tests and fuzzing. */
int distro_add(struct distro_set *s, const char *name, const char *text, size_t len,
	       struct err *err);

void distro_free(struct distro_set *s);

/* The profile for the guest whose os-release is OS_RELEASE, or the fallback. */
const struct distro *distro_match(const struct distro_set *s, const char *os_release, size_t len);

/* The guest's os-release (/etc, else /usr/lib), malloc'd; NULL when it has none. */
char *distro_os_release(int rootfd, size_t *len);

/* distro_match on the guest's os-release; the fallback without one. */
const struct distro *distro_of_guest(const struct distro_set *s, int rootfd);

#endif
