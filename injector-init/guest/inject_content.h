/* SPDX-License-Identifier: MIT */
/* inject.h's entries that write a regular file. */
#ifndef INIT_INJECT_CONTENT_H
#define INIT_INJECT_CONTENT_H

#include "inject.h"

int inject_file(int rootfd, int srcfd, const struct manifest_entry *e, struct err *err);
int inject_line(int rootfd, const struct manifest_entry *e, struct err *err);

#endif
