/* SPDX-License-Identifier: MIT */
#include "embed.h"

#include <stdlib.h>

#include "archive_check.h"
#include "builtin.h"
#include "file_io.h"
#include "injector.h"

#define FALLBACK 1 /* try_builtin: auto mode goes on with the stub */

struct inputs {
	const char *stock_path, *archive_path, *out;
	int force;
	struct file_view files[2]; /* the kernel given, the archive */
	uint8_t *stock;            /* owned: the stock kernel inside an injector */
	size_t stock_size;
	struct bzimage bz;         /* the stock kernel */
};

/* Parses the kernel given; an injector kernel is replaced by the stock kernel inside it. */
static int load_stock(struct inputs *in, struct err *err)
{
	const struct stub_params *p;
	struct bzimage wrapped;

	if (file_map(in->stock_path, &in->files[0], err) < 0 ||
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

static int load_archive(struct inputs *in, struct err *err)
{
	const char *codec;

	return file_map(in->archive_path, &in->files[1], err) < 0 ? -1 :
	       archive_check(in->files[1].data, in->files[1].size, &codec, err);
}

static void free_inputs(struct inputs *in)
{
	file_unmap(&in->files[0]);
	file_unmap(&in->files[1]);
	free(in->stock);
}

static int write_parts(struct inputs *in, const struct out_part *parts, size_t n,
		       struct embed_result *res, struct err *err)
{
	res->culprit = in->out;
	return file_write_atomic(in->out, parts, n, in->force, in->files, 2, err);
}

static int write_stub(struct inputs *in, struct embed_result *res, struct err *err)
{
	struct injector_build b;
	int ret;

	res->culprit = in->stock_path;
	if (injector_build(&b, &in->bz, in->files[1].data, in->files[1].size, err) < 0)
		return -1;
	res->method = EMBED_STUB;
	res->signature_stripped = b.signature_stripped;
	ret = write_parts(in, b.parts, INJECTOR_PARTS, res, err);
	injector_build_free(&b);
	return ret;
}

/*
 * Auto mode wants a slot that was built to be replaced (not the default
 * archive) and an archive and payload that fit; anything less is a reason
 * (in res->why_stub) to use the stub, which a forced builtin reports as the
 * failure.
 */
static int builtin_with(struct inputs *in, uint8_t *vmlinux, int forced,
			struct embed_result *res, struct err *err)
{
	const struct file_view *a = &in->files[1];
	struct builtin_slot bs;
	struct builtin_build b;
	int r = builtin_slot_find(vmlinux, in->bz.output_len, &bs, err);

	if (r <= 0)
		return forced ? -1 : (res->why_stub = *err, FALLBACK);
	if (!forced && builtin_slot_is_default(vmlinux, &bs))
		return err_set(&res->why_stub, "the built-in initramfs is the kernel's default one"),
		       FALLBACK;
	r = builtin_build(&b, &in->bz, vmlinux, &bs, a->data, a->size, err);
	if (r < 0)
		return -1;
	if (r != BUILTIN_OK && !forced)
		return res->why_stub = *err, FALLBACK;
	if (r != BUILTIN_OK) {
		struct err refusal = *err;

		if (r == BUILTIN_ARCHIVE_TOO_LARGE)
			res->culprit = in->archive_path;
		return err_set(err, "%s; use --method stub", refusal.msg);
	}
	res->method = EMBED_BUILTIN;
	res->payload_spare = b.payload_spare;
	res->signature_stripped = b.signature_stripped;
	r = write_parts(in, b.parts, BUILTIN_PARTS, res, err);
	builtin_build_free(&b);
	return r;
}

static int try_builtin(struct inputs *in, int forced, struct embed_result *res, struct err *err)
{
	uint8_t *vmlinux;
	int ret;

	res->culprit = in->stock_path;
	if (bzimage_decompress(&in->bz, &vmlinux, err) < 0)
		return forced ? -1 : (res->why_stub = *err, FALLBACK);
	ret = builtin_with(in, vmlinux, forced, res, err);
	bzimage_output_free(&in->bz, vmlinux);
	return ret;
}

int embed_file(const char *stock, const char *archive, const char *out, int force,
	       enum embed_method method, struct embed_result *res, struct err *err)
{
	struct inputs in = { .stock_path = stock, .archive_path = archive, .out = out,
			     .force = force, .files = { { .fd = -1 }, { .fd = -1 } } };
	int ret = -1;

	*res = (struct embed_result){ .culprit = stock };
	if (load_stock(&in, err) < 0)
		goto out;
	res->culprit = archive;
	if (load_archive(&in, err) < 0)
		goto out;
	ret = method == EMBED_STUB ? FALLBACK : try_builtin(&in, method == EMBED_BUILTIN, res, err);
	if (ret == FALLBACK)
		ret = write_stub(&in, res, err);
out:
	free_inputs(&in);
	return ret;
}
