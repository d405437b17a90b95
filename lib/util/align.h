/* SPDX-License-Identifier: MIT */
#ifndef ALIGN_H
#define ALIGN_H

#include <stddef.h>

/* V rounded up to a multiple of A (any A > 0, not only powers of two). */
static inline size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) / a * a;
}

#endif
