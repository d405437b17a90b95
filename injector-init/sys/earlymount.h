/* SPDX-License-Identifier: MIT */
/* The API filesystems PID 1 needs before anything else: /proc, /sys, /dev, /run. */
#ifndef INIT_EARLYMOUNT_H
#define INIT_EARLYMOUNT_H

#include "err.h"

int earlymount(struct err *err);

/* Detaches them again before switch_root or kexec. */
void earlymount_undo(void);

#endif
