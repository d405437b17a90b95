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

enum rescue_ssh {
	RESCUE_SSH_FAILED,    /* ERR says why */
	RESCUE_SSH_UNWANTED,  /* M has no rescue-key or no rescue-net entry */
	RESCUE_SSH_RUNNING,
};

/* Starts the SSH server in the background. */
enum rescue_ssh rescue_ssh_start(const struct manifest *m, struct err *err);

#endif
