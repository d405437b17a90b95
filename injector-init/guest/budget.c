/* SPDX-License-Identifier: MIT */
#include "budget.h"

#include <stddef.h>

const struct guest_budget guest_budget_default = { GUEST_BUDGET_FILES, GUEST_BUDGET_BYTES,
						   GUEST_BUDGET_ENTRIES };

static struct {
	int armed, spent;
	struct guest_budget left;
} budget;

void guest_budget_arm(const struct guest_budget *limit)
{
	budget.armed = limit != NULL;
	budget.spent = 0;
	if (limit)
		budget.left = *limit;
}

static int take(unsigned long *left, unsigned long n)
{
	if (n > *left)
		return -1;
	*left -= n;
	return 0;
}

int guest_budget_charge(unsigned long files, unsigned long bytes, unsigned long entries)
{
	if (!budget.armed)
		return 0;
	if (budget.spent || take(&budget.left.files, files) < 0 ||
	    take(&budget.left.bytes, bytes) < 0 || take(&budget.left.entries, entries) < 0) {
		budget.spent = 1;
		return -1;
	}
	return 0;
}

int guest_budget_spent(void)
{
	return budget.spent;
}

struct dirent *guest_readdir(DIR *d)
{
	return guest_budget_charge(0, 0, 1) < 0 ? NULL : readdir(d);
}
