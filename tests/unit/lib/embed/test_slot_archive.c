/* SPDX-License-Identifier: MIT */
/*
 * The archive a built-in slot gets (slot_archive.h): the smallest of the
 * cpio and its compressions with the codecs the kernel unpacks, each
 * decompressing back to the cpio; a refusal with the gap in bytes when
 * none fits; which codecs a kernel unpacks, from its IKCONFIG or else its
 * slot's codec.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/codec.h"
#include "embed/slot_archive.h"

#define CPIO_LEN (256u << 10)
#define ALL_CODECS ((1u << 7) - 1)

static uint8_t cpio[CPIO_LEN];

/* Text with some randomness: compressible, but not trivially. */
static int setup_cpio(void **state)
{
	(void)state;
	srand(7);
	for (size_t i = 0; i < CPIO_LEN; i++)
		cpio[i] = (uint8_t)(i % 53 < 30 ? 'a' + rand() % 8 : ' ' + (int)(i % 53));
	return 0;
}

static const struct codec *by_name(const char *name)
{
	for (size_t i = 0; i < codec_count(); i++)
		if (strcmp(codec_at(i)->name, name) == 0)
			return codec_at(i);
	fail_msg("no codec %s", name);
	return NULL;
}

static void decompresses_back(const struct slot_archive *a)
{
	uint8_t *back = malloc(CPIO_LEN);
	struct err err;

	assert_non_null(back);
	assert_int_equal(a->codec->decompress(a->data, a->len, back, CPIO_LEN, &err), 0);
	assert_memory_equal(back, cpio, CPIO_LEN);
	free(back);
}

/* Every codec alone: its initramfs stream carries its magic and reads back. */
static void test_each_codec_compresses(void **state)
{
	(void)state;
	for (size_t i = 0; i < codec_count(); i++) {
		struct slot_archive a;
		struct err err;

		assert_int_equal(slot_archive_pick(&a, cpio, CPIO_LEN, 1u << i, CPIO_LEN, &err),
				 SLOT_FITS);
		assert_ptr_equal(a.codec, codec_at(i));
		assert_ptr_equal(codec_detect(a.data, a.len), codec_at(i));
		assert_true(a.len < CPIO_LEN);
		decompresses_back(&a);
		slot_archive_free(&a);
	}
}

/* All codecs: none of them beats the one picked. */
static void test_smallest_wins(void **state)
{
	struct slot_archive all, one;
	struct err err;

	(void)state;
	assert_int_equal(slot_archive_pick(&all, cpio, CPIO_LEN, ALL_CODECS, CPIO_LEN, &err),
			 SLOT_FITS);
	for (size_t i = 0; i < codec_count(); i++) {
		assert_int_equal(slot_archive_pick(&one, cpio, CPIO_LEN, 1u << i, CPIO_LEN, &err),
				 SLOT_FITS);
		assert_true(all.len <= one.len);
		slot_archive_free(&one);
	}
	decompresses_back(&all);
	slot_archive_free(&all);
}

/* No codec: the cpio itself, when it fits. */
static void test_uncompressed(void **state)
{
	struct slot_archive a;
	struct err err;

	(void)state;
	assert_int_equal(slot_archive_pick(&a, cpio, CPIO_LEN, 0, CPIO_LEN, &err), SLOT_FITS);
	assert_null(a.codec);
	assert_ptr_equal(a.data, cpio);
	assert_int_equal(a.len, CPIO_LEN);
	slot_archive_free(&a);
	assert_int_equal(slot_archive_pick(&a, cpio, CPIO_LEN, 0, CPIO_LEN - 1, &err),
			 SLOT_TOO_SMALL);
	assert_string_equal(err.msg, "the archive is 262144 bytes, 1 more than the built-in "
				     "initramfs slot holds (262143)");
}

