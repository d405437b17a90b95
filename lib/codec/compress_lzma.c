/* SPDX-License-Identifier: MIT */
/*
 * xz and lzma through liblzma. xz as scripts/xz_wrap.sh writes it for x86
 * (CRC32 check, the x86 BCJ filter, LZMA2), lzma in the .lzma ("alone")
 * format of `lzma -9`. The dictionary is capped at the input size, which
 * changes nothing in the stream but the encoder's memory.
 *
 * lzma: variant 0 is preset 9, variant 1 preset 9e.
 *
 * xz: on Debian's 6.1 kernels preset 9 comes out 2-18 KiB larger than the
 * build's own stream (preset 6 with a 32 MiB dictionary), 9e 8-18 KiB
 * smaller. Variant 0 is 9e with lc=4 and a match finder depth of 64
 * instead of 512: another 8.5-9.5 KiB smaller there, and faster. LZMA2 and
 * the kernel's xz_dec_lzma2.c accept lc + lp <= 4. The encoder's parse is
 * heuristic, so no setting wins on every input: variant 1 is plain 9e.
 */
#include <lzma.h>
#include <stdlib.h>

#include "codec.h"

#define DICT_MIN (4u << 10)
#define XZ_LC 4     /* literal context bits (lp stays 0) */
#define XZ_DEPTH 64 /* match finder cycles per position */

static int run(lzma_stream *s, const uint8_t *in, size_t in_len, size_t cap, uint8_t **out,
	       size_t *out_len, struct err *err)
{
	uint8_t *buf = malloc(cap);
	lzma_ret r;

	if (!buf) {
		lzma_end(s);
		return err_set(err, "out of memory");
	}
	s->next_in = in;
	s->avail_in = in_len;
	s->next_out = buf;
	s->avail_out = cap;
	r = lzma_code(s, LZMA_FINISH);
	*out_len = s->total_out;
	lzma_end(s);
	if (r != LZMA_STREAM_END) {
		free(buf);
		return err_set(err, "liblzma: compression failed (error %d)", (int)r);
	}
	*out = buf;
	return 0;
}

static int options(lzma_options_lzma *o, size_t in_len, int extreme, struct err *err)
{
	if (lzma_lzma_preset(o, 9 | (extreme ? LZMA_PRESET_EXTREME : 0)))
		return err_set(err, "liblzma: no preset 9%s", extreme ? "e" : "");
	if (o->dict_size > in_len)
		o->dict_size = in_len < DICT_MIN ? DICT_MIN : (uint32_t)in_len;
	return 0;
}

int compress_xz(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
		size_t *out_len, struct err *err)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma o;
	lzma_filter filters[] = {
		{ LZMA_FILTER_X86, NULL },
		{ LZMA_FILTER_LZMA2, &o },
		{ LZMA_VLI_UNKNOWN, NULL },
	};

	if (options(&o, in_len, 1, err) < 0)
		return -1;
	if (variant == 0) {
		o.lc = XZ_LC;
		o.depth = XZ_DEPTH;
	}
	if (lzma_stream_encoder(&s, filters, LZMA_CHECK_CRC32) != LZMA_OK)
		return err_set(err, "liblzma: cannot start the xz encoder");
	return run(&s, in, in_len, lzma_stream_buffer_bound(in_len), out, out_len, err);
}

int compress_lzma(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
		  size_t *out_len, struct err *err)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma o;

	if (options(&o, in_len, variant != 0, err) < 0)
		return -1;
	if (lzma_alone_encoder(&s, &o) != LZMA_OK)
		return err_set(err, "liblzma: cannot start the lzma encoder");
	/* The alone format has no block overhead bound of its own; xz's is larger. */
	return run(&s, in, in_len, lzma_stream_buffer_bound(in_len), out, out_len, err);
}
