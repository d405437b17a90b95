/* SPDX-License-Identifier: MIT */
/*
 * A compressed vmlinux laid out to fill an existing payload exactly, so
 * that no header field, offset or baked-in length (payload_length, the
 * decompressor's input_len) has to change. Where the spare bytes may go
 * depends on what each boot decompressor (lib/decompress_*.c, PREBOOT)
 * reads:
 *
 *   gzip   [header + FNAME of the spare bytes][deflate][CRC32][ISIZE]
 *          the decompressor skips one NUL-terminated name, and gzip's own
 *          ISIZE must stay the last word (mkpiggy reads it there)
 *   others [stream][zeros][LE32 decompressed size]
 *          bzip2, lzma, lz4 are handed in_len - 4 and stop at their end
 *          marker (lz4: at a zero chunk length, or fewer than 4 bytes
 *          left); xz, lzo and zstd stop at the end of their first stream
 */
#ifndef PAYLOAD_FIT_H
#define PAYLOAD_FIT_H

#include <stddef.h>
#include <stdint.h>

#include "codec/codec.h"
#include "err.h"

/* The smallest payload STREAM_LEN bytes of CODEC's stream can fill. */
size_t payload_fit_min(const struct codec *codec, size_t stream_len);

/*
 * Writes STREAM (as CODEC's compressor made it, OUTPUT_LEN bytes
 * decompressed) into OUT as a payload of exactly LEN bytes. LEN must be
 * at least payload_fit_min().
 */
int payload_fit(const struct codec *codec, const uint8_t *stream, size_t stream_len,
		uint32_t output_len, uint8_t *out, size_t len, struct err *err);

#endif
