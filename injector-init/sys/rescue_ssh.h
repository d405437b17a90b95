/* SPDX-License-Identifier: MIT */
/*
 * The way in over the network when a stage failed: dropbear from the rescue
 * kit, root login with the manifest's rescue-key lines only, on the first
 * network interface configured as its rescue-net entry says.
 */
#ifndef INIT_RESCUE_SSH_H
#define INIT_RESCUE_SSH_H

#include "err.h"
#include "manifest.h"

/*
 * Starts the SSH server in the background. Returns 1 when it runs, 0 when M
 * asks for none (no rescue-key or no rescue-net entry), -1 on error.
 */
int rescue_ssh_start(const struct manifest *m, struct err *err);

#endif
