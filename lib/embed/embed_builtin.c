/* SPDX-License-Identifier: MIT */
#include "embed_builtin.h"

#include <stdlib.h>
#include <string.h>

#include "payload_fit.h"
#include "slot_archive.h"
#include "image/pe.h"

/* The new payload must give back exactly the vmlinux it was made from. */
static int check_payload(const struct bzimage *stock, const uint8_t *payload,
			 const uint8_t *vmlinux, struct err *err)
{
	struct bzimage check = *stock;
	uint8_t *out;
	int same;

	check.payload = payload;
	if (bzimage_decompress(&check, &out, err) < 0)
		return err_prefix(err, "internal error: the new payload does not decompress");
	same = memcmp(out, vmlinux, stock->output_len) == 0;
	bzimage_output_free(&check, out);
	return same ? 0 : err_set(err, "internal error: the new payload decompresses wrongly");
}

/* The first of the codec's variants whose stream fits, or else the smallest. */
static int best_stream(const struct bzimage *stock, const uint8_t *vmlinux, uint8_t **stream,
		       size_t *stream_len, struct err *err)
{
	const struct codec *c = stock->codec;

	*stream = NULL;
	*stream_len = 0;
	for (unsigned v = 0; v < c->compress_variants; v++) {
		uint8_t *s;
		size_t n;

		if (c->compress(vmlinux, stock->output_len, v, &s, &n, err) < 0) {
			free(*stream);
			return err_prefix(err, "%s compression", c->name);
		}
		if (*stream && n >= *stream_len) {
			free(s);
			continue;
		}
		free(*stream);
		*stream = s;
		*stream_len = n;
		if (payload_fit_min(c, n) <= stock->payload_len)
			break;
	}
	return 0;
}

static int recompress(struct embed_builtin_build *b, const struct bzimage *stock,
		      const uint8_t *vmlinux, struct err *err)
{
	const struct codec *c = stock->codec;
	uint8_t *stream;
	size_t stream_len, need;
	int ret = BUILTIN_OK;

	if (best_stream(stock, vmlinux, &stream, &stream_len, err) < 0)
		return -1;
	need = payload_fit_min(c, stream_len);
	if (need > stock->payload_len) {
		ret = BUILTIN_PAYLOAD_TOO_LARGE;
		err_set(err, "the recompressed payload (%s) is %zu bytes, %zu more than the "
			"original %zu", c->name, need, need - stock->payload_len, stock->payload_len);
	} else if (!(b->payload = malloc(stock->payload_len))) {
		ret = err_set(err, "out of memory");
	} else if (payload_fit(c, stream, stream_len, stock->output_len, b->payload,
			       stock->payload_len, err) < 0 ||
		   check_payload(stock, b->payload, vmlinux, err) < 0) {
		ret = -1;
	}
	b->payload_spare = need <= stock->payload_len ? stock->payload_len - need : 0;
	free(stream);
	return ret;
}

/* The file around the new payload; a trailing signature is cut and unannounced. */
static int layout(struct embed_builtin_build *b, const struct bzimage *stock, struct err *err)
{
	size_t pay = stock->setup_size + stock->hdr->payload_offset, after, end;
	struct pe_image pe;

	if (pe_parse(&pe, stock->data, stock->size, err) < 0 ||
	    pe_unsigned_end(&pe, stock->size, stock->setup_size + stock->pm_size, &end, err) < 0)
		return -1;
	b->signature_stripped = end != stock->size;
	if (b->signature_stripped) {
		if (!(b->setup = malloc(stock->setup_size)))
			return err_set(err, "out of memory");
		memcpy(b->setup, stock->data, stock->setup_size);
		memset(b->setup + ((const uint8_t *)pe.cert - stock->data), 0, sizeof(*pe.cert));
	}
	after = pay + stock->payload_len;
	b->parts[0] = (struct out_part){ b->setup ? b->setup : stock->data, stock->setup_size };
	b->parts[1] = (struct out_part){ stock->data + stock->setup_size, stock->hdr->payload_offset };
	b->parts[2] = (struct out_part){ b->payload, stock->payload_len };
	b->parts[3] = (struct out_part){ stock->data + after, end - after };
	return 0;
}

int embed_builtin_build(struct embed_builtin_build *b, const struct bzimage *stock, uint8_t *vmlinux,
		  const struct builtin_slot *bs, const uint8_t *archive, size_t size,
		  unsigned codecs, struct err *err)
{
	struct slot_archive a;
	int ret;

	memset(b, 0, sizeof(*b));
	ret = slot_archive_pick(&a, archive, size, codecs, bs->capacity, err);
	if (ret != SLOT_FITS)
		return ret < 0 ? -1 : BUILTIN_ARCHIVE_TOO_LARGE;
	builtin_slot_write(vmlinux, bs, a.data, a.len);
	b->slot_codec = a.codec;
	b->slot_used = a.len;
	slot_archive_free(&a);
	ret = recompress(b, stock, vmlinux, err);
	if (ret == BUILTIN_OK && layout(b, stock, err) < 0)
		ret = -1;
	if (ret != BUILTIN_OK)
		embed_builtin_build_free(b);
	return ret;
}

void embed_builtin_build_free(struct embed_builtin_build *b)
{
	free(b->setup);
	free(b->payload);
	memset(b, 0, sizeof(*b));
}
