/* SPDX-License-Identifier: MIT */
/*
 * Secure Boot and the stock kernel the EFI entry starts: the administrator
 * signed the injector image, which carries the stock kernel's bytes, but the
 * copy the stub rebuilds cannot carry a signature of its own (Debian's is
 * cut, and its key is not in db). As systemd-stub does for a UKI's .linux,
 * the stub lets exactly that buffer through LoadImage by standing in for the
 * firmware's Security and Security2 architectural protocols, and puts the
 * firmware's functions back right after. Without Secure Boot the firmware's
 * own functions accept the image anyway.
 */
#ifndef STUB_EFI_SECURITY_H
#define STUB_EFI_SECURITY_H

#include "efi.h"

/* From now until efi_security_restore(), PATH with BUFFER[0, SIZE) passes the firmware's check. */
void efi_security_override(struct efi_boot_services *bs, const struct efi_device_path *path,
			   const void *buffer, uint64_t size);

/* The firmware's own checks again. */
void efi_security_restore(void);

#endif
