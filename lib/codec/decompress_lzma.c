/* SPDX-License-Identifier: MIT */
/* xz (the kernel's xz_wrap.sh output) and lzma-alone through liblzma. */
#include <lzma.h>

#include "codec.h"

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

int decompress_lzma(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		    struct err *err)
{
	return decompress_with(alone_init, "lzma", in, in_len, out, out_len, err);
}
