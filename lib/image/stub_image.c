/* SPDX-License-Identifier: MIT */
#include "stub_image.h"

#include <stdlib.h>
#include <string.h>

#include "util/align.h"
#include "pe.h"

/* What follows the original part: nothing, or the signature of a signed injector. */
static int tail_is_signature(const struct bzimage *bz, uint64_t end)
{
	struct pe_image pe;
	struct err err;
	size_t unsigned_end;

	return end == bz->size ||
	       (end < bz->size && pe_parse(&pe, bz->data, bz->size, &err) == 0 &&
		pe_unsigned_end(&pe, bz->size, end, &unsigned_end, &err) == 0 &&
		unsigned_end == align_up(end, 8));
}

const struct stub_params *stub_image_params(const struct bzimage *bz)
{
	size_t pm = bz->size - bz->setup_size;
	const struct stub_params *p;

	if (pm < STUB_PARAMS_OFFSET + sizeof(*p))
		return NULL;
	p = (const void *)(bz->data + bz->setup_size + STUB_PARAMS_OFFSET);
	if (p->magic != STUB_MAGIC || p->abi_version != STUB_ABI_VERSION ||
	    p->params_size != sizeof(*p) || p->archive_offset != p->stub_size ||
	    p->archive_size == 0 ||
	    p->orig_offset != p->stub_size + align_up(p->archive_size, STUB_ARCHIVE_ALIGN) ||
	    (uint64_t)p->orig_offset + p->orig_pm_size > pm ||
	    !tail_is_signature(bz, bz->setup_size + (uint64_t)p->orig_offset + p->orig_pm_size) ||
	    p->boot_copy_offset > p->stub_size - SETUP_HEADER_OFFSET)
		return NULL;
	return p;
}

const uint8_t *stub_image_archive(const struct bzimage *bz, const struct stub_params *p)
{
	return bz->data + bz->setup_size + p->archive_offset;
}

int stub_image_stock(const struct bzimage *bz, const struct stub_params *p, uint8_t **stock,
		   size_t *stock_size, struct err *err)
{
	uint8_t *s = malloc(bz->setup_size + p->orig_pm_size);

	if (!s)
		return err_set(err, "out of memory");
	memcpy(s, bz->data, bz->setup_size);
	memcpy(s + bz->setup_size, bz->data + bz->setup_size + p->orig_offset, p->orig_pm_size);
	stub_restore_setup(s, p, bz->data + bz->setup_size + p->boot_copy_offset);
	*stock = s;
	*stock_size = bz->setup_size + p->orig_pm_size;
	return 0;
}
