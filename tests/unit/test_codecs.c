/* SPDX-License-Identifier: MIT */
/*
 * The seven payload codecs, through bzimage_parse + bzimage_decompress, on
 * the synthetic fixtures of tests/fixtures/make-fixtures.sh (one small ELF
 * compressed as the kernel's build does it). Every damaged payload is built
 * in memory from a fixture: the setup sector is kept, the payload replaced.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "bzimage.h"
#include "file_io.h"

struct buf {
	uint8_t *data;
	size_t size;
};

static struct buf elf; /* what every fixture decompresses to */

static void buf_free(struct buf *b)
{
	free(b->data);
	*b = (struct buf){ NULL, 0 };
}

/* A fixture file, copied so that tests may change it; missing is a failure. */
static struct buf load_fixture(const char *name)
{
	const char *dir = getenv("VT_FIXTURES");
	char path[4096];
	struct file_view v;
	struct err err;
	struct buf b;

	if (!dir)
		fail_msg("VT_FIXTURES is not set");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (file_map(path, &v, &err) < 0)
		fail_msg("%s: %s", path, err.msg);
	b.size = v.size;
	b.data = malloc(b.size ? b.size : 1);
	assert_non_null(b.data);
	memcpy(b.data, v.data, b.size);
	file_unmap(&v);
	return b;
}

static struct setup_header *hdr_of(const struct buf *img)
{
	return (struct setup_header *)(img->data + SETUP_HEADER_OFFSET);
}

/*
 * CODEC's fixture image with its payload replaced by STREAM[0, LEN) and
 * SIZE_WORD appended, syssize and payload_length following suit.
 */
static struct buf image_with(const char *codec, const uint8_t *stream, size_t len,
			     uint32_t size_word)
{
	char name[64];
	struct buf tmpl, img;
	size_t setup, payload_at;

	snprintf(name, sizeof(name), "%s.bzImage", codec);
	tmpl = load_fixture(name);
	setup = ((size_t)hdr_of(&tmpl)->setup_sects + 1) * SECTOR_SIZE;
	payload_at = setup + hdr_of(&tmpl)->payload_offset;
	img.size = (payload_at + len + 4 + 15) / 16 * 16;
	img.data = calloc(1, img.size);
	assert_non_null(img.data);
	memcpy(img.data, tmpl.data, payload_at);
	memcpy(img.data + payload_at, stream, len);
	memcpy(img.data + payload_at + len, &size_word, 4);
	hdr_of(&img)->payload_length = (uint32_t)(len + 4);
	hdr_of(&img)->syssize = (uint32_t)((img.size - setup) / 16);
	buf_free(&tmpl);
	return img;
}

/*
 * The compressed stream of CODEC's payload without its trailing size word.
 * For gzip the word is the stream's own ISIZE, so "the stream" lacks it too
 * and image_with puts it (or a wrong one) back.
 */
static struct buf stream_of(const char *codec)
{
	char name[64];
	struct buf b;

	snprintf(name, sizeof(name), "payload-%s.bin", codec);
	b = load_fixture(name);
	assert_true(b.size > 8);
	b.size -= 4;
	return b;
}

/* Parses and decompresses IMG; the output, if any, is checked and freed. */
static int parse_and_decompress(const struct buf *img, struct err *err, struct buf *out)
{
	struct bzimage bz;
	uint8_t *o = NULL;

	if (bzimage_parse(&bz, img->data, img->size, err) < 0 ||
	    bzimage_decompress(&bz, &o, err) < 0)
		return -1;
	if (out) {
		out->size = bz.output_len;
		out->data = malloc(out->size);
		assert_non_null(out->data);
		memcpy(out->data, o, out->size);
	}
	bzimage_output_free(&bz, o);
	return 0;
}

/* The error for a damaged CODEC stream: exactly WANT, one line. */
static void expect_error(const struct buf *img, const char *want)
{
	struct err err = { 0 };

	assert_int_equal(parse_and_decompress(img, &err, NULL), -1);
	assert_null(strchr(err.msg, '\n'));
	assert_string_equal(err.msg, want);
}

