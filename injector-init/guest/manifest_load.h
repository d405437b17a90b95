/* SPDX-License-Identifier: MIT */
/* The manifest the per-VM archive carries (PAYLOAD_MANIFEST_PATH). */
#ifndef INIT_MANIFEST_LOAD_H
#define INIT_MANIFEST_LOAD_H

#include "manifest.h"

/* No manifest in the archive is an empty one: only the kernel hand-over runs. */
int manifest_load(struct manifest *m, struct err *err);

#endif
