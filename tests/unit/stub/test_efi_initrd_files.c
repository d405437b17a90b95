/* SPDX-License-Identifier: MIT */
/*
 * efi_initrd_files_read() against a fake volume: which initrd= tokens of a
 * UCS-2 LoadOptions count, the order the files are joined in, / taken for \,
 * and the failures (no volume, a missing file, a path too long).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "stub/efi_initrd_files.h"

struct fake_file {
	struct efi_file proto; /* first: the callbacks get it back */
	const char *name, *data;
	uint64_t pos;
};

static struct fake_file files[] = {
	{ .name = "\\a.cpio", .data = "AAAA" },
	{ .name = "\\dir\\b.cpio", .data = "BBBBBBBB" },
};
static struct fake_file root;
static int opened, closed;

static int same_name(const uint16_t *u, const char *s)
{
	for (; *s && *u == (uint8_t)*s; s++)
		u++;
	return !*s && !*u;
}

static EFIAPI efi_status f_close(struct efi_file *self)
{
	(void)self;
	closed++;
	return 0;
}

static EFIAPI efi_status f_set(struct efi_file *self, uint64_t pos)
{
	struct fake_file *f = (struct fake_file *)self;

	f->pos = pos == EFI_FILE_END ? strlen(f->data) : pos;
	return 0;
}

static EFIAPI efi_status f_get(struct efi_file *self, uint64_t *pos)
{
	*pos = ((struct fake_file *)self)->pos;
	return 0;
}

static EFIAPI efi_status f_read(struct efi_file *self, uint64_t *size, void *buf)
{
	struct fake_file *f = (struct fake_file *)self;
	uint64_t left = strlen(f->data) - f->pos;

	*size = *size < left ? *size : left;
	memcpy(buf, f->data + f->pos, *size);
	f->pos += *size;
	return 0;
}

static EFIAPI efi_status f_open(struct efi_file *self, struct efi_file **out, const uint16_t *name,
				uint64_t mode, uint64_t attributes)
{
	(void)self;
	(void)attributes;
	assert_int_equal(mode, EFI_FILE_MODE_READ);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (same_name(name, files[i].name)) {
			files[i].proto = root.proto;
			*out = &files[i].proto;
			opened++;
			return 0;
		}
	}
	return EFI_NOT_FOUND;
}

static EFIAPI efi_status open_volume(struct efi_simple_fs *self, struct efi_file **out)
{
	(void)self;
	*out = &root.proto;
	opened++;
	return 0;
}

static struct efi_simple_fs volume = { 0, open_volume };
static int have_volume;

static EFIAPI efi_status handle_protocol(efi_handle h, const struct efi_guid *g, void **iface)
{
	(void)h;
	if (!have_volume || g->d1 != 0x964e5b22)
		return EFI_UNSUPPORTED;
	*iface = &volume;
	return 0;
}

static struct efi_boot_services bs = { .handle_protocol = handle_protocol };
static uint16_t opts[640];
static struct efi_loaded_image li;

static void options(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++)
		opts[i] = (uint8_t)s[i];
	li.load_options = opts;
	li.load_options_size = n * sizeof(uint16_t);
}

static int setup(void **state)
{
	(void)state;
	root.proto = (struct efi_file){ .open = f_open,
					.close = f_close,
					.read = f_read,
					.get_position = f_get,
					.set_position = f_set };
	opened = closed = 0;
	have_volume = 1;
	return 0;
}

static efi_status read_all(char *out, uint64_t *size, const char **failed)
{
	struct efi_initrd_files f = { &bs, &li, 0 };
	efi_status s = efi_initrd_files_read(&f, NULL, size);

	if (!s)
		s = efi_initrd_files_read(&f, (uint8_t *)out, size);
	*failed = f.failed;
	return s;
}

static void joined_in_order(void **state)
{
	char out[64] = { 0 };
	const char *failed;
	uint64_t size;

	(void)state;
	options("console=ttyS0 initrd=/dir/b.cpio quiet initrd=\\a.cpio");
	assert_int_equal(read_all(out, &size, &failed), 0);
	assert_int_equal(size, 12);
	assert_string_equal(out, "BBBBBBBBAAAA");
	assert_int_equal(opened, closed);
}

static void other_tokens_ignored(void **state)
{
	char out[8] = { 0 };
	const char *failed;
	uint64_t size = 99;

	(void)state;
	have_volume = 0; /* never needed */
	options("xinitrd=\\a.cpio injector.initrd=/boot/x initrd");
	assert_int_equal(read_all(out, &size, &failed), 0);
	assert_int_equal(size, 0);
	options("");
	li.load_options = NULL;
	assert_int_equal(read_all(out, &size, &failed), 0);
	assert_int_equal(size, 0);
}

static void failures(void **state)
{
	char out[8], longer[600] = "initrd=";
	const char *failed;
	uint64_t size;

	(void)state;
	options("initrd=\\missing.cpio");
	assert_int_equal(read_all(out, &size, &failed), EFI_NOT_FOUND);
	assert_string_equal(failed, "cannot open an initrd= file");
	assert_int_equal(opened, closed);
	have_volume = 0;
	options("initrd=\\a.cpio");
	assert_int_not_equal(read_all(out, &size, &failed), 0);
	assert_string_equal(failed, "initrd= given, but the stub's volume cannot be read");
	memset(longer + 7, 'x', 520);
	longer[527] = 0;
	options(longer);
	assert_int_equal(read_all(out, &size, &failed), EFI_INVALID_PARAMETER);
	assert_string_equal(failed, "an initrd= path is too long");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(joined_in_order, setup),
		cmocka_unit_test_setup(other_tokens_ignored, setup),
		cmocka_unit_test_setup(failures, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
