/* SPDX-License-Identifier: MIT */
#include "builtin_slot.h"

#include <string.h>

#include "cpio/cpio_read.h"

#define TRAILER_NAME "TRAILER!!!"
#define SIZE_WORD_64 8

static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* gen_init_cpio ends with the trailer entry, its name's NUL and NULs to 512. */
static int ends_with_trailer(const uint8_t *a, size_t n)
{
	while (n && a[n - 1] == 0)
		n--;
	return n >= strlen(TRAILER_NAME) &&
	       memcmp(a + n - strlen(TRAILER_NAME), TRAILER_NAME, strlen(TRAILER_NAME)) == 0;
}

static int verify(const uint8_t *vmlinux, const struct builtin_slot *bs, struct err *err)
{
	const struct initramfs_slot *s = &bs->slot;
	const uint8_t *a = vmlinux + s->offset;

	/* The slot's extent came from __initramfs_size: the archive must fill it. */
	if (s->size_word_len != SIZE_WORD_64)
		return err_set(err, "built-in initramfs: 32-bit kernels are not supported");
	if (!all_zero(a + s->size, bs->capacity - s->size))
		return err_set(err, "built-in initramfs: non-zero bytes between the archive "
			       "and __initramfs_size");
	if (bs->codec)
		return 0;
	if (s->size < 6 || memcmp(a, CPIO_NEWC_MAGIC, strlen(CPIO_NEWC_MAGIC)) != 0)
		return err_set(err, "built-in initramfs does not start with a newc cpio header");
	if (!ends_with_trailer(a, s->size))
		return err_set(err, "built-in initramfs does not end with a TRAILER!!! entry");
	return 0;
}

size_t builtin_slot_archive_len(const uint8_t *vmlinux, const struct initramfs_slot *slot)
{
	const uint8_t *a = vmlinux + slot->offset;
	const struct codec *c = codec_detect(a, slot->size);

	return c && c->stream_len ? c->stream_len(a, slot->size) : slot->size;
}

void builtin_slot_describe(const uint8_t *vmlinux, const struct initramfs_slot *slot,
			   struct builtin_slot *bs)
{
	const uint8_t *a = vmlinux + slot->offset;

	bs->slot = *slot;
	bs->capacity = slot->size_word_offset - slot->offset;
	bs->codec = codec_detect(a, slot->size);
	bs->used = slot->size;
	while (bs->used && !a[bs->used - 1])
		bs->used--;
}

enum slot_lookup builtin_slot_find(const uint8_t *vmlinux, size_t len, struct builtin_slot *bs,
				   struct err *err)
{
	struct initramfs_slot slot;
	enum slot_lookup found = vmlinux_find_initramfs(vmlinux, len, &slot, err);

	if (found == SLOT_ABSENT)
		err_set(err, "the kernel has no built-in initramfs slot");
	if (found != SLOT_FOUND)
		return found;
	builtin_slot_describe(vmlinux, &slot, bs);
	return verify(vmlinux, bs, err) < 0 ? SLOT_ABSENT : SLOT_FOUND;
}

struct default_list {
	unsigned seen, other;
};

static const char *const default_entries[] = { "dev", "dev/console", "root" };

static int note_entry(const char *path, void *ctx)
{
	struct default_list *d = ctx;

	while (*path == '.' || *path == '/')
		path++;
	for (unsigned i = 0; i < sizeof(default_entries) / sizeof(default_entries[0]); i++) {
		if (strcmp(path, default_entries[i]) == 0) {
			d->seen |= 1u << i;
			return 0;
		}
	}
	d->other++;
	return 0;
}

int builtin_slot_is_default(const uint8_t *vmlinux, const struct builtin_slot *bs)
{
	struct default_list d = { 0, 0 };
	struct err err;

	if (cpio_list(vmlinux + bs->slot.offset, builtin_slot_archive_len(vmlinux, &bs->slot),
		      note_entry, &d, &err) < 0)
		return 0;
	return !d.other && d.seen == (1u << 3) - 1;
}

void builtin_slot_write(uint8_t *vmlinux, const struct builtin_slot *bs, const uint8_t *archive,
			size_t size)
{
	uint64_t word = bs->capacity;

	memcpy(vmlinux + bs->slot.offset, archive, size);
	memset(vmlinux + bs->slot.offset + size, 0, bs->capacity - size);
	memcpy(vmlinux + bs->slot.size_word_offset, &word, sizeof(word));
}