/* As expect_error, for messages whose tail comes from a library: WANT is a prefix. */
static void expect_error_prefix(const struct buf *img, const char *want)
{
	struct err err = { 0 };

	assert_int_equal(parse_and_decompress(img, &err, NULL), -1);
	assert_null(strchr(err.msg, '\n'));
	print_message("# %s\n", err.msg); /* a TAP comment: the library's own wording */
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg("error \"%s\" does not start with \"%s\"", err.msg, want);
}

/* ---- every codec decompresses its fixture to the ELF it was made of ---- */

static void test_roundtrip(void **state)
{
	const char *codec = *state;
	char name[64];
	struct bzimage bz;
	struct err err;
	struct buf img, out = { 0 };

	snprintf(name, sizeof(name), "%s.bzImage", codec);
	img = load_fixture(name);
	if (bzimage_parse(&bz, img.data, img.size, &err) < 0)
		fail_msg("%s: %s", name, err.msg);
	assert_string_equal(bz.codec->name, codec);
	assert_int_equal(bz.output_len, elf.size);
	if (parse_and_decompress(&img, &err, &out) < 0)
		fail_msg("%s: %s", name, err.msg);
	assert_int_equal(out.size, elf.size);
	assert_memory_equal(out.data, elf.data, elf.size);
	buf_free(&out);
	buf_free(&img);
}

/* ---- damaged streams: an error that says what is wrong, never a crash ---- */

struct damage {
	const char *codec;
	const char *truncated; /* expected message prefix */
	const char *corrupt;   /* expected message prefix */
};

/*
 * What each decoder reports. lz4 and lzma carry no checksum, so their
 * corruption shows as a malformed stream; the others fail their check or
 * their structure, whichever comes first.
 */
static const struct damage damages[] = {
	{ "gzip", "payload: corrupt gzip stream: ", "payload: corrupt gzip stream: " },
	{ "bzip2", "payload: corrupt bzip2 stream: ", "payload: corrupt bzip2 stream: " },
	{ "lzma", "payload: lzma stream is truncated", "payload: corrupt lzma stream" },
	{ "xz", "payload: xz stream is truncated", "payload: corrupt xz stream" },
	{ "lzo", "payload: lzo stream is truncated", "payload: corrupt lzo block" },
	{ "lz4", "payload: corrupt lz4 stream: block of ",
	  "payload: lz4 block at offset 4: corrupt lz4 stream" },
	{ "zstd", "payload: corrupt zstd stream: ", "payload: corrupt zstd stream: " },
};

static const struct damage *damage_of(const char *codec)
{
	for (size_t i = 0; i < sizeof(damages) / sizeof(damages[0]); i++)
		if (strcmp(damages[i].codec, codec) == 0)
			return &damages[i];
	fail_msg("no expectations for %s", codec);
	return NULL;
}

static void test_truncated(void **state)
{
	const char *codec = *state;
	struct buf s = stream_of(codec);
	/* Half the stream, then the right size word: the decoder runs out of input. */
	struct buf img = image_with(codec, s.data, s.size / 2, (uint32_t)elf.size);

	expect_error_prefix(&img, damage_of(codec)->truncated);
	buf_free(&img);
	buf_free(&s);
}

/* Overwrites the middle third of the stream with a fixed pseudo-random pattern. */
static void scramble(struct buf *s)
{
	uint32_t x = 0x2545f491;

	for (size_t i = s->size / 3; i < 2 * s->size / 3; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		s->data[i] = (uint8_t)x;
	}
}

static void test_corrupt(void **state)
{
	const char *codec = *state;
	struct buf s = stream_of(codec), img;

	scramble(&s);
	img = image_with(codec, s.data, s.size, (uint32_t)elf.size);
	expect_error_prefix(&img, damage_of(codec)->corrupt);
	buf_free(&img);
	buf_free(&s);
}

