/* SPDX-License-Identifier: MIT */
/*
 * zstd at level 22 (cmd_zstd22: `zstd -22 --ultra`), one frame. The kernel
 * build pipes its input to zstd, which then does not know the size and
 * picks level 22's parameters for an unknown size (a 128 MiB window, which
 * also turns on long-distance matching); both variants do the same, so the
 * frame header is the build's but for the content checksum, which the
 * library leaves out and the CLI writes.
 *
 * Variant 1 is the build's setting. It is not reproducible byte for byte:
 * on Debian's 6.12 kernels its stream ranges from 1.6 KiB smaller to 52
 * bytes larger than the build's own. Variant 0 adds what no decoder can
 * tell apart from an ordinary stream and comes out 1.4-10 KiB smaller than
 * variant 1 there (2-10 KiB smaller than the build's): targetLength at its
 * maximum, and, when the input is an ELF file (the vmlinux), blocks that
 * end where its sections start and end. zstd's statistics carry from block
 * to block, and a block that mixes code with tables or strings is coded
 * worse. Which block boundaries help most is hard to predict (others, such
 * as zstd 1.5.7's content fingerprints, made the stream larger), which is
 * why variant 1 stays as the fallback.
 *
 * Reading: zstd through libzstd: the first frame only, as the kernel's decompressor.
 */
#include <gelf.h>
#include <stdlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "codec.h"

#define BLOCK_HEADER 3 /* bytes; ZSTD_compressBound counts one per 128 KiB only */

struct cuts {
	size_t *at; /* ascending, each inside (0, input length) */
	size_t n;
};

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static void add_cut(struct cuts *c, size_t at, size_t in_len)
{
	if (at > 0 && at < in_len)
		c->at[c->n++] = at;
}

/* The starts and ends of sections with file bytes, sorted and unique; room for 2 per section. */
static void collect_cuts(Elf *e, size_t in_len, struct cuts *c)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t u = 0;

	while ((scn = elf_nextscn(e, scn)) && gelf_getshdr(scn, &sh)) {
		if (sh.sh_type == SHT_NOBITS || sh.sh_offset > in_len ||
		    sh.sh_size > in_len - sh.sh_offset)
			continue;
		add_cut(c, sh.sh_offset, in_len);
		add_cut(c, sh.sh_offset + sh.sh_size, in_len);
	}
	qsort(c->at, c->n, sizeof(*c->at), cmp_size);
	for (size_t i = 0; i < c->n; i++)
		if (!u || c->at[i] != c->at[u - 1])
			c->at[u++] = c->at[i];
	c->n = u;
}

/*
 * Where IN's ELF sections begin and end. Only a hint for the block
 * boundaries: input that is no ELF file, or a malformed one, gets none.
 */
static int section_cuts(const uint8_t *in, size_t in_len, struct cuts *c, struct err *err)
{
	Elf *e;
	size_t nscn;

	c->at = NULL;
	c->n = 0;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return 0;
	/* libelf only reads the buffer: elf_memory does not write through it. */
	e = elf_memory((char *)in, in_len);
	if (e && elf_kind(e) == ELF_K_ELF && elf_getshdrnum(e, &nscn) == 0 && nscn) {
		if (!(c->at = malloc(2 * nscn * sizeof(*c->at)))) {
			elf_end(e);
			return err_set(err, "out of memory");
		}
		collect_cuts(e, in_len, c);
	}
	elf_end(e);
	return 0;
}

/* WINDOW_LOG 0 leaves the level's own window. */
static size_t setup(ZSTD_CCtx *c, unsigned variant, int window_log)
{
	size_t r = ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, ZSTD_maxCLevel());

	if (!ZSTD_isError(r) && window_log)
		r = ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, window_log);

	if (!ZSTD_isError(r) && variant == 0)
		r = ZSTD_CCtx_setParameter(c, ZSTD_c_targetLength,
					   ZSTD_cParam_getBounds(ZSTD_c_targetLength).upperBound);
	return r;
}

static int fed(const ZSTD_inBuffer *ib, size_t r, ZSTD_EndDirective how)
{
	return how == ZSTD_e_continue ? ib->pos == ib->size : r == 0;
}

