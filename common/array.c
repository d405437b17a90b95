#include "array.h"

#include <stdint.h>
#include <stdlib.h>

void *array_reserve(void *v, size_t *cap, size_t n, size_t elem, size_t first)
{
	size_t want;

	if (n < *cap)
		return v;
	want = *cap ? 2 * *cap : first;
	if (want < *cap || want > SIZE_MAX / elem)
		return NULL;
	v = realloc(v, want * elem);
	if (v)
		*cap = want;
	return v;
}
