/* SPDX-License-Identifier: MIT */
/*
 * grubenv: the 1 KiB block grub-editenv writes, "name=value" lines padded
 * with '#'. saved_entry picks GRUB's default; kernelopts fills BLS options.
 */
#ifndef INIT_GRUBENV_H
#define INIT_GRUBENV_H

#include <stddef.h>

#include "vartab.h"

/* Adds every variable in TEXT to T. */
void grubenv_load(const char *text, size_t len, struct vartab *t);

#endif
