/* SPDX-License-Identifier: MIT */
/*
 * The PE entry (firmware LoadImage/StartImage: OVMF, systemd-boot, GRUB's
 * EFI linux/chainloader, UKIs). It reads the loader's initrd through its
 * LoadFile2 provider, or else from the initrd= files of its LoadOptions
 * (efi_initrd_files.h), publishes one provider that returns [embedded archive
 * | zero pad to a page | loader initrd] (later archives win, as on the
 * legacy path), and starts the stock kernel rebuilt from the image as an EFI
 * image of its own; the stub never jumps into its own shifted copy.
 */
#include "efi.h"
#include "efi_initrd_files.h"
#include "efi_security.h"
#include "stub.h"

#define LINE_MAX_CHARS 120

static const struct efi_guid loaded_image_guid = {
	0x5b1b31a1, 0x9562, 0x11d2, { 0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b }
};
static const struct efi_guid device_path_guid = {
	0x09576e91, 0x6d3f, 0x11d2, { 0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b }
};
static const struct efi_guid load_file2_guid = {
	0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d }
};
static const struct efi_initrd_path initrd_path = {
	{ EFI_MEDIA_DEVICE_PATH, EFI_MEDIA_VENDOR,
	  sizeof(struct efi_device_path) + sizeof(struct efi_guid) },
	{ 0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } },
	{ EFI_END_DEVICE_PATH, EFI_END_ENTIRE, sizeof(struct efi_device_path) },
};

/* Our LoadFile2 provider: the protocol first, so the callback finds the rest. */
struct provider {
	struct efi_load_file2 proto;
	uint64_t addr, size;
};

struct efi_run {
	struct efi_system_table *st;
	struct efi_boot_services *bs;
	efi_handle image;
	const struct stub_params *p;
	uintptr_t base;
	struct efi_loaded_image *li;
	efi_handle old_handle; /* the loader's provider, NULL if none */
	struct efi_load_file2 *old;
	struct efi_device_path *old_rest;
	uint64_t initrd_size;
	struct efi_initrd_files files; /* the source when there is no provider */
	struct provider pv;
	efi_handle own_handle;
	struct efi_memory_path kernel_path; /* the stock kernel's buffer, for LoadImage */
};

static efi_status fail(const struct efi_run *r, const char *msg, efi_status status)
{
	static const char prefix[] = "vmlinuz-tool stub: ";
	uint16_t line[LINE_MAX_CHARS + 3];
	unsigned n = 0;

	for (const char *s = prefix; *s && n < LINE_MAX_CHARS; s++)
		line[n++] = (uint8_t)*s;
	for (const char *s = msg; *s && n < LINE_MAX_CHARS; s++)
		line[n++] = (uint8_t)*s;
	line[n++] = '\r';
	line[n++] = '\n';
	line[n] = 0;
	if (r->st->con_out)
		r->st->con_out->output_string(r->st->con_out, line);
	return status;
}

static EFIAPI efi_status provide(struct efi_load_file2 *self, struct efi_device_path *path,
				 uint8_t boot_policy, uint64_t *size, void *buffer)
{
	const struct provider *pv = (const struct provider *)self;

	(void)path;
	if (boot_policy)
		return EFI_UNSUPPORTED;
	if (!size)
		return EFI_INVALID_PARAMETER;
	if (!buffer || *size < pv->size) {
		*size = pv->size;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(buffer, (const void *)(uintptr_t)pv->addr, pv->size);
	*size = pv->size;
	return 0;
}

/* The loader's initrd provider and its size, if one is installed, else its initrd= files. */
static efi_status find_loader_initrd(struct efi_run *r)
{
	struct efi_device_path *path = (struct efi_device_path *)&initrd_path;
	efi_status s;

	if (r->bs->locate_device_path(&load_file2_guid, &path, &r->old_handle)) {
		r->old_handle = 0;
		r->files = (struct efi_initrd_files){ r->bs, r->li, 0 };
		s = efi_initrd_files_read(&r->files, 0, &r->initrd_size);
		return s ? fail(r, r->files.failed, s) : 0;
	}
	if (r->bs->handle_protocol(r->old_handle, &load_file2_guid, (void **)&r->old))
		return fail(r, "the loader's initrd provider has no LoadFile2", EFI_LOAD_ERROR);
	r->old_rest = path;
	s = r->old->load_file(r->old, path, 0, &r->initrd_size, NULL);
	if (s != EFI_BUFFER_TOO_SMALL && !(s == 0 && r->initrd_size == 0))
		return fail(r, "cannot size the loader's initrd", s ? s : EFI_LOAD_ERROR);
	return 0;
}

static uint64_t pages(uint64_t size)
{
	return (size + EFI_PAGE - 1) / EFI_PAGE;
}

/* [archive | zero pad to a page | loader initrd] in fresh pages. */
static efi_status join_archives(struct efi_run *r)
{
	uint64_t padded = pages(r->p->archive_size) * EFI_PAGE;
	uint64_t size = padded + r->initrd_size, addr, got = r->initrd_size;
	efi_status s;

	if (r->bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, pages(size), &addr))
		return fail(r, "no memory for the initramfs, not booting without it",
			    EFI_LOAD_ERROR);
	memcpy((void *)(uintptr_t)addr, (const void *)(r->base + r->p->archive_offset),
	       r->p->archive_size);
	memset((void *)(uintptr_t)(addr + r->p->archive_size), 0, padded - r->p->archive_size);
	if (r->initrd_size && r->old_handle) {
		s = r->old->load_file(r->old, r->old_rest, 0, &got,
				      (void *)(uintptr_t)(addr + padded));
		if (s || got != r->initrd_size)
			return fail(r, "cannot read the loader's initrd", s ? s : EFI_LOAD_ERROR);
	} else if (r->initrd_size) {
		s = efi_initrd_files_read(&r->files, (uint8_t *)(uintptr_t)(addr + padded), &got);
		if (s || got != r->initrd_size)
			return fail(r, s ? r->files.failed : "initrd= files changed size",
				    s ? s : EFI_LOAD_ERROR);
	}
	r->pv = (struct provider){ { provide }, addr, size };
	return 0;
}

