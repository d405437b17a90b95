/* Growing arrays: the one place that doubles a capacity. */
#ifndef VT_COMMON_ARRAY_H
#define VT_COMMON_ARRAY_H

#include <stddef.h>

/*
 * Makes room in V (CAP elements of ELEM bytes, N used) for one more: returns
 * V itself when there is room, else V grown to twice its capacity (FIRST
 * elements the first time), with *CAP updated. NULL when out of memory or the
 * size would overflow; V is then still valid and unchanged.
 */
void *array_reserve(void *v, size_t *cap, size_t n, size_t elem, size_t first);

#endif
