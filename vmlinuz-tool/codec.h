/* SPDX-License-Identifier: MIT */
/*
 * The seven compressions Linux uses for its x86 payload and for initramfs
 * archives, recognised by their stream magic, each decompressed by a
 * well-kept library into a buffer of exactly the declared size.
 */
#ifndef CODEC_H
#define CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * Decompresses the first stream in IN into OUT, which must come out exactly
 * OUT_LEN bytes long: a stream that would produce more, or fewer, is an
 * error. Bytes after the end of the stream are ignored, as the kernel's own
 * decompressors ignore them. Memory use is bounded by OUT_LEN plus a
 * codec-specific constant (window or dictionary).
 */
typedef int codec_decompress_fn(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
				struct err *err);

struct codec {
	const char *name; /* as Kconfig and `inspect` spell it */
	const uint8_t *magic;
	size_t magic_len;
	/*
	 * arch/x86/boot/compressed/Makefile appends the decompressed size as
	 * a 4-byte word to every payload; only gzip's own trailer already
	 * ends with it (ISIZE), so only there is the word part of the stream.
	 */
	int size_word_in_stream;
	codec_decompress_fn *decompress;
};

/* The codec whose magic starts DATA, or NULL. */
const struct codec *codec_detect(const uint8_t *data, size_t len);

codec_decompress_fn decompress_gzip;
codec_decompress_fn decompress_bzip2;
codec_decompress_fn decompress_lzma;
codec_decompress_fn decompress_xz;
codec_decompress_fn decompress_lzo;
codec_decompress_fn decompress_lz4_legacy;
codec_decompress_fn decompress_zstd;

/* Shared wording for the two ways a stream can disagree with its size. */
int codec_err_overrun(struct err *err, const char *codec, size_t out_len);
int codec_err_short(struct err *err, const char *codec, size_t got, size_t out_len);

#endif
