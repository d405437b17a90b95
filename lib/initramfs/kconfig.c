/* SPDX-License-Identifier: MIT */
#include "kconfig.h"

#include <errno.h>
#include <unistd.h>

#include "image/ikconfig.h"

int kconfig_load(struct kconfig *k, const char *path, struct err *err)
{
	k->view = (struct file_view){ .fd = -1 };
	k->present = access(path, F_OK) == 0;
	if (!k->present)
		return errno == ENOENT ? 0 : err_sys(err, "%s", path);
	return file_map(path, &k->view, err) < 0 ? err_prefix(err, "%s", path) : 0;
}

int kconfig_enabled(const struct kconfig *k, const char *symbol)
{
	return k->present && kconfig_text_enabled((const char *)k->view.data, k->view.size, symbol);
}

void kconfig_free(struct kconfig *k)
{
	file_unmap(&k->view);
	k->present = 0;
}
