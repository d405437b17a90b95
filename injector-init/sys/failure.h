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

#define FAIL_SHELL_TIMEOUT_S 3600

/*
 * MNT: where the guest root is mounted, or NULL when it is not. M: the
 * manifest as far as it was read; its rescue-* entries open SSH beside the
 * shell.
 */
void failure_act(enum fail_action action, const char *mnt, const struct manifest *m)
	__attribute__((noreturn));

#endif
