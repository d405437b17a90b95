/* SPDX-License-Identifier: MIT */
#include "kernelpair.h"

#include <stdio.h>
#include <string.h>

#include "guest/guestfs.h"
#include "namepattern.h"

/* Adds P's initrd for KERNEL to NAMES unless KERNEL is not P's or the name is there. */
static void add_name(const struct profile *p, const char *kernel,
		     char names[KERNELPAIR_NAMES][GUEST_PATH_MAX], size_t *n)
{
	char v[GUEST_PATH_MAX], name[GUEST_PATH_MAX];

	if (*n == KERNELPAIR_NAMES || !namepattern_version(p->kernel, kernel, v, sizeof(v)))
		return;
	namepattern_beside(p->initrd, v, kernel, name, sizeof(name));
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(names[i], name))
			return;
	snprintf(names[(*n)++], GUEST_PATH_MAX, "%s", name);
}

size_t kernelpair_names(const struct distro_set *s, const struct distro *first,
			const char *kernel, char names[KERNELPAIR_NAMES][GUEST_PATH_MAX])
{
	size_t n = 0;

	if (first)
		add_name(&first->profile, kernel, names, &n);
	for (size_t i = 0; i < s->n; i++)
		add_name(&s->d[i].profile, kernel, names, &n);
	return n;
}

int kernelpair_find(int rootfd, const struct distro_set *s, const struct distro *first,
		    const char *kernel, char *out, size_t size)
{
	char names[KERNELPAIR_NAMES][GUEST_PATH_MAX];
	size_t n = kernelpair_names(s, first, kernel, names);

	for (size_t i = 0; i < n; i++) {
		if (guest_is_file(rootfd, names[i])) {
			snprintf(out, size, "%s", names[i]);
			return 0;
		}
	}
	return -1;
}
