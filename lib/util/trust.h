/* SPDX-License-Identifier: MIT */
/*
 * Files whose content ends up in an archive of secrets, checked the way
 * sshd's StrictModes checks authorized_keys: each file and directory must be
 * owned by root or by the invoking user (geteuid) and writable by its owner
 * only, files must be regular, and nothing is opened through a symlink or
 * left blocking on a FIFO. WHAT names the files in messages ("sources"):
 * "sources must be regular files".
 */
#ifndef TRUST_H
#define TRUST_H

#include <sys/stat.h>

#include "err.h"
#include "file_io.h"

/* ST's owner and mode, by the rules above; the message has no path. */
int trust_check(const struct stat *st, const char *what, struct err *err);

/* Opens the directory PATH (symlinks followed: the caller named it) if trusted. */
int trust_open_dir(const char *path, const char *what, struct err *err);

/*
 * Maps REL, relative and without '..', under the directory DIRFD, opening
 * one component at a time without following symlinks; every directory on
 * the way and the file are checked. The error names the component at fault
 * (err_at, as REL's prefix up to it).
 */
int trust_map_at(int dirfd, const char *rel, const char *what, struct file_view *view,
		 struct err *err);

/* Maps PATH (symlinks followed) after checking it and its directory. */
int trust_map(const char *path, const char *what, struct file_view *view, struct err *err);

#endif