/* One byte more than the stream gives: a short output, named with both counts. */
static void test_size_word_larger(void **state)
{
	const char *codec = *state;
	struct buf s = stream_of(codec), img;
	char want[256];

	/* For gzip the word is ISIZE, which libarchive does not check: the output is. */
	img = image_with(codec, s.data, s.size, (uint32_t)elf.size + 1);
	snprintf(want, sizeof(want), "payload: %s stream ends after %zu of the declared %zu bytes",
		 codec, elf.size, elf.size + 1);
	expect_error(&img, want);
	buf_free(&img);
	buf_free(&s);
}

/* One byte less: the decoder must stop at the bound, not write past it. */
static void test_size_word_smaller(void **state)
{
	const char *codec = *state;
	struct buf s = stream_of(codec), img;
	char want[256];

	img = image_with(codec, s.data, s.size, (uint32_t)elf.size - 1);
	/* lz4 names the block that overflowed: the only one here, at offset 4. */
	snprintf(want, sizeof(want), "payload: %s%s stream decompresses to more than the declared "
		 "%zu bytes", strcmp(codec, "lz4") == 0 ? "lz4 block at offset 4: " : "", codec,
		 elf.size - 1);
	expect_error(&img, want);
	buf_free(&img);
	buf_free(&s);
}

/* ---- bounded output: refused by the parser, before anything is allocated ---- */

static void expect_parse_refusal(const struct buf *img, uint32_t claim, uint32_t init_size)
{
	struct bzimage bz;
	struct err err = { 0 };
	char want[256];

	assert_int_equal(bzimage_parse(&bz, img->data, img->size, &err), -1);
	snprintf(want, sizeof(want), "payload claims %u decompressed bytes, more than init_size "
		 "(%u) or the 1024 MiB cap allows", claim, init_size);
	assert_string_equal(err.msg, want);
}

static void test_size_word_above_init_size(void **state)
{
	struct buf s = stream_of("zstd"), img;
	uint32_t init_size;

	(void)state;
	img = image_with("zstd", s.data, s.size, 0);
	init_size = hdr_of(&img)->init_size;
	assert_int_equal(init_size, 2u << 20); /* mkbzimage: the ELF rounded to 2 MiB */
	buf_free(&img);
	img = image_with("zstd", s.data, s.size, init_size + 1);
	expect_parse_refusal(&img, init_size + 1, init_size);
	buf_free(&img);
	buf_free(&s);
}

