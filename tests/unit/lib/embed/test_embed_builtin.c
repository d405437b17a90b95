/* SPDX-License-Identifier: MIT */
/*
 * The builtin method on the tiny fixture kernel (VT_TINY, lz4 payload: the
 * quickest to recompress) and on Debian's 6.1 kernel: the slot checks that
 * guard every write, the rewritten slot, the untouched headers, both
 * refusals with their gaps, and signature stripping.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "embed/embed_builtin.h"
#include "image/pe.h"
#include "buf_fixture.h"

#define FIXTURE "bzImage-lz4"

static struct buf tiny;

struct opened {
	struct bzimage bz;
	uint8_t *vmlinux;
	struct builtin_slot bs;
};

/* K parsed and decompressed, its slot looked up: builtin_slot_find's result. */
static int open_kernel(struct opened *o, const struct buf *k, struct err *err)
{
	assert_int_equal(bzimage_parse(&o->bz, k->data, k->size, err), 0);
	assert_int_equal(bzimage_decompress(&o->bz, &o->vmlinux, err), 0);
	return builtin_slot_find(o->vmlinux, o->bz.output_len, &o->bs, err);
}

static void close_kernel(struct opened *o)
{
	bzimage_output_free(&o->bz, o->vmlinux);
}

static void test_fixture_slot(void **state)
{
	struct opened o;
	struct err err;

	(void)state;
	assert_int_equal(open_kernel(&o, &tiny, &err), 1);
	/* A few MiB, up to the size word, which follows 8-aligned. */
	assert_true(o.bs.slot.size > (1u << 20));
	assert_int_equal(o.bs.capacity, o.bs.slot.size_word_offset - o.bs.slot.offset);
	assert_true(o.bs.capacity - o.bs.slot.size < 8);
	assert_false(builtin_slot_is_default(o.vmlinux, &o.bs));
	close_kernel(&o);
}

static void test_debian_slot_is_default(void **state)
{
	struct buf k = buf_load("VT_KERNELS", "linux-6.1-cloud-amd64/vmlinuz");
	struct opened o;
	struct err err;

	(void)state;
	assert_int_equal(open_kernel(&o, &k, &err), 1);
	assert_int_equal(o.bs.slot.size, 512);
	assert_true(builtin_slot_is_default(o.vmlinux, &o.bs));
	close_kernel(&o);
	buf_free(&k);
}

/* A copy of the fixture's vmlinux with BYTES written at OFF (from the slot start). */
static void expect_slot_refused(const char *bytes, size_t len, long off, const char *wording)
{
	struct opened o;
	struct err err;
	size_t at;

	assert_int_equal(open_kernel(&o, &tiny, &err), 1);
	at = (size_t)((long)o.bs.slot.offset + (off < 0 ? (long)o.bs.slot.size + off : off));
	memcpy(o.vmlinux + at, bytes, len);
	assert_int_equal(builtin_slot_find(o.vmlinux, o.bz.output_len, &o.bs, &err), 0);
	if (!strstr(err.msg, wording))
		fail_msg("expected '%s' in '%s'", wording, err.msg);
	close_kernel(&o);
}

static void test_slot_checks(void **state)
{
	struct opened o;
	struct err err;
	long trailer;

	(void)state;
	assert_int_equal(open_kernel(&o, &tiny, &err), 1);
	/* Where TRAILER!!! sits, counted back from the slot's end. */
	trailer = (long)(memmem(o.vmlinux + o.bs.slot.offset, o.bs.slot.size, "TRAILER!!!", 10) -
			 (void *)(o.vmlinux + o.bs.slot.offset)) - (long)o.bs.slot.size;
	close_kernel(&o);
	/* A compressed archive is recognised by its magic alone. */
	assert_int_equal(open_kernel(&o, &tiny, &err), 1);
	memcpy(o.vmlinux + o.bs.slot.offset, "\x1f\x8b\x08", 3);
	assert_int_equal(builtin_slot_find(o.vmlinux, o.bz.output_len, &o.bs, &err), SLOT_FOUND);
	assert_string_equal(o.bs.codec->name, "gzip");
	close_kernel(&o);
	expect_slot_refused("TRAILER!!?", 10, trailer, "does not end with a TRAILER!!! entry");
	expect_slot_refused("x", 1, -1, "does not end with a TRAILER!!! entry");
	expect_slot_refused("\x00", 1, 0, "no built-in initramfs slot");
}

/* builtin_build on a fresh copy of K; *OUT is the new file when it fits. */
static int build(const struct buf *k, const struct buf *archive, struct buf *out, int *stripped,
		 struct err *err)
{
	struct embed_builtin_build b;
	struct opened o;
	int r;

	assert_int_equal(open_kernel(&o, k, err), 1);
	r = embed_builtin_build(&b, &o.bz, o.vmlinux, &o.bs, archive->data, archive->size, 0,
				err);
	if (r == BUILTIN_OK) {
		*out = buf_concat(b.parts, EMBED_BUILTIN_PARTS);
		*stripped = b.signature_stripped;
		embed_builtin_build_free(&b);
	}
	close_kernel(&o);
	return r;
}

