/* SPDX-License-Identifier: MIT */
/*
 * Overwriting the function pointers inside the firmware's protocol instances
 * is not in any specification, but it is what systemd-stub and shim do:
 * LoadImage looks the protocols up once and calls through these instances.
 * The state is static (the hooks get the firmware's instance, not ours); the
 * PE sections are 32-byte aligned, so no firmware maps the stub read-only.
 */
#include "efi_security.h"

static const struct efi_guid security_guid = {
	0xa46423e3, 0x4617, 0x49f1, { 0xb9, 0xff, 0xd1, 0xbf, 0xa9, 0x11, 0x58, 0x39 }
};
static const struct efi_guid security2_guid = {
	0x94ab2f58, 0x1438, 0x4ef1, { 0x91, 0x52, 0x18, 0x94, 0x1a, 0x3a, 0x0e, 0x68 }
};

static struct {
	struct efi_security_arch *sec;
	struct efi_security2_arch *sec2;
	efi_status(EFIAPI *orig)(struct efi_security_arch *self, uint32_t auth_status,
				 const struct efi_device_path *file);
	efi_status(EFIAPI *orig2)(struct efi_security2_arch *self,
				  const struct efi_device_path *file, void *buffer, uint64_t size,
				  uint8_t boot_policy);
	const struct efi_device_path *path;
	const void *buffer;
	uint64_t size;
} ovr;

/*
 * The firmware's check runs first, so what it does besides deciding (TPM
 * measurement) still happens; only its refusal of our own buffer is
 * overruled. Security (the older one) sees no buffer: our own path object
 * is the proof.
 */
static EFIAPI efi_status check(struct efi_security_arch *self, uint32_t auth_status,
			       const struct efi_device_path *file)
{
	efi_status s = ovr.orig(self, auth_status, file);

	return s && file && file == ovr.path ? 0 : s;
}

static EFIAPI efi_status check2(struct efi_security2_arch *self, const struct efi_device_path *file,
				void *buffer, uint64_t size, uint8_t boot_policy)
{
	efi_status s = ovr.orig2(self, file, buffer, size, boot_policy);

	return s && file && file == ovr.path && buffer == ovr.buffer && size == ovr.size ? 0 : s;
}

void efi_security_override(struct efi_boot_services *bs, const struct efi_device_path *path,
			   const void *buffer, uint64_t size)
{
	ovr.path = path;
	ovr.buffer = buffer;
	ovr.size = size;
	if (!bs->locate_protocol(&security_guid, 0, (void **)&ovr.sec) && ovr.sec) {
		ovr.orig = ovr.sec->file_authentication_state;
		ovr.sec->file_authentication_state = check;
	}
	if (!bs->locate_protocol(&security2_guid, 0, (void **)&ovr.sec2) && ovr.sec2) {
		ovr.orig2 = ovr.sec2->file_authentication;
		ovr.sec2->file_authentication = check2;
	}
}

void efi_security_restore(void)
{
	if (ovr.orig)
		ovr.sec->file_authentication_state = ovr.orig;
	if (ovr.orig2)
		ovr.sec2->file_authentication = ovr.orig2;
	ovr.orig = 0;
	ovr.orig2 = 0;
	ovr.path = 0;
}