static void test_size_word_above_cap(void **state)
{
	struct buf s = stream_of("zstd"), img;
	struct bzimage bz;
	struct err err;

	(void)state;
	img = image_with("zstd", s.data, s.size, BZIMAGE_MAX_OUTPUT + 1);
	hdr_of(&img)->init_size = UINT32_MAX; /* init_size alone would allow it */
	expect_parse_refusal(&img, BZIMAGE_MAX_OUTPUT + 1, UINT32_MAX);
	buf_free(&img);
	/* The cap itself is allowed: the bound is exact, not off by one. */
	img = image_with("zstd", s.data, s.size, BZIMAGE_MAX_OUTPUT);
	hdr_of(&img)->init_size = UINT32_MAX;
	if (bzimage_parse(&bz, img.data, img.size, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(bz.output_len, BZIMAGE_MAX_OUTPUT);
	buf_free(&img);
	buf_free(&s);
}

/* A bomb: 64 MiB of zeros in a few KiB of zstd, declared as 1 MiB. */
static void test_zstd_bomb(void **state)
{
	size_t big = 64u << 20, cap = ZSTD_compressBound(big), n;
	uint8_t *zeros = calloc(1, big), *z = malloc(cap);
	struct buf img;

	(void)state;
	assert_non_null(zeros);
	assert_non_null(z);
	n = ZSTD_compress(z, cap, zeros, big, 3);
	assert_false(ZSTD_isError(n));
	img = image_with("zstd", z, n, 1u << 20);
	expect_error(&img, "payload: zstd stream decompresses to more than the declared "
			   "1048576 bytes");
	buf_free(&img);
	free(z);
	free(zeros);
}

/* ---- legacy lz4 framing, as lib/decompress_unlz4.c reads it ---- */

/* Decompresses the lz4 PAYLOAD and compares the output with COPIES copies of the ELF. */
static void expect_lz4(const struct buf *payload, int copies)
{
	struct buf img = image_with("lz4", payload->data, payload->size,
				    (uint32_t)(copies * elf.size)), out = { 0 };
	struct err err;

	if (parse_and_decompress(&img, &err, &out) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(out.size, copies * elf.size);
	for (int i = 0; i < copies; i++)
		assert_memory_equal(out.data + i * elf.size, elf.data, elf.size);
	buf_free(&out);
	buf_free(&img);
}

static struct buf concat(const struct buf *a, const void *b, size_t b_len)
{
	struct buf c = { malloc(a->size + b_len), a->size + b_len };

	assert_non_null(c.data);
	memcpy(c.data, a->data, a->size);
	memcpy(c.data + a->size, b, b_len);
	return c;
}

/* Bootloaders and initramfs tools pad with zeros: a zero block size ends the stream. */
static void test_lz4_zero_padding(void **state)
{
	static const uint8_t zeros[12];
	struct buf s = stream_of("lz4"), padded = concat(&s, zeros, sizeof(zeros));

	(void)state;
	expect_lz4(&padded, 1);
	buf_free(&padded);
	buf_free(&s);
}

/* Two frames back to back: the second magic is skipped, the blocks continue. */
static void test_lz4_concatenated(void **state)
{
	struct buf s = stream_of("lz4"), twice = concat(&s, s.data, s.size);

	(void)state;
	assert_memory_equal(twice.data + s.size, "\x02\x21\x4c\x18", 4);
	expect_lz4(&twice, 2);
	buf_free(&twice);
	buf_free(&s);
}

/* A magic with no blocks after it (an empty second frame) changes nothing. */
static void test_lz4_trailing_magic(void **state)
{
	struct buf s = stream_of("lz4"), m = concat(&s, "\x02\x21\x4c\x18", 4);

	(void)state;
	expect_lz4(&m, 1);
	buf_free(&m);
	buf_free(&s);
}

static int load_elf(void **state)
{
	(void)state;
	elf = load_fixture("payload.elf");
	return elf.size > 4 && memcmp(elf.data, "\177ELF", 4) == 0 ? 0 : -1;
}

static int free_elf(void **state)
{
	(void)state;
	buf_free(&elf);
	return 0;
}

/* One test per codec, named fn/codec so that TAP output tells them apart. */
#define CASE(fn, codec) { #fn "/" codec, fn, NULL, NULL, (void *)codec }
#define PER_CODEC(fn)                                                             \
	CASE(fn, "gzip"), CASE(fn, "bzip2"), CASE(fn, "lzma"), CASE(fn, "xz"),    \
		CASE(fn, "lzo"), CASE(fn, "lz4"), CASE(fn, "zstd")

int main(void)
{
	const struct CMUnitTest tests[] = {
		PER_CODEC(test_roundtrip),
		PER_CODEC(test_truncated),
		PER_CODEC(test_corrupt),
		PER_CODEC(test_size_word_larger),
		PER_CODEC(test_size_word_smaller),
		cmocka_unit_test(test_size_word_above_init_size),
		cmocka_unit_test(test_size_word_above_cap),
		cmocka_unit_test(test_zstd_bomb),
		cmocka_unit_test(test_lz4_zero_padding),
		cmocka_unit_test(test_lz4_concatenated),
		cmocka_unit_test(test_lz4_trailing_magic),
	};

	return cmocka_run_group_tests(tests, load_elf, free_elf);
}
