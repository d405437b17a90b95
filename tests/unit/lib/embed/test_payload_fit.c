/* SPDX-License-Identifier: MIT */
/*
 * The padding and size-word rules of payload_fit.h, codec by codec: each
 * compressor's stream is laid out into payloads with 0 to 100 spare bytes,
 * and each payload must decompress (as bzimage_decompress hands it over:
 * gzip whole, the others without their last 4 bytes) to the input, end
 * with the decompressed size, and keep its padding where that codec's boot
 * decompressor tolerates it. The kernel's own walks over the gzip header and
 * over lz4's legacy chunks are modelled here, since they are where a wrong
 * padding would break a boot. zstd's strongest variant must end its
 * blocks where an ELF input's sections start and end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#define ZSTD_STATIC_LINKING_ONLY /* the block-by-block decoder */
#include <zstd.h>

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

/* ---- zstd blocks on an ELF input ---- */

#define ELF_SECTIONS 5 /* the null section, three with bytes, one NOBITS */
static const size_t section_len[] = { 100003, 70001, 200000 };

/* An ELF64 file: header, three differently filled sections, the section headers. */
static uint8_t *make_elf(size_t *len)
{
	size_t data = sizeof(Elf64_Ehdr), off = data, shoff;
	Elf64_Ehdr eh = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
				       ELFDATA2LSB, EV_CURRENT },
			  .e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
			  .e_ehsize = sizeof(Elf64_Ehdr), .e_shentsize = sizeof(Elf64_Shdr),
			  .e_shnum = ELF_SECTIONS };
	Elf64_Shdr sh[ELF_SECTIONS] = { { 0 } };
	uint8_t *p;

	for (int i = 0; i < 3; i++)
		off += section_len[i];
	shoff = off;
	*len = shoff + sizeof(sh);
	p = calloc(1, *len);
	assert_non_null(p);
	eh.e_shoff = shoff;
	memcpy(p, &eh, sizeof(eh));
	for (size_t i = 0, at = data; i < 3; at += section_len[i], i++)
		sh[i + 1] = (Elf64_Shdr){ .sh_type = SHT_PROGBITS, .sh_offset = at,
					  .sh_size = section_len[i] };
	sh[4] = (Elf64_Shdr){ .sh_type = SHT_NOBITS, .sh_offset = data + 5, .sh_size = 1 << 20 };
	memcpy(p + data, input, section_len[0]); /* text */
	for (size_t i = 0; i < section_len[1]; i++) /* a table of counters */
		p[data + section_len[0] + i] = (uint8_t)(i % 8 == 0 ? i / 8 : i % 8 == 1 ? 0x80 : 0);
	srand(7);
	for (size_t i = 0; i < section_len[2]; i++) /* noise */
		p[data + section_len[0] + section_len[1] + i] = (uint8_t)rand();
	memcpy(p + shoff, sh, sizeof(sh));
	return p;
}

/* Decodes STREAM block by block; 1 if a block ends after exactly AT bytes of output. */
static int block_ends_at(const uint8_t *stream, size_t stream_len, size_t out_len, size_t at)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	uint8_t *out = malloc(out_len);
	size_t in = 0, pos = 0, n;
	int found = 0;

	assert_non_null(d);
	assert_non_null(out);
	assert_false(ZSTD_isError(ZSTD_decompressBegin(d)));
	while ((n = ZSTD_nextSrcSizeToDecompress(d)) != 0) {
		size_t r;

		assert_true(n <= stream_len - in);
		r = ZSTD_decompressContinue(d, out + pos, out_len - pos, stream + in, n);
		assert_false(ZSTD_isError(r));
		in += n;
		pos += r;
		found |= r && pos == at;
	}
	assert_int_equal(pos, out_len);
	free(out);
	ZSTD_freeDCtx(d);
	return found;
}

