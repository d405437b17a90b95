/* SPDX-License-Identifier: MIT */
/* The PE header of a stub-method injector kernel (layout in pe.h). */
#include "pe.h"

#include <string.h>

#include "bootparam.h"

_Static_assert(PE_STUB_SETUP_START <= SETUP_HEADER_OFFSET,
	       "the PE header and .reloc must end before the setup header");

static void section(struct pe_section *s, const char *name, uint32_t start, uint32_t end,
		    uint32_t flags)
{
	strncpy(s->name, name, sizeof(s->name));
	s->virtual_address = s->raw_offset = start;
	s->virtual_size = s->raw_size = end - start;
	s->characteristics = flags;
}

static void opt_header(struct pe32plus_opt_header *o, const struct pe_stub_layout *l)
{
	o->magic = PE_OPT_MAGIC_PE32PLUS;
	o->code_size = l->stub_size;
	o->data_size = l->file_size - l->stub_size - PE_STUB_HEADERS_END;
	o->entry_point = l->entry;
	o->code_base = l->setup_size;
	o->image_base = 0x100000; /* anywhere: .reloc says nothing needs moving */
	o->section_align = o->file_align = PE_STUB_ALIGN;
	/* Major 1: the kernel takes its initrd through LoadFile2 (loaders check it). */
	o->image_major = 1;
	o->image_size = l->file_size;
	o->headers_size = PE_STUB_HEADERS_END;
	o->subsystem = PE_SUBSYSTEM_EFI_APPLICATION;
	o->ndata_dirs = PE_STUB_DIRS;
	o->data_dirs[PE_DIR_BASERELOC] =
	    (struct pe_data_dir){ PE_STUB_HEADERS_END, sizeof(struct pe_reloc_block) };
}

int pe_write_stub(uint8_t *setup, const struct pe_stub_layout *l, struct err *err)
{
	uint32_t lfanew = PE_STUB_HEADER_OFFSET, data = l->setup_size + l->stub_size;
	struct coff_header *coff = (struct coff_header *)(setup + lfanew);
	struct pe32plus_opt_header *opt = (struct pe32plus_opt_header *)(coff + 1);
	struct pe_section *s = (struct pe_section *)&opt->data_dirs[PE_STUB_DIRS];
	uint16_t mz = MZ_MAGIC;

	if (l->file_size % PE_STUB_ALIGN || l->setup_size % PE_STUB_ALIGN || data >= l->file_size ||
	    l->entry < l->setup_size || l->entry >= data)
		return err_set(err, "internal error: no PE layout for this image");
	memset(setup + PE_OFFSET_FIELD, 0, PE_STUB_SETUP_START - PE_OFFSET_FIELD);
	memcpy(setup, &mz, sizeof(mz));
	memcpy(setup + PE_OFFSET_FIELD, &lfanew, sizeof(lfanew));
	*coff = (struct coff_header){ .signature = PE_MAGIC,
				      .machine = PE_MACHINE_X86_64,
				      .nsections = PE_STUB_SECTIONS,
				      .opt_header_size =
					  sizeof(*opt) + PE_STUB_DIRS * sizeof(struct pe_data_dir),
				      .characteristics = PE_IMAGE_FLAGS };
	opt_header(opt, l);
	section(&s[0], ".reloc", PE_STUB_HEADERS_END, PE_STUB_SETUP_START,
		PE_SCN_DATA | PE_SCN_READ | PE_SCN_DISCARDABLE);
	section(&s[1], ".setup", PE_STUB_SETUP_START, l->setup_size, PE_SCN_DATA | PE_SCN_READ);
	section(&s[2], ".text", l->setup_size, data, PE_SCN_CODE | PE_SCN_EXEC | PE_SCN_READ);
	section(&s[3], ".data", data, l->file_size, PE_SCN_DATA | PE_SCN_READ | PE_SCN_WRITE);
	*(struct pe_reloc_block *)(setup + PE_STUB_HEADERS_END) =
	    (struct pe_reloc_block){ 0, sizeof(struct pe_reloc_block), 0 };
	return 0;
}