static void test_rewrite(void **state)
{
	struct buf archive = buf_cpio("hello", "world\n", 6, ARCHIVE_FILTER_NONE), out;
	struct opened before, after;
	int stripped = 1;
	struct err err;

	(void)state;
	assert_int_equal(build(&tiny, &archive, &out, &stripped, &err), BUILTIN_OK);
	assert_false(stripped);
	/* Same length; everything but the payload's bytes is the original. */
	assert_int_equal(out.size, tiny.size);
	assert_int_equal(open_kernel(&before, &tiny, &err), 1);
	assert_memory_equal(out.data, tiny.data, before.bz.payload - tiny.data);
	assert_int_equal(open_kernel(&after, &out, &err), 1);
	assert_int_equal(after.bz.output_len, before.bz.output_len);
	assert_int_equal(after.bz.payload_len, before.bz.payload_len);
	/* The slot: the archive, NULs, a size word over the whole capacity. */
	assert_int_equal(after.bs.slot.offset, before.bs.slot.offset);
	assert_int_equal(after.bs.slot.size, before.bs.capacity);
	assert_memory_equal(after.vmlinux + after.bs.slot.offset, archive.data, archive.size);
	for (size_t i = archive.size; i < after.bs.capacity; i++)
		assert_int_equal(after.vmlinux[after.bs.slot.offset + i], 0);
	/* Outside the slot and its size word, the vmlinux is unchanged. */
	assert_memory_equal(after.vmlinux, before.vmlinux, before.bs.slot.offset);
	assert_memory_equal(after.vmlinux + before.bs.slot.size_word_offset + 8,
			    before.vmlinux + before.bs.slot.size_word_offset + 8,
			    before.bz.output_len - before.bs.slot.size_word_offset - 8);
	close_kernel(&before);
	close_kernel(&after);
	buf_free(&out);
	buf_free(&archive);
}

static void test_too_large(void **state)
{
	struct opened o;
	struct buf out, big, noise;
	uint8_t *data;
	int stripped;
	struct err err;
	char want[128];

	(void)state;
	assert_int_equal(open_kernel(&o, &tiny, &err), 1);
	data = malloc(o.bs.capacity);
	assert_non_null(data);
	srand(1);
	for (size_t i = 0; i < o.bs.capacity; i++)
		data[i] = (uint8_t)rand();
	/* One file of the whole capacity: its header makes the archive too long. */
	big = buf_cpio("big", data, o.bs.capacity, ARCHIVE_FILTER_NONE);
	assert_int_equal(build(&tiny, &big, &out, &stripped, &err), BUILTIN_ARCHIVE_TOO_LARGE);
	snprintf(want, sizeof(want), "the archive is %zu bytes, %zu more than the built-in "
		 "initramfs slot holds (%zu)", big.size, big.size - o.bs.capacity, o.bs.capacity);
	assert_string_equal(err.msg, want);
	/* Random data that fits the slot cannot compress into the old payload. */
	noise = buf_cpio("noise", data, o.bs.capacity - 4096, ARCHIVE_FILTER_NONE);
	assert_int_equal(build(&tiny, &noise, &out, &stripped, &err), BUILTIN_PAYLOAD_TOO_LARGE);
	assert_non_null(strstr(err.msg, "the recompressed payload (lz4) is "));
	assert_non_null(strstr(err.msg, "more than the original"));
	close_kernel(&o);
	free(data);
	buf_free(&big);
	buf_free(&noise);
}

/* A signed kernel: a certificate table appended and announced. */
static void test_signature_stripped(void **state)
{
	struct buf archive = buf_cpio("x", "y", 1, ARCHIVE_FILTER_NONE), out;
	struct buf s = { malloc(tiny.size + 1024), tiny.size + 1024 };
	struct pe_image pe;
	struct pe_data_dir *cert;
	int stripped = 0;
	struct err err;

	(void)state;
	assert_non_null(s.data);
	memcpy(s.data, tiny.data, tiny.size);
	memset(s.data + tiny.size, 0xa5, 1024);
	assert_int_equal(pe_parse(&pe, s.data, s.size, &err), 0);
	assert_non_null(pe.cert);
	cert = (struct pe_data_dir *)pe.cert;
	cert->rva = (uint32_t)tiny.size;
	cert->size = 1024;
	assert_int_equal(build(&s, &archive, &out, &stripped, &err), BUILTIN_OK);
	assert_true(stripped);
	assert_int_equal(out.size, tiny.size);
	assert_int_equal(pe_parse(&pe, out.data, out.size, &err), 0);
	assert_false(pe_is_signed(&pe));
	buf_free(&s);
	buf_free(&out);
	buf_free(&archive);
}

static int setup(void **state)
{
	(void)state;
	tiny = buf_load("VT_TINY", FIXTURE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	buf_free(&tiny);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_slot),
		cmocka_unit_test(test_debian_slot_is_default),
		cmocka_unit_test(test_slot_checks),
		cmocka_unit_test(test_rewrite),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_signature_stripped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
