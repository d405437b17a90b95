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
 * heuristic, so no setting wins on every input: variant 1 is plain 9e,
 * variant 2 plain 9 (0.1% smaller than 9e on the tinyconfig test kernels,
 * where the other two do not fit).
 *
 * Reading: xz (the kernel's xz_wrap.sh output) and lzma-alone through liblzma.
 */
#include <lzma.h>
#include <stdlib.h>

#include "codec.h"

#define DICT_MIN (4u << 10)
#define LZMA1_GROWTH 8 /* room for 1/8 more than the input: random data grows by about 1/70 */
#define XZ_LC 4     /* literal context bits (lp stays 0) */
#define XZ_DEPTH 64 /* match finder cycles per position */
/* xz's default: archives are built at every boot of every VM, speed counts. */
#define XZ_ARCHIVE_PRESET 6

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

/* The variants below, with or without the x86 BCJ filter in front of LZMA2. */
static int xz_encode(const uint8_t *in, size_t in_len, unsigned variant, int bcj, uint8_t **out,
		     size_t *out_len, struct err *err)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma o;
	lzma_filter filters[] = {
		{ LZMA_FILTER_X86, NULL },
		{ LZMA_FILTER_LZMA2, &o },
		{ LZMA_VLI_UNKNOWN, NULL },
	};

	if (options(&o, in_len, variant < 2, err) < 0)
		return -1;
	if (variant == 0) {
		o.lc = XZ_LC;
		o.depth = XZ_DEPTH;
	}
	if (lzma_stream_encoder(&s, bcj ? filters : filters + 1, LZMA_CHECK_CRC32) != LZMA_OK)
		return err_set(err, "liblzma: cannot start the xz encoder");
	return run(&s, in, in_len, lzma_stream_buffer_bound(in_len), out, out_len, err);
}

int compress_xz(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
		size_t *out_len, struct err *err)
{
	return xz_encode(in, in_len, variant, 1, out, out_len, err);
}

/* The kernel's initramfs decompressor has BCJ filters only with XZ_DEC_X86. */
int compress_xz_initramfs(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
			  size_t *out_len, struct err *err)
{
	return xz_encode(in, in_len, variant, 0, out, out_len, err);
}

int compress_xz_archive(const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len,
			struct err *err)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma o;
	lzma_filter filters[] = { { LZMA_FILTER_LZMA2, &o }, { LZMA_VLI_UNKNOWN, NULL } };

	if (lzma_lzma_preset(&o, XZ_ARCHIVE_PRESET))
		return err_set(err, "liblzma: no preset %d", XZ_ARCHIVE_PRESET);
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
	/*
	 * LZMA1 cannot store a chunk as it is, as LZMA2 does: incompressible
	 * input (a random file in an archive) grows past xz's bound.
	 */
	return run(&s, in, in_len, in_len + in_len / LZMA1_GROWTH + DICT_MIN, out, out_len, err);
}

/* lzma -9 needs a 64 MiB dictionary; nothing the kernel builds needs more. */
#define LZMA_MEMLIMIT (256u << 20)

static int lzma_failure(struct err *err, const char *name, lzma_ret r)
{
	switch (r) {
	case LZMA_MEMLIMIT_ERROR:
		return err_set(err, "%s stream needs more than %u MiB to decompress", name,
			       LZMA_MEMLIMIT >> 20);
	case LZMA_BUF_ERROR:
		return err_set(err, "%s stream is truncated", name);
	case LZMA_MEM_ERROR:
		return err_set(err, "out of memory decompressing %s", name);
	default:
		return err_set(err, "corrupt %s stream (liblzma error %d)", name, (int)r);
	}
}

/* Runs S to the end of its stream; one probe byte past OUT detects overruns. */
static int lzma_run(lzma_stream *s, const char *name, const uint8_t *in, size_t in_len,
		    uint8_t *out, size_t out_len, struct err *err)
{
	uint8_t probe;
	lzma_ret r;

	s->next_in = in;
	s->avail_in = in_len;
	s->next_out = out;
	s->avail_out = out_len;
	do {
		if (s->avail_out == 0) {
			if (s->next_out == &probe + 1)
				return codec_err_overrun(err, name, out_len);
			s->next_out = &probe;
			s->avail_out = 1;
		}
		r = lzma_code(s, LZMA_FINISH);
	} while (r == LZMA_OK);
	if (r != LZMA_STREAM_END)
		return lzma_failure(err, name, r);
	if (s->next_out == &probe + 1)
		return codec_err_overrun(err, name, out_len);
	if (s->next_out != &probe && s->avail_out != 0)
		return codec_err_short(err, name, out_len - s->avail_out, out_len);
	return 0;
}

static int decompress_with(lzma_ret (*init)(lzma_stream *), const char *name, const uint8_t *in,
			   size_t in_len, uint8_t *out, size_t out_len, struct err *err)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret r = init(&s);
	int ret;

	if (r != LZMA_OK)
		return lzma_failure(err, name, r);
	ret = lzma_run(&s, name, in, in_len, out, out_len, err);
	lzma_end(&s);
	return ret;
}

/* Without LZMA_CONCATENATED the decoder stops at the end of the first stream. */
static lzma_ret xz_init(lzma_stream *s)
{
	return lzma_stream_decoder(s, LZMA_MEMLIMIT, 0);
}

static lzma_ret alone_init(lzma_stream *s)
{
	return lzma_alone_decoder(s, LZMA_MEMLIMIT);
}

int decompress_xz(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		  struct err *err)
{
	return decompress_with(xz_init, "xz", in, in_len, out, out_len, err);
}

int lzma_check_dict(const uint8_t *in, size_t in_len, struct err *err)
{
	uint32_t dict;

	if (in_len < 5)
		return 0;
	dict = in[1] | (uint32_t)in[2] << 8 | (uint32_t)in[3] << 16 | (uint32_t)in[4] << 24;
	if (dict > LZMA_MEMLIMIT)
		return err_set(err, "lzma stream asks for a dictionary of %u bytes, more than %u",
			       dict, LZMA_MEMLIMIT);
	return 0;
}

int decompress_lzma(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		    struct err *err)
{
	return decompress_with(alone_init, "lzma", in, in_len, out, out_len, err);
}
