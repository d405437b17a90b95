/* SPDX-License-Identifier: MIT */
/*
 * Reading an injector kernel made by the stub method (lib/embed/embed_stub.c
 * builds them; layout in stub/stub_abi.h): recognising one, its embedded
 * archive, and the stock kernel taken back out of it.
 */
#ifndef STUB_IMAGE_H
#define STUB_IMAGE_H

#include "bzimage.h"
#include "stub/stub_abi.h"

/* The stub's params when BZ is an injector kernel made by the stub method, else NULL. */
const struct stub_params *stub_image_params(const struct bzimage *bz);

/* The embedded archive of an injector kernel. */
const uint8_t *stub_image_archive(const struct bzimage *bz, const struct stub_params *p);

/* Rebuilds, in a new buffer, the stock image an injector kernel was made from. */
int stub_image_stock(const struct bzimage *bz, const struct stub_params *p, uint8_t **stock,
		   size_t *stock_size, struct err *err);

#endif
