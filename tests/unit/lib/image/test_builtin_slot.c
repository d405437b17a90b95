/* SPDX-License-Identifier: MIT */
/*
 * What builtin_slot_describe reads from a slot: the codec of the archive
 * in it (by lib/decompress.c's magics, as each compressor writes them for
 * an initramfs), the capacity up to the size word (alignment padding
 * included) and the bytes before the NUL fill; and that what
 * builtin_slot_archive_len hands a reader lists, NUL fill and all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "image/builtin_slot.h"
#include "cpio/cpio_read.h"
#include "buf_fixture.h"

#define SLOT_AT 4100 /* 4-aligned, not 8-aligned: the size word's padding shows */
#define CAPACITY 8196
#define VMLINUX_LEN (SLOT_AT + CAPACITY + 8)

static const uint8_t cpio_head[] = "070701000000010000";

/* A vmlinux with ARCHIVE (LEN bytes) in its slot and __initramfs_size of SIZE. */
static struct initramfs_slot place(uint8_t *v, const uint8_t *archive, size_t len, size_t size)
{
	memset(v, 0, VMLINUX_LEN);
	memcpy(v + SLOT_AT, archive, len);
	return (struct initramfs_slot){ SLOT_AT, size, SLOT_AT + CAPACITY, 8 };
}

static void test_codec_of_each_initramfs_stream(void **state)
{
	uint8_t in[2000], v[VMLINUX_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)('a' + i % 7 + (i % 13 == 0));
	for (size_t i = 0; i < codec_count(); i++) {
		const struct codec *c = codec_at(i);
		struct builtin_slot bs;
		struct initramfs_slot s;
		struct err err;
		uint8_t *out;
		size_t n;

		assert_int_equal(c->compress_archive(in, sizeof(in), 0, &out, &n, &err), 0);
		assert_true(n <= CAPACITY - 4);
		s = place(v, out, n, CAPACITY - 4);
		builtin_slot_describe(v, &s, &bs);
		assert_ptr_equal(bs.codec, c);
		assert_int_equal(bs.capacity, CAPACITY);
		/* A stream may end in NULs (gzip's ISIZE, lzo's end marker): a few are not counted. */
		if (bs.used > n || bs.used + 8 < n)
			fail_msg("%s: %zu bytes, %zu used", c->name, n, bs.used);
		free(out);
	}
}

static void test_uncompressed(void **state)
{
	uint8_t v[VMLINUX_LEN];
	struct builtin_slot bs;
	struct initramfs_slot s = place(v, cpio_head, sizeof(cpio_head) - 1, 512);

	(void)state;
	builtin_slot_describe(v, &s, &bs);
	assert_null(bs.codec);
	assert_int_equal(bs.capacity, CAPACITY);
	assert_int_equal(bs.used, sizeof(cpio_head) - 1);
}

static int note_hello(const char *path, void *ctx)
{
	*(int *)ctx += strcmp(path, "hello") == 0;
	return 0;
}

/* As after a builtin embed: the archive, NULs to the slot's end, the size word at its end. */
static void test_each_codec_lists_before_the_fill(void **state)
{
	static const char text[] = "some text to compress, some text to compress\n";
	struct buf cpio = buf_cpio("hello", text, sizeof(text), ARCHIVE_FILTER_NONE);
	uint8_t v[VMLINUX_LEN];

	(void)state;
	for (size_t i = 0; i < codec_count(); i++) {
		const struct codec *c = codec_at(i);
		struct initramfs_slot s;
		struct err err;
		uint8_t *out;
		size_t n;
		int seen = 0;

		assert_int_equal(c->compress_archive(cpio.data, cpio.size, 0, &out, &n, &err), 0);
		s = place(v, out, n, CAPACITY - 4);
		if (cpio_list(v + SLOT_AT, builtin_slot_archive_len(v, &s), note_hello, &seen,
			      &err) < 0)
			fail_msg("%s: %s", c->name, err.msg);
		assert_int_equal(seen, 1);
		free(out);
	}
	buf_free(&cpio);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec_of_each_initramfs_stream),
		cmocka_unit_test(test_uncompressed),
		cmocka_unit_test(test_each_codec_lists_before_the_fill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
