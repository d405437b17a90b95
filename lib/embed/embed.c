/* SPDX-License-Identifier: MIT */
#include "embed.h"

#include <stdlib.h>

#include "cpio/archive_check.h"
#include "embed_builtin.h"
#include "embed_sign.h"
#include "util/file_io.h"
#include "embed_stub.h"
#include "slot_archive.h"

/* What the builtin attempt leaves to do. */
enum builtin_outcome {
	BUILTIN_FAILED = -1,  /* ERR says why */
	BUILTIN_WRITTEN = 0,
	BUILTIN_FALLBACK = 1, /* auto mode goes on with the stub; res->why_stub says why */
};

struct inputs {
	const char *stock_path, *archive_path, *out;
	int force;
	const struct pe_sign_key *sign; /* NULL: unsigned */
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
		return err_at(err, in->stock_path);
	p = stub_image_params(&in->bz);
	if (!p)
		return 0;
	wrapped = in->bz;
	if (stub_image_stock(&wrapped, p, &in->stock, &in->stock_size, err) < 0 ||
	    bzimage_parse(&in->bz, in->stock, in->stock_size, err) < 0) {
		err_prefix(err, "stock kernel inside the injector kernel");
		return err_at(err, in->stock_path);
	}
	return 0;
}

static int load_archive(struct inputs *in, struct err *err)
{
	const char *codec;

	if (file_map(in->archive_path, &in->files[1], err) < 0 ||
	    archive_check(in->files[1].data, in->files[1].size, &codec, err) < 0)
		return err_at(err, in->archive_path);
	return 0;
}

static void free_inputs(struct inputs *in)
{
	file_unmap(&in->files[0]);
	file_unmap(&in->files[1]);
	free(in->stock);
}

static int write_parts(struct inputs *in, const struct out_part *parts, size_t n,
		       struct err *err)
{
	const struct file_out out = { 0644, in->force };

	if (in->sign)
		return embed_write_signed(in->out, parts, n, &out, in->files, 2, in->sign, err);
	if (file_write_atomic(in->out, parts, n, &out, in->files, 2, err) < 0)
		return err_at(err, in->out);
	return 0;
}

static int write_stub(struct inputs *in, struct embed_result *res, struct err *err)
{
	struct embed_stub_build b;
	int ret;

	if (embed_stub_build(&b, &in->bz, in->files[1].data, in->files[1].size, err) < 0)
		return err_at(err, in->stock_path);
	res->method = EMBED_STUB;
	res->signature_stripped = b.signature_stripped;
	res->efi_entry = b.efi_entry;
	ret = write_parts(in, b.parts, EMBED_STUB_PARTS, err);
	embed_stub_build_free(&b);
	return ret;
}

/*
 * Auto mode wants a slot that was built to be replaced (not the default
 * archive) and an archive and payload that fit; anything less is a reason
 * (in res->why_stub) to use the stub, which a forced builtin reports as the
 * failure.
 */
/* ERR, the reason the builtin method cannot be used: an error when forced. */
static enum builtin_outcome cannot(struct inputs *in, int forced, struct embed_result *res,
				   struct err *err)
{
	if (!forced) {
		res->why_stub = *err;
		return BUILTIN_FALLBACK;
	}
	err_at(err, in->stock_path);
	return BUILTIN_FAILED;
}

/* A slot or payload that does not fit, forced: the refusal says what to do instead. */
static enum builtin_outcome refuse(struct inputs *in, enum builtin_result r, struct err *err)
{
	struct err refusal = *err;

	err_set(err, "%s; use --method stub", refusal.msg);
	err_at(err, r == BUILTIN_ARCHIVE_TOO_LARGE ? in->archive_path : in->stock_path);
	return BUILTIN_FAILED;
}

static enum builtin_outcome builtin_with(struct inputs *in, uint8_t *vmlinux, int forced,
					 struct embed_result *res, struct err *err)
{
	const struct file_view *a = &in->files[1];
	struct builtin_slot bs;
	struct embed_builtin_build b;
	unsigned codecs;
	int r;

	if (builtin_slot_find(vmlinux, in->bz.output_len, &bs, err) != SLOT_FOUND)
		return cannot(in, forced, res, err);
	if (!forced && builtin_slot_is_default(vmlinux, &bs)) {
		err_set(err, "the built-in initramfs is the kernel's default one");
		return cannot(in, forced, res, err);
	}
	if (slot_archive_kernel_codecs(vmlinux, in->bz.output_len, bs.codec, &codecs, err) < 0)
		return cannot(in, forced, res, err);
	r = embed_builtin_build(&b, &in->bz, vmlinux, &bs, a->data, a->size, codecs, err);
	if (r < 0) {
		err_at(err, in->stock_path);
		return BUILTIN_FAILED;
	}
	if (r != BUILTIN_OK)
		return forced ? refuse(in, r, err) : cannot(in, forced, res, err);
	res->method = EMBED_BUILTIN;
	res->payload_spare = b.payload_spare;
	res->slot_codec = b.slot_codec ? b.slot_codec->name : "none";
	res->slot_used = b.slot_used;
	res->slot_capacity = bs.capacity;
	res->signature_stripped = b.signature_stripped;
	r = write_parts(in, b.parts, EMBED_BUILTIN_PARTS, err);
	embed_builtin_build_free(&b);
	return r < 0 ? BUILTIN_FAILED : BUILTIN_WRITTEN;
}

static enum builtin_outcome try_builtin(struct inputs *in, int forced, struct embed_result *res,
					struct err *err)
{
	enum builtin_outcome ret;
	uint8_t *vmlinux;

	if (bzimage_decompress(&in->bz, &vmlinux, err) < 0)
		return cannot(in, forced, res, err);
	ret = builtin_with(in, vmlinux, forced, res, err);
	bzimage_output_free(&in->bz, vmlinux);
	return ret;
}

int embed_file(const char *stock, const char *archive, const char *out, int force,
	       enum embed_method method, const struct pe_sign_key *sign, struct embed_result *res,
	       struct err *err)
{
	struct inputs in = { .stock_path = stock, .archive_path = archive, .out = out,
			     .force = force, .sign = sign, .files = { { .fd = -1 }, { .fd = -1 } } };
	int ret = -1;

	*res = (struct embed_result){ 0 };
	if (load_stock(&in, err) < 0 || load_archive(&in, err) < 0)
		goto out;
	ret = method == EMBED_STUB ? BUILTIN_FALLBACK
				   : try_builtin(&in, method == EMBED_BUILTIN, res, err);
	if (ret == BUILTIN_FALLBACK)
		ret = write_stub(&in, res, err);
out:
	free_inputs(&in);
	return ret;
}
