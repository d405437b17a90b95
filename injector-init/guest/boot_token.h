/* SPDX-License-Identifier: MIT */
/*
 * The per-boot token the per-VM archive carries (PAYLOAD_TOKEN_PATH): it goes
 * on the status line, so the host can tell ours from a line the guest prints,
 * and nowhere else. The guest must never see it: the file is zeroed and
 * removed when read, the copy wiped before the guest runs
 * (docs/injector-init.md, "Authenticated status").
 */
#ifndef BOOT_TOKEN_H
#define BOOT_TOKEN_H

#include "err.h"
#include "manifest.h"

struct boot_token {
	char hex[PAYLOAD_TOKEN_HEX + 1]; /* "" when the archive has none */
};

/*
 * Reads the token at PATH into T, then overwrites the file with zeros (the
 * initramfs lives in RAM the guest's kernel inherits) and removes it. No
 * file: an empty token. Anything but PAYLOAD_TOKEN_HEX hex digits fails.
 */
int boot_token_take(struct boot_token *t, const char *path, struct err *err);

/* Forgets the token: explicit_bzero, which the compiler may not drop. */
void boot_token_wipe(struct boot_token *t);

#endif
