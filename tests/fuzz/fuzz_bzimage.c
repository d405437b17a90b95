/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the image parser: the setup header, the PE header and
 * payload detection (no decompression: the codecs are libraries with fuzzers
 * of their own). Whatever the parsers accept is then read in full, so that a
 * view pointing outside the input shows up under AddressSanitizer, and the
 * invariants bzimage.h promises are checked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bzimage.h"
#include "pe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touches every byte of [p, p + len): ASan reports any that lie outside. */
static uint8_t sum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	for (size_t i = 0; i < len; i++)
		s ^= p[i];
	return s;
}

static int inside(const uint8_t *data, size_t size, const void *p, size_t len)
{
	const uint8_t *q = p;

	return q >= data && len <= size && (size_t)(q - data) <= size - len;
}

static void check_bzimage(const struct bzimage *bz, const uint8_t *data, size_t size)
{
	volatile uint8_t sink;

	if (!inside(data, size, bz->payload, bz->payload_len) || !bz->codec ||
	    bz->payload_len < bz->codec->magic_len || bz->output_len > BZIMAGE_MAX_OUTPUT ||
	    bz->output_len > bz->hdr->init_size || bz->setup_size + bz->pm_size > size)
		abort();
	if (bz->kernel_version &&
	    !inside(data, size, bz->kernel_version, strlen(bz->kernel_version) + 1))
		abort();
	if (bz->kernel_info && !inside(data, size, bz->kernel_info, sizeof(*bz->kernel_info)))
		abort();
	sink = sum(bz->payload, bz->payload_len);
	(void)sink;
}

static void check_pe(const struct pe_image *pe, const uint8_t *data, size_t size)
{
	volatile uint8_t sink;

	if (!pe->coff)
		return;
	if (!inside(data, size, pe->sections, pe->coff->nsections * sizeof(*pe->sections)))
		abort();
	sink = sum((const uint8_t *)pe->sections, pe->coff->nsections * sizeof(*pe->sections));
	if (pe_is_signed(pe) && !inside(data, size, data + pe->cert->rva, pe->cert->size))
		abort();
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bzimage bz;
	struct pe_image pe;
	struct err err = { 0 };

	if (bzimage_parse(&bz, data, size, &err) == 0)
		check_bzimage(&bz, data, size);
	if (pe_parse(&pe, data, size, &err) == 0)
		check_pe(&pe, data, size);
	/* Every error is one line: the CLI prints it as "vmlinuz-tool: FILE: ...". */
	if (memchr(err.msg, '\n', strnlen(err.msg, sizeof(err.msg))))
		abort();
	return 0;
}
