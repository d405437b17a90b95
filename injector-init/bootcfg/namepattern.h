/* SPDX-License-Identifier: MIT */
/*
 * A profile's kernel and initrd names: a path whose file name holds %v,
 * what tells one kernel from another (/boot/vmlinuz-%v, Arch's
 * /boot/initramfs-%v.img with %v = linux-lts).
 */
#ifndef INIT_NAMEPATTERN_H
#define INIT_NAMEPATTERN_H

#include <stddef.h>

/* 1 when PATH's file name is PATTERN's with a non-empty %v, that %v in V; else 0. */
int namepattern_version(const char *pattern, const char *path, char *v, size_t size);

/* PATTERN's file name with %v = V, in the directory of PATH, into OUT. */
void namepattern_beside(const char *pattern, const char *v, const char *path, char *out,
			size_t size);

/* PATTERN with * for %v, for people. */
void namepattern_glob(const char *pattern, char *out, size_t size);

/*
 * The file after PATTERN in the guest root with the newest %v (version
 * order), or PATTERN itself when it has no %v; 0, or -1 when there is none.
 */
int namepattern_newest(int rootfd, const char *pattern, char *out, size_t size);

#endif
