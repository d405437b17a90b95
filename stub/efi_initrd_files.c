/* SPDX-License-Identifier: MIT */
#include "efi_initrd_files.h"

#define PATH_MAX_CHARS 512

static const struct efi_guid simple_fs_guid = {
	0x964e5b22, 0x6459, 0x11d2, { 0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b }
};
static const uint16_t key[] = { 'i', 'n', 'i', 't', 'r', 'd', '=' };

#define KEY_CHARS (sizeof(key) / sizeof(key[0]))

/* The value at OPTS[i] when an initrd= token starts there: its length, else 0. */
static uint32_t initrd_value(const uint16_t *opts, uint32_t n, uint32_t i)
{
	uint32_t end;

	if ((i > 0 && opts[i - 1] != ' ') || n - i < KEY_CHARS)
		return 0;
	for (uint32_t k = 0; k < KEY_CHARS; k++)
		if (opts[i + k] != key[k])
			return 0;
	for (end = i + KEY_CHARS; end < n && opts[end] && opts[end] != ' '; end++)
		;
	return end - i - KEY_CHARS;
}

/* One file's size, and its bytes at DST when DST is not NULL. */
static efi_status one_file(struct efi_initrd_files *f, struct efi_file *root, const uint16_t *path,
			   uint8_t *dst, uint64_t *size)
{
	struct efi_file *file;
	uint64_t got;
	efi_status s;

	if ((s = root->open(root, &file, path, EFI_FILE_MODE_READ, 0))) {
		f->failed = "cannot open an initrd= file";
		return s;
	}
	s = file->set_position(file, EFI_FILE_END);
	if (!s)
		s = file->get_position(file, size);
	if (!s && dst) {
		got = *size;
		s = file->set_position(file, 0);
		if (!s)
			s = file->read(file, &got, dst);
		if (!s && got != *size)
			s = EFI_LOAD_ERROR;
	}
	file->close(file);
	if (s)
		f->failed = "cannot read an initrd= file";
	return s;
}

static efi_status open_root(struct efi_initrd_files *f, struct efi_file **root)
{
	struct efi_simple_fs *fs;

	if (f->bs->handle_protocol(f->li->device, &simple_fs_guid, (void **)&fs) ||
	    fs->open_volume(fs, root)) {
		f->failed = "initrd= given, but the stub's volume cannot be read";
		return EFI_NOT_FOUND;
	}
	return 0;
}

efi_status efi_initrd_files_read(struct efi_initrd_files *f, uint8_t *dst, uint64_t *size)
{
	const uint16_t *opts = f->li->load_options;
	uint32_t n = f->li->load_options_size / sizeof(uint16_t), len;
	struct efi_file *root = 0;
	uint16_t path[PATH_MAX_CHARS + 1];
	uint64_t one = 0;
	efi_status s = 0;

	*size = 0;
	for (uint32_t i = 0; opts && i < n && !s; i++) {
		if (!(len = initrd_value(opts, n, i)))
			continue;
		if (len > PATH_MAX_CHARS) {
			f->failed = "an initrd= path is too long";
			s = EFI_INVALID_PARAMETER;
			break;
		}
		for (uint32_t k = 0; k < len; k++) /* the kernel takes / for \ too */
			path[k] = opts[i + KEY_CHARS + k] == '/' ? '\\' : opts[i + KEY_CHARS + k];
		path[len] = 0;
		if (!root && (s = open_root(f, &root)))
			break;
		s = one_file(f, root, path, dst ? dst + *size : 0, &one);
		*size += one;
		i += KEY_CHARS + len;
	}
	if (root)
		root->close(root);
	return s;
}
