/* SPDX-License-Identifier: MIT */
#include "version.h"

#include <ctype.h>

static int order(unsigned char c)
{
	if (isdigit(c))
		return 0;
	if (isalpha(c))
		return c;
	if (c == '~')
		return -1;
	return c ? c + 256 : 0;
}

static int cmp_digits(const char **pa, const char **pb)
{
	const char *a = *pa, *b = *pb;
	int first = 0;

	while (*a == '0')
		a++;
	while (*b == '0')
		b++;
	/* Longer runs win; equal lengths are decided by the first differing digit. */
	while (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
		if (!first)
			first = *a - *b;
		a++;
		b++;
	}
	*pa = a;
	*pb = b;
	if (isdigit((unsigned char)*a))
		return 1;
	if (isdigit((unsigned char)*b))
		return -1;
	return first;
}

int version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		int d;

		while ((*a && !isdigit((unsigned char)*a)) || (*b && !isdigit((unsigned char)*b))) {
			int oa = order((unsigned char)*a), ob = order((unsigned char)*b);

			if (oa != ob)
				return oa - ob;
			a++;
			b++;
		}
		d = cmp_digits(&a, &b);
		if (d)
			return d;
	}
	return 0;
}
