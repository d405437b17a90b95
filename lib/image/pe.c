/* SPDX-License-Identifier: MIT */
#include "pe.h"

#include <string.h>

static int in_file(size_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

/* Finds the data directories of either optional-header flavour. */
static int opt_header(struct pe_image *pe, const uint8_t *opt, size_t opt_size,
		      const struct pe_data_dir **dirs, uint32_t *ndirs, struct err *err)
{
	const struct pe32plus_opt_header *o64 = (const void *)opt;
	const struct pe32_opt_header *o32 = (const void *)opt;
	size_t fixed;

	if (opt_size < 2)
		return err_set(err, "PE optional header is missing");
	pe->opt_magic = o64->magic;
	if (pe->opt_magic == PE_OPT_MAGIC_PE32PLUS) {
		fixed = sizeof(*o64);
		if (opt_size < fixed)
			return err_set(err, "PE32+ optional header is truncated");
		pe->entry_point = o64->entry_point;
		*ndirs = o64->ndata_dirs;
		*dirs = o64->data_dirs;
	} else if (pe->opt_magic == PE_OPT_MAGIC_PE32) {
		fixed = sizeof(*o32);
		if (opt_size < fixed)
			return err_set(err, "PE32 optional header is truncated");
		pe->entry_point = o32->entry_point;
		*ndirs = o32->ndata_dirs;
		*dirs = o32->data_dirs;
	} else {
		return err_set(err, "PE optional header has unknown magic 0x%04x", pe->opt_magic);
	}
	if (*ndirs > (opt_size - fixed) / sizeof(**dirs))
		return err_set(err, "PE optional header declares %u data directories, room for %zu",
			       *ndirs, (opt_size - fixed) / sizeof(**dirs));
	return 0;
}

static int read_cert(struct pe_image *pe, const struct pe_data_dir *dirs, uint32_t ndirs,
		     size_t size, struct err *err)
{
	if (ndirs <= PE_DIR_CERTIFICATE)
		return 0;
	pe->cert = &dirs[PE_DIR_CERTIFICATE];
	if (pe->cert->size && !in_file(size, pe->cert->rva, pe->cert->size))
		return err_set(err, "PE certificate table (offset 0x%x, %u bytes) lies outside "
			       "the file", pe->cert->rva, pe->cert->size);
	return 0;
}

int pe_parse(struct pe_image *pe, const uint8_t *data, size_t size, struct err *err)
{
	const struct pe_data_dir *dirs = NULL;
	uint32_t lfanew, ndirs = 0;
	uint16_t mz;
	size_t opt_off, sec_off;

	memset(pe, 0, sizeof(*pe));
	if (size < PE_OFFSET_FIELD + 4)
		return 0;
	memcpy(&mz, data, 2);
	memcpy(&lfanew, data + PE_OFFSET_FIELD, 4);
	if (mz != MZ_MAGIC || !in_file(size, lfanew, sizeof(*pe->coff)) ||
	    memcmp(data + lfanew, "PE\0\0", 4) != 0)
		return 0;
	pe->coff = (const struct coff_header *)(data + lfanew);
	opt_off = lfanew + sizeof(*pe->coff);
	if (!in_file(size, opt_off, pe->coff->opt_header_size))
		return err_set(err, "PE optional header lies outside the file");
	if (opt_header(pe, data + opt_off, pe->coff->opt_header_size, &dirs, &ndirs, err) < 0)
		return -1;
	sec_off = opt_off + pe->coff->opt_header_size;
	if (pe->coff->nsections > PE_MAX_SECTIONS ||
	    !in_file(size, sec_off, (uint64_t)pe->coff->nsections * sizeof(struct pe_section)))
		return err_set(err, "PE section table (%u sections) lies outside the file",
			       pe->coff->nsections);
	pe->sections = (const struct pe_section *)(data + sec_off);
	return read_cert(pe, dirs, ndirs, size, err);
}

int pe_is_signed(const struct pe_image *pe)
{
	return pe->cert && pe->cert->size != 0;
}

int pe_unsigned_end(const struct pe_image *pe, size_t size, size_t content_end, size_t *end,
		    struct err *err)
{
	*end = size;
	if (!pe_is_signed(pe))
		return 0;
	if ((uint64_t)pe->cert->rva + pe->cert->size != size || pe->cert->rva < content_end)
		return err_set(err, "Authenticode signature is not at the end of the file");
	*end = pe->cert->rva;
	return 0;
}
