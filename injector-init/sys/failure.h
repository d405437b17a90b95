/* SPDX-License-Identifier: MIT */
/*
 * What PID 1 does when a stage failed (injector.fail=). PID 1 must never
 * exit (the kernel would panic), and nothing may wait forever: the shell is
 * bounded too, and every path ends in a power-off.
 */
#ifndef INIT_FAILURE_H
#define INIT_FAILURE_H

#include "cmdline.h"
#include "manifest.h"

/* Seconds the processes killed after the shell may take to go. */
#define FAIL_KILL_TIMEOUT_S 10

/*
 * CFG: injector.fail= and injector.shelltimeout=. MNT: where the guest root
 * is mounted, or NULL when it is not. M: the manifest as far as it was
 * read; its rescue-* entries open SSH beside the shell. When the shell
 * ends (exit or timeout), every other process is killed and reaped, so
 * that nothing it or an SSH login left running keeps MNT busy.
 */
void failure_act(const struct init_config *cfg, const char *mnt, const struct manifest *m)
	__attribute__((noreturn));

#endif