/* Hands IN from *POS up to END to zstd; a flush ends the block there. */
static size_t feed(ZSTD_CCtx *c, ZSTD_outBuffer *ob, const uint8_t *in, size_t *pos, size_t end,
		   ZSTD_EndDirective how)
{
	ZSTD_inBuffer ib = { in, end, *pos };
	size_t r;

	do
		r = ZSTD_compressStream2(c, ob, &ib, how);
	while (!ZSTD_isError(r) && !fed(&ib, r, how) && ob->pos < ob->size);
	*pos = ib.pos;
	/* A full buffer would stop all progress; the caller leaves room for every block. */
	if (!ZSTD_isError(r) && !fed(&ib, r, how))
		return (size_t)-ZSTD_error_dstSize_tooSmall;
	return r;
}

static size_t run(ZSTD_CCtx *c, const uint8_t *in, size_t in_len, const struct cuts *cuts,
		  uint8_t *buf, size_t cap)
{
	ZSTD_outBuffer ob = { buf, cap, 0 };
	size_t pos = 0, r = 0;

	for (size_t i = 0; i < cuts->n && !ZSTD_isError(r); i++)
		r = feed(c, &ob, in, &pos, cuts->at[i], ZSTD_e_flush);
	/* Ending the frame in the first call would tell zstd the size. */
	if (!ZSTD_isError(r))
		r = feed(c, &ob, in, &pos, in_len, ZSTD_e_continue);
	if (!ZSTD_isError(r))
		r = feed(c, &ob, in, &pos, in_len, ZSTD_e_end);
	return ZSTD_isError(r) ? r : ob.pos;
}

static int zstd_encode(const uint8_t *in, size_t in_len, unsigned variant, int window_log,
		       uint8_t **out, size_t *out_len, struct err *err)
{
	struct cuts cuts = { NULL, 0 };
	size_t cap, n;
	uint8_t *buf;
	ZSTD_CCtx *c;

	if (variant == 0 && section_cuts(in, in_len, &cuts, err) < 0)
		return -1;
	cap = ZSTD_compressBound(in_len) + cuts.n * BLOCK_HEADER;
	buf = malloc(cap);
	c = ZSTD_createCCtx();
	if (!buf || !c) {
		free(cuts.at);
		free(buf);
		ZSTD_freeCCtx(c);
		return err_set(err, "out of memory");
	}
	n = setup(c, variant, window_log);
	if (!ZSTD_isError(n))
		n = run(c, in, in_len, &cuts, buf, cap);
	ZSTD_freeCCtx(c);
	free(cuts.at);
	if (ZSTD_isError(n)) {
		free(buf);
		return err_set(err, "libzstd: %s", ZSTD_getErrorName(n));
	}
	*out = buf;
	*out_len = n;
	return 0;
}

int compress_zstd(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
		  size_t *out_len, struct err *err)
{
	return zstd_encode(in, in_len, variant, 0, out, out_len, err);
}

/*
 * The kernel's streaming decoder (initramfs) refuses windows over
 * ZSTD_WINDOWSIZE_MAX, 8 MiB; the boot decompressor decodes in one shot
 * and takes any.
 */
#define INITRAMFS_WINDOW_LOG 23

int compress_zstd_initramfs(const uint8_t *in, size_t in_len, unsigned variant, uint8_t **out,
			    size_t *out_len, struct err *err)
{
	return zstd_encode(in, in_len, variant, INITRAMFS_WINDOW_LOG, out, out_len, err);
}

size_t zstd_frame_len(const uint8_t *in, size_t in_len)
{
	size_t n = ZSTD_findFrameCompressedSize(in, in_len);

	return ZSTD_isError(n) ? in_len : n;
}

int decompress_zstd(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		    struct err *err)
{
	size_t frame = ZSTD_findFrameCompressedSize(in, in_len);
	size_t n;

	if (ZSTD_isError(frame))
		return err_set(err, "corrupt zstd stream: %s", ZSTD_getErrorName(frame));
	/* One-shot: the output buffer is the window, so memory is bounded by OUT_LEN. */
	n = ZSTD_decompress(out, out_len, in, frame);
	if (ZSTD_getErrorCode(n) == ZSTD_error_dstSize_tooSmall)
		return codec_err_overrun(err, "zstd", out_len);
	if (ZSTD_isError(n))
		return err_set(err, "corrupt zstd stream: %s", ZSTD_getErrorName(n));
	if (n != out_len)
		return codec_err_short(err, "zstd", n, out_len);
	return 0;
}
