/* SPDX-License-Identifier: MIT */
/* Running a helper from the initramfs (fsck, kexec, sh) without waiting forever. */
#ifndef INIT_SPAWN_H
#define INIT_SPAWN_H

#include "err.h"

/*
 * Runs ARGV (ARGV[0] an absolute path), waits at most TIMEOUT seconds
 * (then kills it) and returns its exit status, or -1.
 */
int spawn_run(char *const argv[], unsigned timeout, struct err *err);

/* spawn_run for helpers whose any nonzero exit is a failure: 0, or -1 with ERR set. */
int spawn_check(char *const argv[], unsigned timeout, struct err *err);

#endif
