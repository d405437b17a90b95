/* SPDX-License-Identifier: MIT */
/* gcc may emit calls to these even when freestanding; rep movs is fast under TCG. */
#include "stub.h"

void *memmove(void *dst, const void *src, size_t n)
{
	void *d = dst;

	if ((uintptr_t)dst - (uintptr_t)src >= n) {
		__asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	} else {
		/* Overlap with dst above src: copy backwards. */
		d = (char *)dst + n - 1;
		src = (const char *)src + n - 1;
		__asm__ volatile("std; rep movsb; cld" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	}
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	return memmove(dst, src, n);
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return dst;
}
