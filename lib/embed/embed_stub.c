/* SPDX-License-Identifier: MIT */
#include "embed_stub.h"

#include <stdlib.h>
#include <string.h>

#include "util/align.h"
#include "image/pe.h"

/* The stub blob, linked in by stub_blob.S. */
extern const uint8_t stub_blob[], stub_blob_end[];

static const uint8_t zeros[STUB_ARCHIVE_ALIGN];

static const struct stub_params *blob_params(struct err *err)
{
	const struct stub_params *p = (const void *)(stub_blob + STUB_PARAMS_OFFSET);

	if (p->magic != STUB_MAGIC || p->abi_version != STUB_ABI_VERSION ||
	    p->params_size != sizeof(*p) || p->stub_size != (size_t)(stub_blob_end - stub_blob) ||
	    p->boot_copy_offset > p->stub_size - SETUP_HEADER_OFFSET || p->efi_entry >= p->stub_size) {
		err_set(err, "internal error: the built-in boot stub is inconsistent");
		return NULL;
	}
	return p;
}

/*
 * The stock PE entry and the EFI handover entry land in the original part
 * and would boot without the archive: the handover entry goes, and a PE
 * header of our own replaces the stock one, its entry the stub's EFI entry.
 * A stock kernel without a PE32+ header (no EFI stub) gets none.
 */
static int write_pe(struct embed_stub_build *b, const struct bzimage *stock,
		    const struct pe_image *pe, const struct stub_params *p, struct err *err)
{
	struct pe_stub_layout l = {
		.setup_size = (uint32_t)stock->setup_size,
		.stub_size = p->stub_size,
		.file_size = (uint32_t)(stock->setup_size + p->orig_offset + p->orig_pm_size),
		.entry = (uint32_t)stock->setup_size + p->efi_entry,
	};

	b->efi_entry = pe->coff && pe->opt_magic == PE_OPT_MAGIC_PE32PLUS;
	if (b->efi_entry)
		return pe_write_stub(b->setup, &l, err);
	memset(b->setup + PE_OFFSET_FIELD, 0, sizeof(uint32_t));
	return 0;
}

/* The new setup code: every field that moves or grows, and the PE entry ours. */
static int rewrite_setup(struct embed_stub_build *b, const struct bzimage *stock,
			 const struct pe_image *pe, struct stub_params *p, struct err *err)
{
	struct setup_header *h;

	if (!(b->setup = malloc(stock->setup_size)))
		return err_set(err, "out of memory");
	memcpy(b->setup, stock->data, stock->setup_size);
	h = (struct setup_header *)(b->setup + SETUP_HEADER_OFFSET);
	p->orig_handover_offset = h->handover_offset;
	p->orig_xloadflags = h->xloadflags;

	h->syssize = (uint32_t)((p->orig_offset + p->orig_pm_size + 15) / 16);
	h->payload_offset += p->orig_offset;
	if (h->kernel_info_offset)
		h->kernel_info_offset += p->orig_offset;
	h->init_size = p->new_init_size;
	h->handover_offset = 0;
	h->xloadflags &= (uint16_t) ~(XLF_EFI_HANDOVER_32 | XLF_EFI_HANDOVER_64);
	/* A cut signature must not stay announced in the restorable header. */
	if (b->signature_stripped)
		memset(b->setup + ((const uint8_t *)pe->cert - stock->data), 0, sizeof(*pe->cert));
	memcpy(b->stub + p->boot_copy_offset, b->setup, SETUP_HEADER_OFFSET);
	return write_pe(b, stock, pe, p, err);
}

/* init_size, as stub_abi.h explains: the loader's window must hold it all. */
static int new_init_size(const struct bzimage *stock, const struct stub_params *p, uint32_t *out,
			 struct err *err)
{
	uint64_t align = stock->hdr->kernel_alignment ? stock->hdr->kernel_alignment : 1;
	uint64_t run = (p->orig_offset + align - 1) / align * align + stock->hdr->init_size;
	uint64_t file = (uint64_t)p->orig_offset + p->orig_pm_size;
	uint64_t size = align_up((run > file ? run : file) + p->scratch_size, STUB_ALIGN);

	if (size > UINT32_MAX)
		return err_set(err, "the injector kernel would need init_size %llu, over 4 GiB",
			       (unsigned long long)size);
	*out = (uint32_t)size;
	return 0;
}

static int fill_params(struct embed_stub_build *b, const struct bzimage *stock, size_t end,
		       size_t archive_size, struct err *err)
{
	const struct stub_params *blob = blob_params(err);
	struct stub_params *p;
	uint32_t init_size = 0;

	if (!blob)
		return -1;
	if (archive_size == 0 || archive_size > UINT32_MAX - 2 * STUB_ALIGN - blob->stub_size)
		return err_set(err, "archive size %zu is out of range", archive_size);
	if (!(b->stub = malloc(blob->stub_size)))
		return err_set(err, "out of memory");
	memcpy(b->stub, stub_blob, blob->stub_size);
	p = (struct stub_params *)(b->stub + STUB_PARAMS_OFFSET);
	p->archive_offset = p->stub_size;
	p->archive_size = (uint32_t)archive_size;
	p->orig_offset = (uint32_t)(p->stub_size + align_up(archive_size, STUB_ARCHIVE_ALIGN));
	p->orig_pm_size = (uint32_t)(end - stock->setup_size);
	p->orig_init_size = stock->hdr->init_size;
	p->orig_syssize = stock->hdr->syssize;
	p->flags = 0;
	if (new_init_size(stock, p, &init_size, err) < 0)
		return -1;
	p->new_init_size = init_size;
	return 0;
}

int embed_stub_build(struct embed_stub_build *b, const struct bzimage *stock, const uint8_t *archive,
		   size_t archive_size, struct err *err)
{
	struct stub_params *p;
	struct pe_image pe;
	size_t end;

	memset(b, 0, sizeof(*b));
	if (pe_parse(&pe, stock->data, stock->size, err) < 0 ||
	    pe_unsigned_end(&pe, stock->size, stock->setup_size + stock->pm_size, &end, err) < 0)
		return -1;
	b->signature_stripped = end != stock->size;
	if (fill_params(b, stock, end, archive_size, err) < 0)
		goto fail;
	p = (struct stub_params *)(b->stub + STUB_PARAMS_OFFSET);
	if (rewrite_setup(b, stock, &pe, p, err) < 0)
		goto fail;
	b->parts[0] = (struct out_part){ b->setup, stock->setup_size };
	b->parts[1] = (struct out_part){ b->stub, p->stub_size };
	b->parts[2] = (struct out_part){ archive, archive_size };
	b->parts[3] = (struct out_part){ zeros, align_up(archive_size, STUB_ARCHIVE_ALIGN) - archive_size };
	b->parts[4] = (struct out_part){ stock->data + stock->setup_size, p->orig_pm_size };
	return 0;
fail:
	embed_stub_build_free(b);
	return -1;
}

void embed_stub_build_free(struct embed_stub_build *b)
{
	free(b->setup);
	free(b->stub);
	memset(b, 0, sizeof(*b));
}
