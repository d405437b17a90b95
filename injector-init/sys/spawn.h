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

/*
 * Kills every process but PID 1 (kill(-1, SIGKILL): the rescue shell's
 * children, dropbear and its login sessions, each in a session of its own)
 * and reaps them all: orphans are PID 1's. Returns how many were reaped, or
 * -1 when some are left after TIMEOUT seconds. Only for PID 1, at the end.
 */
int spawn_kill_all(unsigned timeout, struct err *err);

/* spawn_run for helpers whose any nonzero exit is a failure: 0, or -1 with ERR set. */
int spawn_check(char *const argv[], unsigned timeout, struct err *err);

#endif
