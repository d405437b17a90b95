/* SPDX-License-Identifier: MIT */
#include "kernelpair.h"

#include <stdio.h>
#include <string.h>

#include "guest/guestfs.h"
#include "shellvars.h"

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

enum distro_family kernelpair_family(const char *os_release, size_t len)
{
	static const struct {
		const char *id;
		enum distro_family family;
	} known[] = {
		{ "debian", DISTRO_DEBIAN }, { "ubuntu", DISTRO_DEBIAN }, { "fedora", DISTRO_FEDORA },
		{ "rhel", DISTRO_FEDORA },   { "arch", DISTRO_FEDORA },   { "suse", DISTRO_SUSE },
		{ "opensuse", DISTRO_SUSE },
	};
	char ids[512] = "", like[256] = "";

	shellvars_get(os_release, len, "ID", ids, sizeof(ids) / 2);
	if (shellvars_get(os_release, len, "ID_LIKE", like, sizeof(like)))
		snprintf(ids + strlen(ids), sizeof(ids) - strlen(ids), " %s", like);
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (has_word(ids, known[i].id))
			return known[i].family;
	return DISTRO_OTHER;
}

size_t kernelpair_names(const char *kernel, enum distro_family family,
			char names[KERNELPAIR_NAMES][GUEST_PATH_MAX])
{
	/* Name = prefix VERSION suffix, next to the kernel. */
	static const struct {
		const char *prefix, *suffix;
	} styles[KERNELPAIR_NAMES] = { { "initrd.img-", "" }, { "initramfs-", ".img" }, { "initrd-", "" } };
	static const unsigned char order[][KERNELPAIR_NAMES] = {
		[DISTRO_DEBIAN] = { 0, 1, 2 },
		[DISTRO_FEDORA] = { 1, 0, 2 },
		[DISTRO_SUSE] = { 2, 1, 0 },
		[DISTRO_OTHER] = { 0, 1, 2 },
	};
	const char *base = strrchr(kernel, '/');
	int dirlen;

	base = base ? base + 1 : kernel;
	dirlen = (int)(base - kernel);
	if (strncmp(base, "vmlinuz-", 8) || !base[8])
		return 0;
	for (size_t i = 0; i < KERNELPAIR_NAMES; i++)
		snprintf(names[i], GUEST_PATH_MAX, "%.*s%s%s%s", dirlen, kernel,
			 styles[order[family][i]].prefix, base + 8, styles[order[family][i]].suffix);
	return KERNELPAIR_NAMES;
}

int kernelpair_find(int rootfd, const char *kernel, enum distro_family family, char *out,
		    size_t size)
{
	char names[KERNELPAIR_NAMES][GUEST_PATH_MAX];
	size_t n = kernelpair_names(kernel, family, names);

	for (size_t i = 0; i < n; i++) {
		if (guest_is_file(rootfd, names[i])) {
			snprintf(out, size, "%s", names[i]);
			return 0;
		}
	}
	return -1;
}
