/* SPDX-License-Identifier: MIT */
/*
 * The module table of the injector initramfs, MODULE_PLAN_FILE in its
 * modules tree (format: docs/injector-init.md, "Module table"): for every
 * module and every alias it answers to, the files to load in order, as
 * libkmod on the host resolves them (dependencies, soft dependencies,
 * built-ins skipped). injector-init then loads modules with finit_module
 * alone, and needs neither libkmod nor the libcrypto it pulls in.
 */
#ifndef MODULE_PLAN_H
#define MODULE_PLAN_H

#include "err.h"

#define MODULE_PLAN_FILE "modules.injector"

/* Writes TREE/MODULE_PLAN_FILE for the modules of TREE (depmod has run there). */
int module_plan(const char *tree, struct err *err);

#endif
