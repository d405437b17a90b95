/* SPDX-License-Identifier: MIT */
#include "image.h"

#include <string.h>


int image_open(struct image *img, const char *path, struct err *err)
{
	enum slot_lookup found;

	memset(img, 0, sizeof(*img));
	img->file.fd = -1;
	if (file_map(path, &img->file, err) < 0 ||
	    bzimage_parse(&img->bz, img->file.data, img->file.size, err) < 0 ||
	    pe_parse(&img->pe, img->file.data, img->file.size, err) < 0 ||
	    bzimage_decompress(&img->bz, &img->vmlinux, err) < 0)
		goto fail;
	img->injector = stub_image_params(&img->bz);
	found = vmlinux_find_initramfs(img->vmlinux, img->bz.output_len, &img->slot, err);
	if (found == SLOT_MALFORMED)
		goto fail;
	img->has_slot = found == SLOT_FOUND;
	return 0;
fail:
	image_close(img);
	return -1;
}

unsigned image_entries(const struct image *img)
{
	const struct setup_header *h = img->bz.hdr;
	unsigned e = IMAGE_ENTRY_16 | IMAGE_ENTRY_32;

	if (h->xloadflags & XLF_KERNEL_64)
		e |= IMAGE_ENTRY_64;
	if (h->handover_offset && (h->xloadflags & (XLF_EFI_HANDOVER_32 | XLF_EFI_HANDOVER_64)))
		e |= IMAGE_ENTRY_HANDOVER;
	if (img->pe.coff && img->pe.entry_point)
		e |= IMAGE_ENTRY_PE;
	return e;
}

void image_close(struct image *img)
{
	bzimage_output_free(&img->bz, img->vmlinux);
	file_unmap(&img->file);
	memset(img, 0, sizeof(*img));
}