static void test_zstd_blocks_follow_sections(void **state)
{
	const struct codec *c = codec_detect((const uint8_t *)"\x28\xb5\x2f\xfd", 4);
	size_t len, stream_len, at = sizeof(Elf64_Ehdr);
	uint8_t *elf = make_elf(&len), *stream;
	struct err err;

	(void)state;
	assert_int_equal(c->compress(elf, len, 0, &stream, &stream_len, &err), 0);
	for (int i = 0; i < 3; i++) {
		assert_true(block_ends_at(stream, stream_len, len, at));
		at += section_len[i];
	}
	assert_true(block_ends_at(stream, stream_len, len, at));
	free(stream);
	free(elf);
}

/* Section headers past the end are no reason to fail: the input is compressed all the same. */
static void test_zstd_broken_elf(void **state)
{
	const struct codec *c = codec_detect((const uint8_t *)"\x28\xb5\x2f\xfd", 4);
	size_t len, stream_len;
	uint8_t *elf = make_elf(&len), *stream, *out = malloc(len);
	Elf64_Ehdr eh;
	struct err err;

	(void)state;
	assert_non_null(out);
	memcpy(&eh, elf, sizeof(eh));
	eh.e_shoff = len - 8;
	memcpy(elf, &eh, sizeof(eh));
	assert_int_equal(c->compress(elf, len, 0, &stream, &stream_len, &err), 0);
	assert_int_equal(c->decompress(stream, stream_len, out, len, &err), 0);
	assert_memory_equal(out, elf, len);
	free(stream);
	free(out);
	free(elf);
}

/* One-byte sections of noise: a block each, more headers than ZSTD_compressBound counts. */
static void test_zstd_tiny_sections(void **state)
{
	const struct codec *c = codec_detect((const uint8_t *)"\x28\xb5\x2f\xfd", 4);
	enum { N = 2000 };
	size_t data = sizeof(Elf64_Ehdr), shoff = data + N, len = shoff + (N + 1) * sizeof(Elf64_Shdr);
	size_t stream_len;
	uint8_t *elf = calloc(1, len), *stream, *out = malloc(len);
	Elf64_Ehdr eh = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
				       ELFDATA2LSB, EV_CURRENT },
			  .e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
			  .e_ehsize = sizeof(Elf64_Ehdr), .e_shentsize = sizeof(Elf64_Shdr),
			  .e_shnum = N + 1, .e_shoff = shoff };
	struct err err;

	(void)state;
	assert_non_null(elf);
	assert_non_null(out);
	memcpy(elf, &eh, sizeof(eh));
	srand(9);
	for (size_t i = 0; i < N; i++) {
		Elf64_Shdr sh = { .sh_type = SHT_PROGBITS, .sh_offset = data + i, .sh_size = 1 };

		elf[data + i] = (uint8_t)rand();
		memcpy(elf + shoff + (i + 1) * sizeof(sh), &sh, sizeof(sh));
	}
	assert_int_equal(c->compress(elf, len, 0, &stream, &stream_len, &err), 0);
	assert_int_equal(c->decompress(stream, stream_len, out, len, &err), 0);
	assert_memory_equal(out, elf, len);
	assert_true(block_ends_at(stream, stream_len, len, data + N / 2));
	free(stream);
	free(out);
	free(elf);
}

int main(void)
{
	static size_t idx[] = { 0, 1, 2, 3, 4, 5, 6 };
	struct CMUnitTest tests[sizeof(idx) / sizeof(idx[0]) + 3];
	size_t n = sizeof(idx) / sizeof(idx[0]);

	for (size_t i = 0; i < n; i++)
		tests[i] = (struct CMUnitTest){ codecs[i].name, test_codec, NULL, NULL, &idx[i] };
	tests[n] = (struct CMUnitTest)cmocka_unit_test(test_zstd_blocks_follow_sections);
	tests[n + 1] = (struct CMUnitTest)cmocka_unit_test(test_zstd_broken_elf);
	tests[n + 2] = (struct CMUnitTest)cmocka_unit_test(test_zstd_tiny_sections);

	return _cmocka_run_group_tests("payload_fit", tests, sizeof(tests) / sizeof(tests[0]),
				       setup_input, teardown_input);
}
