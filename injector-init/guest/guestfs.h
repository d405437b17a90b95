/* SPDX-License-Identifier: MIT */
/*
 * Access to the guest's root filesystem that cannot leave it. Every lookup
 * walks the path one component at a time from the root's descriptor, as
 * openat2(RESOLVE_IN_ROOT) would: "..", absolute symlinks and /proc magic
 * links all stay inside, whatever the guest planted. The final open is
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS) of the walked path.
 *
 * A guest user is hostile too: a symlink is followed only when root (uid 0)
 * owns it, stricter than the kernel's fs.protected_symlinks. Otherwise
 * alice's /home/alice/shared -> /etc would have the injector, as root, write
 * or chown where alice cannot.
 */
#ifndef INIT_GUESTFS_H
#define INIT_GUESTFS_H

#include <dirent.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "err.h"

/*
 * Like openat(ROOTFD, PATH, FLAGS, MODE), confined to ROOTFD, following
 * root's symlinks only ("symlink ... not followed" otherwise; with
 * O_NOFOLLOW a final symlink is opened or refused, never checked). System
 * errors keep their errno in err->errnum.
 */
int guest_open_err(int rootfd, const char *path, int flags, mode_t mode, struct err *err);

/* guest_open_err, -1 with errno instead: EACCES for a symlink not followed. */
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