/* Ours replaces the loader's provider on its handle, or gets a handle of its own. */
static efi_status publish(struct efi_run *r)
{
	efi_status s;

	if (r->old_handle) {
		s = r->bs->reinstall_protocol_interface(r->old_handle, &load_file2_guid, r->old,
							&r->pv.proto);
	} else {
		s = r->bs->install_protocol_interface(&r->own_handle, &device_path_guid,
						      EFI_NATIVE_INTERFACE, (void *)&initrd_path);
		if (!s)
			s = r->bs->install_protocol_interface(&r->own_handle, &load_file2_guid,
							      EFI_NATIVE_INTERFACE, &r->pv.proto);
	}
	return s ? fail(r, "cannot publish the initramfs (LoadFile2)", s) : 0;
}

static void unpublish(struct efi_run *r)
{
	if (r->old_handle) {
		r->bs->reinstall_protocol_interface(r->old_handle, &load_file2_guid, &r->pv.proto,
						    r->old);
		return;
	}
	r->bs->uninstall_protocol_interface(r->own_handle, &load_file2_guid, &r->pv.proto);
	r->bs->uninstall_protocol_interface(r->own_handle, &device_path_guid, (void *)&initrd_path);
}

/* The stock kernel, rebuilt from the image, loaded as a child image. */
static efi_status load_stock(struct efi_run *r, efi_handle *kernel)
{
	const uint8_t *image = r->li->image_base;
	uint64_t setup_size = r->base - (uintptr_t)image, size = setup_size + r->p->orig_pm_size;
	struct efi_loaded_image *kli;
	uint64_t addr;
	uint8_t *buf;
	efi_status s;

	if (r->bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, pages(size), &addr))
		return fail(r, "no memory for the kernel image", EFI_LOAD_ERROR);
	buf = (uint8_t *)(uintptr_t)addr;
	memcpy(buf, image, setup_size);
	stub_restore_setup(buf, r->p, (const uint8_t *)(r->base + r->p->boot_copy_offset));
	memcpy(buf + setup_size, (const void *)(r->base + r->p->orig_offset), r->p->orig_pm_size);
	r->kernel_path = (struct efi_memory_path){
		{ EFI_HARDWARE_DEVICE_PATH, EFI_HARDWARE_MEMMAP,
		  sizeof(struct efi_memory_path) - sizeof(struct efi_device_path) },
		EFI_LOADER_DATA,
		addr,
		addr + size - 1,
		{ EFI_END_DEVICE_PATH, EFI_END_ENTIRE, sizeof(struct efi_device_path) },
	};
	efi_security_override(r->bs, &r->kernel_path.mem, buf, size);
	s = r->bs->load_image(0, r->image, &r->kernel_path.mem, buf, size, kernel);
	efi_security_restore();
	r->bs->free_pages(addr, pages(size));
	/* Refused for its signature, the image is loaded all the same (UEFI 7.4). */
	if (s == EFI_SECURITY_VIOLATION)
		r->bs->unload_image(*kernel);
	if (s)
		return fail(
		    r, "the firmware refused the kernel image (unsigned under Secure Boot?)", s);
	if (r->bs->handle_protocol(*kernel, &loaded_image_guid, (void **)&kli))
		return fail(r, "the kernel image has no LoadedImage", EFI_LOAD_ERROR);
	/* The command line the loader gave us is the kernel's. */
	kli->load_options = r->li->load_options;
	kli->load_options_size = r->li->load_options_size;
	return 0;
}

EFIAPI efi_status stub_efi_main(efi_handle image, struct efi_system_table *st, uintptr_t base);

__attribute__((section(".text.efi"))) EFIAPI efi_status stub_efi_main(efi_handle image,
								      struct efi_system_table *st,
								      uintptr_t base)
{
	struct efi_run r = {
		.st = st, .bs = st->boot, .image = image, .base = base, .p = stub_params_at(base)
	};
	efi_handle kernel;
	efi_status s;

	if (r.p->magic != STUB_MAGIC || r.p->abi_version != STUB_ABI_VERSION || !r.p->archive_size)
		return fail(&r, "bad stub parameters", EFI_LOAD_ERROR);
	if (r.bs->handle_protocol(image, &loaded_image_guid, (void **)&r.li))
		return fail(&r, "no LoadedImage for the stub", EFI_LOAD_ERROR);
	if ((s = find_loader_initrd(&r)) || (s = join_archives(&r)) ||
	    (s = load_stock(&r, &kernel)))
		return s;
	if ((s = publish(&r))) {
		r.bs->unload_image(kernel);
		return s;
	}
	s = r.bs->start_image(kernel, NULL, NULL);
	unpublish(&r);
	return fail(&r, "the kernel returned", s ? s : EFI_LOAD_ERROR);
}
