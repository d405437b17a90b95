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

/*
 * Compresses IN into one whole stream in a new buffer (*OUT, free()d by the
 * caller) that the kernel's boot decompressor reads. The stream carries no
 * appended size word. VARIANT (below compress_variants) picks one of the
 * codec's strongest settings: none is smallest for every input (xz's
 * "extreme" mode loses on some kernels), so a caller that needs the stream
 * to fit tries them in turn. Variant 0 is the one that was smallest on
 * Debian's kernels, so that it usually is the only one tried.
 */
typedef int codec_compress_fn(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
			      size_t *out_len, struct err *err);

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
	codec_compress_fn *compress;
	unsigned compress_variants;
	/*
	 * The same for an initramfs archive, which the kernel's unpacker
	 * (init/initramfs.c through lib/decompress.c, not the boot
	 * decompressor) reads: xz without the x86 BCJ filter (XZ_DEC_X86 may
	 * be off), zstd with a window of at most 8 MiB (ZSTD_WINDOWSIZE_MAX
	 * of the streaming decoder). The others share the payload settings.
	 */
	codec_compress_fn *compress_archive;
	unsigned archive_variants;
	/*
	 * The length of the stream that starts IN, where a reader needs it
	 * (NULL: it stops at the stream's end by itself). libarchive's zstd
	 * reader fails on bytes after the frame, such as a slot's NUL fill,
	 * which the kernel's decompressor never reads; its lz4 reader takes
	 * that fill for a corrupt block (legacy lz4 has no end marker).
	 */
	size_t (*stream_len)(const uint8_t *in, size_t in_len);
	/*
	 * Refuses a stream header before a reader without a memory limit
	 * sees it (NULL: nothing to check). libarchive's lzma filter sets
	 * none, and a forged lzma header asks for a 4 GiB dictionary.
	 */
	int (*check_header)(const uint8_t *in, size_t in_len, struct err *err);
	/*
	 * libarchive's reader for the codec (ARCHIVE_FILTER_*), named rather
	 * than bid for, so an archive is only read as its magic says: bidding
	 * runs every filter's probe, some of which (lzop, lrzip, grzip) fork an
	 * external program on the untrusted bytes. 0: the codec has its own
	 * whole-stream reader (lzo: Debian's libarchive would run `lzop`).
	 */
	int archive_filter;
};

/* The codecs, in lib/decompress.c's order: I below codec_count(). */
size_t codec_count(void);
const struct codec *codec_at(size_t i);

/* The codec whose magic starts DATA, or NULL. */
const struct codec *codec_detect(const uint8_t *data, size_t len);

codec_decompress_fn decompress_gzip;
codec_decompress_fn decompress_bzip2;
codec_decompress_fn decompress_lzma;
codec_decompress_fn decompress_xz;
codec_decompress_fn decompress_lzo;
codec_decompress_fn decompress_lz4_legacy;
codec_decompress_fn decompress_zstd;

codec_compress_fn compress_gzip;
codec_compress_fn compress_bzip2;
codec_compress_fn compress_lzma;
codec_compress_fn compress_xz;
codec_compress_fn compress_lzo;
codec_compress_fn compress_lz4;
codec_compress_fn compress_zstd;
codec_compress_fn compress_xz_initramfs;
codec_compress_fn compress_zstd_initramfs;

/*
 * The bytes of the legacy lz4 stream at IN up to its end: a zero block
 * length (where the kernel stops too, as in a built-in slot's zero fill)
 * or a block that would run past IN_LEN.
 */
size_t lz4_legacy_stream_len(const uint8_t *in, size_t in_len);
size_t zstd_frame_len(const uint8_t *in, size_t in_len);
/*
 * Refuses an lzma stream whose header asks for a larger dictionary than
 * decompress_lzma allows.
 */
int lzma_check_dict(const uint8_t *in, size_t in_len, struct err *err);
/*
 * The uncompressed length of the lzop stream at IN, from its block headers
 * (the data is not decompressed): what an unknown-sized reader allocates.
 */
int lzop_plain_len(const uint8_t *in, size_t in_len, size_t *len, struct err *err);

/* Reads the first stream of IN through libarchive's FILTER (ARCHIVE_FILTER_*), exactly OUT_LEN bytes. */
int codec_read_filter(int filter, const char *name, const uint8_t *in, size_t in_len, uint8_t *out,
		      size_t out_len, struct err *err);

/*
 * xz for an initramfs archive: LZMA2 with a CRC32 check and no BCJ filter,
 * which the kernel's initramfs decompressor may lack (libarchive's xz
 * filter always writes a CRC64 check, which the kernel cannot verify;
 * scripts/xz_wrap.sh and initramfs-tools use CRC32 too).
 */
int compress_xz_archive(const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len,
			struct err *err);

/* Container facts a codec's reader, its writer and payload_fit.c share. */
#define LZ4_LEGACY_MAGIC 0x184c2102u
#define LZ4_LEGACY_BLOCK (8u << 20) /* input bytes one block holds, at most */
#define GZIP_HEADER_LEN	 10	    /* a member header without optional fields */
#define GZIP_FLG	 3	    /* offset of the header's flags byte */
#define GZIP_FNAME	 0x08	    /* flag: a NUL-terminated file name follows */

/* Stores V little-endian, as every size word and length in these formats. */
void codec_put_le32(uint8_t *p, uint32_t v);

/* Shared wording for the two ways a stream can disagree with its size. */
int codec_err_overrun(struct err *err, const char *codec, size_t out_len);
int codec_err_short(struct err *err, const char *codec, size_t got, size_t out_len);

#endif
