/* SPDX-License-Identifier: MIT */
#include "vmlinux.h"

#include <gelf.h>
#include <string.h>

#include "codec/codec.h"
#include "cpio/cpio_read.h"

#define NOTE_GNU_NAME "GNU"

/* libelf only reads the buffer: ELF_C_READ does not write through it. */
static Elf *elf_open(const uint8_t *data, size_t size, struct err *err)
{
	Elf *e;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		err_set(err, "libelf: %s", elf_errmsg(-1));
		return NULL;
	}
	e = elf_memory((char *)data, size);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		err_set(err, "decompressed payload is not an ELF file");
		elf_end(e);
		return NULL;
	}
	return e;
}

static void read_build_id(Elf *e, const GElf_Phdr *ph, struct vmlinux_info *info)
{
	Elf_Data *d = elf_getdata_rawchunk(e, (int64_t)ph->p_offset, ph->p_filesz, ELF_T_NHDR);
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	while (d && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == sizeof(NOTE_GNU_NAME) &&
		    memcmp((char *)d->d_buf + name_off, NOTE_GNU_NAME, nh.n_namesz) == 0 &&
		    nh.n_descsz <= BUILD_ID_MAX) {
			memcpy(info->build_id, (char *)d->d_buf + desc_off, nh.n_descsz);
			info->build_id_len = nh.n_descsz;
			return;
		}
	}
}

static int read_segments(Elf *e, struct vmlinux_info *info, struct err *err)
{
	size_t n;
	GElf_Phdr ph;

	if (elf_getphdrnum(e, &n) < 0)
		return err_set(err, "vmlinux program headers: %s", elf_errmsg(-1));
	for (size_t i = 0; i < n; i++) {
		if (!gelf_getphdr(e, (int)i, &ph))
			return err_set(err, "vmlinux program header %zu: %s", i, elf_errmsg(-1));
		if (ph.p_type == PT_NOTE && !info->build_id_len)
			read_build_id(e, &ph, info);
		if (ph.p_type != PT_LOAD)
			continue;
		if (info->nloads == VMLINUX_MAX_LOADS)
			return err_set(err, "vmlinux has more than %d PT_LOAD segments",
				       VMLINUX_MAX_LOADS);
		info->loads[info->nloads++] = (struct vmlinux_segment){
			ph.p_offset, ph.p_vaddr, ph.p_paddr, ph.p_filesz, ph.p_memsz, ph.p_flags
		};
	}
	return 0;
}

int vmlinux_describe(const uint8_t *elf, size_t size, struct vmlinux_info *info,
		     struct err *err)
{
	Elf *e = elf_open(elf, size, err);
	GElf_Ehdr eh;
	int ret;

	if (!e)
		return -1;
	memset(info, 0, sizeof(*info));
	if (!gelf_getehdr(e, &eh)) {
		ret = err_set(err, "vmlinux ELF header: %s", elf_errmsg(-1));
	} else {
		info->elf_class = eh.e_ident[EI_CLASS] == ELFCLASS64 ? 64 : 32;
		info->machine = eh.e_machine;
		ret = read_segments(e, info, err);
	}
	elf_end(e);
	return ret;
}

/* The file range of the section called NAME; 0 when there is none. */
static int find_section(Elf *e, const char *name, GElf_Shdr *out, struct err *err)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(e, &shstrndx) < 0)
		return err_set(err, "vmlinux section names: %s", elf_errmsg(-1));
	while ((scn = elf_nextscn(e, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, out))
			return err_set(err, "vmlinux section header: %s", elf_errmsg(-1));
		n = elf_strptr(e, shstrndx, out->sh_name);
		if (n && strcmp(n, name) == 0)
			return 1;
	}
	return 0;
}

static int looks_like_archive(const uint8_t *p, size_t len)
{
	return (len >= 6 && memcmp(p, CPIO_NEWC_MAGIC, strlen(CPIO_NEWC_MAGIC)) == 0) || codec_detect(p, len);
}

/* Places the archive before the size word at WORD, as INIT_RAM_FS aligns it. */
static int place_slot(const uint8_t *elf, const GElf_Shdr *sh, size_t word,
		      struct initramfs_slot *slot)
{
	uint64_t word_addr = sh->sh_addr + (word - sh->sh_offset);

	for (uint64_t pad = 0; pad < 8; pad++) {
		uint64_t start_addr = word_addr - slot->size - pad;
		size_t start = word - slot->size - pad;

		if (slot->size + pad > word - sh->sh_offset)
			break;
		if (start_addr % 4 || ((start_addr + slot->size + 7) & ~7ull) != word_addr)
			continue;
		if (looks_like_archive(elf + start, slot->size)) {
			slot->offset = start;
			return 1;
		}
	}
	return 0;
}

static int slot_in_section(const uint8_t *elf, size_t size, const GElf_Shdr *sh, int elf_class,
			   struct initramfs_slot *slot)
{
	uint64_t value = 0;
	size_t word;

	if (sh->sh_type != SHT_PROGBITS || sh->sh_offset > size ||
	    sh->sh_size > size - sh->sh_offset)
		return 0;
	slot->size_word_len = elf_class == 64 ? 8 : 4;
	if (sh->sh_size < slot->size_word_len)
		return 0;
	word = sh->sh_offset + sh->sh_size - slot->size_word_len;
	memcpy(&value, elf + word, slot->size_word_len);
	if (value == 0 || value > sh->sh_size)
		return 0;
	slot->size = value;
	slot->size_word_offset = word;
	return place_slot(elf, sh, word, slot);
}

enum slot_lookup vmlinux_find_initramfs(const uint8_t *elf, size_t size,
					struct initramfs_slot *slot, struct err *err)
{
	Elf *e = elf_open(elf, size, err);
	GElf_Shdr sh;
	int found;

	if (!e)
		return SLOT_MALFORMED;
	memset(slot, 0, sizeof(*slot));
	found = find_section(e, ".init.data", &sh, err);
	if (found > 0)
		found = slot_in_section(elf, size, &sh,
					gelf_getclass(e) == ELFCLASS64 ? 64 : 32, slot);
	elf_end(e);
	return found < 0 ? SLOT_MALFORMED : found ? SLOT_FOUND : SLOT_ABSENT;
}
