/* SPDX-License-Identifier: MIT */
/*
 * The padding and size-word rules of payload_fit.h, codec by codec: each
 * compressor's stream is laid out into payloads with 0 to 100 spare bytes,
 * and each payload must decompress (as bzimage_decompress hands it over:
 * gzip whole, the others without their last 4 bytes) to the input, end
 * with the decompressed size, and keep its padding where that codec's boot
 * decompressor tolerates it. The kernel's own walks over the gzip header and
 * over lz4's legacy chunks are modelled here, since they are where a wrong
 * padding would break a boot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "codec/codec.h"
#include "embed/payload_fit.h"

#define INPUT_LEN (600u << 10) /* several lzo blocks */

/* Each codec's stream magic (lib/decompress.c), to find it with codec_detect. */
static const struct {
	const char *name;
	const char *magic;
	size_t magic_len;
} codecs[] = {
	{ "gzip", "\x1f\x8b", 2 },
	{ "bzip2", "BZh", 3 },
	{ "lzma", "\x5d\x00\x00", 3 },
	{ "xz", "\xfd" "7zXZ\x00", 6 },
	{ "lzo", "\x89LZO\x00\r\n\x1a\n", 9 },
	{ "lz4", "\x02\x21\x4c\x18", 4 },
	{ "zstd", "\x28\xb5\x2f\xfd", 4 },
};
static const size_t spares[] = { 0, 1, 3, 4, 5, 100 };
static uint8_t *input;

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Text with some randomness: compressible, but not trivially. */
static int setup_input(void **state)
{
	(void)state;
	input = malloc(INPUT_LEN);
	if (!input)
		return -1;
	srand(4);
	for (size_t i = 0; i < INPUT_LEN; i++)
		input[i] = (uint8_t)(i % 61 < 40 ? 'a' + rand() % 6 : ' ' + (int)(i % 61));
	return 0;
}

static int teardown_input(void **state)
{
	(void)state;
	free(input);
	return 0;
}

/* init/../lib/decompress_inflate.c: 10 header bytes, one NUL-terminated name if FNAME. */
static void kernel_gunzip(const uint8_t *p, size_t len)
{
	size_t at = 10;
	uint8_t *out = malloc(INPUT_LEN);
	z_stream s = { 0 };

	assert_non_null(out);
	assert_int_equal(p[0], 0x1f);
	assert_int_equal(p[1], 0x8b);
	assert_int_equal(p[2], 8);
	assert_int_equal(p[3] & ~0x08, 0); /* no flag the kernel would not skip */
	if (p[3] & 0x08)
		while (p[at++])
			assert_true(at < len);
	assert_int_equal(inflateInit2(&s, -MAX_WBITS), Z_OK);
	s.next_in = (Bytef *)p + at;
	s.avail_in = (uInt)(len - at);
	s.next_out = out;
	s.avail_out = INPUT_LEN;
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
	assert_int_equal(s.total_out, INPUT_LEN);
	assert_memory_equal(out, input, INPUT_LEN);
	/* The CRC32 and ISIZE trailer ends the payload. */
	assert_int_equal(s.avail_in, 8);
	inflateEnd(&s);
	free(out);
}

/*
 * lib/decompress_unlz4.c under PREBOOT, lengths only: it is handed
 * in_len - 4 bytes; after the magic, chunks until the bytes run out exactly,
 * fewer than 4 remain, or a chunk length is 0.
 */
static void kernel_unlz4_walk(const uint8_t *p, size_t len)
{
	long size = (long)len - 4;
	size_t at = 4, out = 0;

	assert_int_equal(le32(p), LZ4_LEGACY_MAGIC);
	size -= 4;
	for (;;) {
		uint32_t chunk;

		if (size < 4)
			break;
		chunk = le32(p + at);
		if (chunk == 0)
			break;
		assert_true(chunk != LZ4_LEGACY_MAGIC);
		at += 4 + chunk;
		size -= 4 + (long)chunk;
		out += INPUT_LEN - out < (8u << 20) ? INPUT_LEN - out : 8u << 20;
		assert_true(size >= 0);
		if (size == 0)
			break;
	}
	assert_int_equal(out, INPUT_LEN);
}

static void check_payload(const struct codec *c, const uint8_t *stream, size_t stream_len,
			  const uint8_t *p, size_t len)
{
	uint8_t *out = malloc(INPUT_LEN);
	struct err err;

	assert_non_null(out);
	/* Whatever the codec, the payload's last word is the decompressed size. */
	assert_int_equal(le32(p + len - 4), INPUT_LEN);
	assert_int_equal(c->decompress(p, len - (c->size_word_in_stream ? 0 : 4), out, INPUT_LEN,
				       &err), 0);
	assert_memory_equal(out, input, INPUT_LEN);
	free(out);
	if (c->size_word_in_stream) {
		kernel_gunzip(p, len);
		return;
	}
	/* The stream unchanged at the start, then only zeros up to the size word. */
	assert_memory_equal(p, stream, stream_len);
	for (size_t i = stream_len; i < len - 4; i++)
		assert_int_equal(p[i], 0);
	if (strcmp(c->name, "lz4") == 0)
		kernel_unlz4_walk(p, len);
}

static void test_codec(void **state)
{
	size_t i = *(size_t *)*state;
	const struct codec *c = codec_detect((const uint8_t *)codecs[i].magic, codecs[i].magic_len);
	uint8_t *stream, *p;
	size_t stream_len, min;
	struct err err;

	assert_non_null(c);
	assert_string_equal(c->name, codecs[i].name);
	assert_true(c->compress_variants >= 1);
	/* Every variant writes a stream the codec's decompressor reads back. */
	for (unsigned v = 1; v < c->compress_variants; v++) {
		assert_int_equal(c->compress(input, INPUT_LEN, v, &stream, &stream_len, &err), 0);
		p = malloc(INPUT_LEN);
		assert_non_null(p);
		assert_int_equal(c->decompress(stream, stream_len, p, INPUT_LEN, &err), 0);
		assert_memory_equal(p, input, INPUT_LEN);
		free(p);
		free(stream);
	}
	assert_int_equal(c->compress(input, INPUT_LEN, 0, &stream, &stream_len, &err), 0);
	assert_ptr_equal(codec_detect(stream, stream_len), c);
	min = payload_fit_min(c, stream_len);
	assert_int_equal(min, stream_len + (c->size_word_in_stream ? 0 : 4));
	p = malloc(min + 100);
	assert_non_null(p);
	for (size_t s = 0; s < sizeof(spares) / sizeof(spares[0]); s++) {
		memset(p, 0xa5, min + spares[s]);
		assert_int_equal(payload_fit(c, stream, stream_len, INPUT_LEN, p, min + spares[s],
					     &err), 0);
		check_payload(c, stream, stream_len, p, min + spares[s]);
	}
	/* One byte short is refused, not truncated. */
	assert_int_equal(payload_fit(c, stream, stream_len, INPUT_LEN, p, min - 1, &err), -1);
	free(p);
	free(stream);
}

int main(void)
{
	static size_t idx[] = { 0, 1, 2, 3, 4, 5, 6 };
	struct CMUnitTest tests[sizeof(idx) / sizeof(idx[0])];

	for (size_t i = 0; i < sizeof(idx) / sizeof(idx[0]); i++)
		tests[i] = (struct CMUnitTest){ codecs[i].name, test_codec, NULL, NULL, &idx[i] };

	return _cmocka_run_group_tests("payload_fit", tests, sizeof(tests) / sizeof(tests[0]),
				       setup_input, teardown_input);
}
