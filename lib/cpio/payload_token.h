/* SPDX-License-Identifier: MIT */
/*
 * The per-boot token of a per-VM archive (PAYLOAD_TOKEN_PATH): a secret only
 * the host and injector-init know, so that the host can tell injector-init's
 * status line from one the guest prints (docs/injector-init.md).
 */
#ifndef PAYLOAD_TOKEN_H
#define PAYLOAD_TOKEN_H

#include "manifest.h"

/* PAYLOAD_TOKEN_HEX lowercase hex digits of fresh randomness into HEX, NUL-terminated. */
int payload_token_new(char hex[PAYLOAD_TOKEN_HEX + 1], struct err *err);

#endif
