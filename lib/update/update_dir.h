/* SPDX-License-Identifier: MIT */
/*
 * The directory `update` maintains (default /var/lib/vmlinuz-tool):
 *
 *     injector.vmlinuz -> injector-VER.vmlinuz    what the VMs boot (a symlink)
 *     injector-VER.vmlinuz ...                    the current one and the previous N
 *     .lock                                       one update at a time
 *     .update-XXXXXX/                             an update's scratch space
 *
 * A new kernel only becomes current through a rename of a new symlink over
 * the old, so a VM starting at any moment boots either the old or the new
 * kernel, never a half-written one.
 */
#ifndef UPDATE_DIR_H
#define UPDATE_DIR_H

#include <stddef.h>

#include "err.h"

#define INJECTOR_LINK "injector.vmlinuz"
#define INJECTOR_PREFIX "injector-"
#define INJECTOR_SUFFIX ".vmlinuz"

/* Takes DIR's lock (waits for another update to finish); returns the descriptor. */
int update_dir_lock(const char *dir, struct err *err);

/* The prefix of update's scratch directories in DIR. */
#define INJECTOR_SCRATCH ".update-"

/* Removes scratch directories an interrupted update left; call it holding the lock. */
void update_dir_clean(const char *dir);

/* The file the link names now, into NAME ("" when there is no link). */
void update_dir_current(const char *dir, char *name, size_t size);

/* Moves CANDIDATE to DIR/injector-VER.vmlinuz and points the link at it. */
int update_dir_install(const char *dir, const char *candidate, const char *ver,
			 struct err *err);

/* Removes all but the current kernel and the KEEP newest others (by mtime). */
int update_dir_prune(const char *dir, unsigned keep, struct err *err);

#endif
