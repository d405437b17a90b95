/* SPDX-License-Identifier: MIT */
#include "embed.h"

#include <stdlib.h>

#include "archive_check.h"
#include "file_io.h"
#include "injector.h"

struct inputs {
	struct file_view files[2]; /* the kernel given, the archive */
	uint8_t *stock;            /* owned: the stock kernel inside an injector */
	size_t stock_size;
	struct bzimage bz;         /* the stock kernel */
};

/* Parses PATH; an injector kernel is replaced by the stock kernel inside it. */
static int load_stock(struct inputs *in, const char *path, struct err *err)
{
	const struct stub_params *p;
	struct bzimage wrapped;

	if (file_map(path, &in->files[0], err) < 0 ||
	    bzimage_parse(&in->bz, in->files[0].data, in->files[0].size, err) < 0)
		return -1;
	p = injector_params(&in->bz);
	if (!p)
		return 0;
	wrapped = in->bz;
	if (injector_stock(&wrapped, p, &in->stock, &in->stock_size, err) < 0 ||
	    bzimage_parse(&in->bz, in->stock, in->stock_size, err) < 0)
		return err_prefix(err, "stock kernel inside the injector kernel");
	return 0;
}

static void free_inputs(struct inputs *in)
{
	file_unmap(&in->files[0]);
	file_unmap(&in->files[1]);
	free(in->stock);
}

static int write_injector(struct inputs *in, const char *out, int force,
			  struct embed_result *res, struct err *err)
{
	struct injector_build b;
	int ret;

	if (injector_build(&b, &in->bz, in->files[1].data, in->files[1].size, err) < 0)
		return -1;
	res->signature_stripped = b.signature_stripped;
	res->culprit = out;
	ret = file_write_atomic(out, b.parts, INJECTOR_PARTS, force, in->files, 2, err);
	injector_build_free(&b);
	return ret;
}

static int load_archive(struct inputs *in, const char *archive, struct err *err)
{
	const char *codec;

	return file_map(archive, &in->files[1], err) < 0 ? -1 :
	       archive_check(in->files[1].data, in->files[1].size, &codec, err);
}

int embed_file(const char *stock, const char *archive, const char *out, int force,
	       struct embed_result *res, struct err *err)
{
	struct inputs in = { .files = { { .fd = -1 }, { .fd = -1 } } };
	int ret = -1;

	*res = (struct embed_result){ .culprit = stock };
	if (load_stock(&in, stock, err) < 0)
		goto out;
	res->culprit = archive;
	if (load_archive(&in, archive, err) < 0)
		goto out;
	res->culprit = stock;
	ret = write_injector(&in, out, force, res, err);
out:
	free_inputs(&in);
	return ret;
}