/* One byte short of gzip's (one variant): refused, and the gap is that byte. */
static void test_gap(void **state)
{
	struct slot_archive a;
	struct err err;
	char want[200];
	size_t best;

	(void)state;
	assert_int_equal(slot_archive_pick(&a, cpio, CPIO_LEN, 1u << 0, CPIO_LEN, &err), SLOT_FITS);
	best = a.len;
	slot_archive_free(&a);
	assert_int_equal(slot_archive_pick(&a, cpio, CPIO_LEN, 1u << 0, best - 1, &err),
			 SLOT_TOO_SMALL);
	snprintf(want, sizeof(want), "the archive is 262144 bytes, %zu compressed (gzip) at best, "
		 "1 more than the built-in initramfs slot holds (%zu)", best, best - 1);
	assert_string_equal(err.msg, want);
	assert_null(a.owned);
	assert_int_equal(slot_archive_pick(&a, cpio, CPIO_LEN, 1u << 0, best, &err), SLOT_FITS);
	assert_int_equal(a.len, best);
	slot_archive_free(&a);
}

/* Random data grows under every codec (LZMA1 past xz's bound): the cpio as it is wins. */
static void test_incompressible(void **state)
{
	static uint8_t noise[64 << 10];
	struct slot_archive a;
	struct err err;

	(void)state;
	for (size_t i = 0; i < sizeof(noise); i++)
		noise[i] = (uint8_t)rand();
	for (size_t i = 0; i < codec_count(); i++) {
		if (slot_archive_pick(&a, noise, sizeof(noise), 1u << i, sizeof(noise), &err) < 0)
			fail_msg("%s: %s", codec_at(i)->name, err.msg);
		assert_null(a.codec);
		slot_archive_free(&a);
	}
}

/* A vmlinux of zeros with CONFIG embedded as kernel/configs.c does it. */
static uint8_t *fake_vmlinux(const char *config, size_t *len)
{
	uint8_t *gz;
	size_t gz_len;
	struct err err;
	uint8_t *v;

	assert_int_equal(by_name("gzip")->compress((const uint8_t *)config, strlen(config), 0, &gz,
						   &gz_len, &err), 0);
	*len = 4096 + gz_len;
	v = calloc(1, *len);
	assert_non_null(v);
	memcpy(v + 1000, "IKCFG_ST", 8);
	memcpy(v + 1008, gz, gz_len);
	memcpy(v + 1008 + gz_len, "IKCFG_ED", 8);
	free(gz);
	return v;
}

static void test_kernel_codecs(void **state)
{
	const char *config = "#\n# comment\n#\nCONFIG_RD_GZIP=y\n# CONFIG_RD_BZIP2 is not set\n"
			     "CONFIG_RD_XZ=y\nCONFIG_RD_ZSTD=y\nCONFIG_RD_LZ4=m\n";
	const struct codec *gzip = by_name("gzip");
	unsigned codecs;
	struct err err;
	size_t len;
	uint8_t *v = fake_vmlinux(config, &len);

	(void)state;
	assert_int_equal(slot_archive_kernel_codecs(v, len, gzip, &codecs, &err), 0);
	assert_int_equal(codecs, slot_archive_codec_bit(gzip) |
				 slot_archive_codec_bit(by_name("xz")) |
				 slot_archive_codec_bit(by_name("zstd")));
	memset(v, 0, len); /* no IKCONFIG: the slot's own codec, or nothing */
	assert_int_equal(slot_archive_kernel_codecs(v, len, by_name("lzo"), &codecs, &err), 0);
	assert_int_equal(codecs, slot_archive_codec_bit(by_name("lzo")));
	assert_int_equal(slot_archive_kernel_codecs(v, len, NULL, &codecs, &err), 0);
	assert_int_equal(codecs, 0);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_codec_compresses),
		cmocka_unit_test(test_smallest_wins),
		cmocka_unit_test(test_uncompressed),
		cmocka_unit_test(test_gap),
		cmocka_unit_test(test_incompressible),
		cmocka_unit_test(test_kernel_codecs),
	};

	return cmocka_run_group_tests(tests, setup_cpio, NULL);
}
