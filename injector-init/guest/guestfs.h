/* SPDX-License-Identifier: MIT */
/*
 * Access to the guest's root filesystem that cannot leave it. Every lookup
 * goes through openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) from the
 * root's descriptor: "..", absolute symlinks and /proc magic links all stay
 * inside, whatever the guest planted.
 */
#ifndef INIT_GUESTFS_H
#define INIT_GUESTFS_H

#include <dirent.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "err.h"

/* Like openat(ROOTFD, PATH, FLAGS, MODE), confined to ROOTFD. -1 with errno. */
int guest_open(int rootfd, const char *path, int flags, mode_t mode);

/*
 * Opens the directory that holds PATH's last component (O_DIRECTORY) and
 * puts that component, which is never "", "." or "..", in LEAF. The caller
 * then acts on LEAF with *at() calls, which never follow a final symlink.
 * A missing directory is err->errnum ENOENT.
 */
int guest_open_parent(int rootfd, const char *path, char *leaf, size_t size, struct err *err);

/*
 * Opens PATH for reading, and only when it is a regular file ("not a
 * regular file" otherwise); its stat in *ST. Every guest file injector-init
 * reads is opened here: O_NONBLOCK so that a FIFO the guest planted cannot
 * block PID 1 in open(2) (the guest root is also mounted nodev, so a device
 * node's driver is never opened).
 */
int guest_open_file(int rootfd, const char *path, struct stat *st, struct err *err);

/* Reads the regular file PATH, at most MAX bytes (else an error); malloc'd, NUL-terminated. */
int guest_read(int rootfd, const char *path, size_t max, char **text, size_t *len,
	       struct err *err);

/* The directory PATH, for readdir; NULL when it cannot be opened. */
DIR *guest_opendir(int rootfd, const char *path);

/* 1 when PATH is a regular file inside the root, else 0. */
int guest_is_file(int rootfd, const char *path);

#endif
