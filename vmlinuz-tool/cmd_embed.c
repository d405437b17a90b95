/* SPDX-License-Identifier: MIT */
/*
 * `vmlinuz-tool embed [-o OUT] [--force] [--method auto|builtin|stub] STOCK
 * ARCHIVE`, also installed as `vmlinuz-embed`: STOCK with ARCHIVE embedded,
 * either in the kernel's own built-in initramfs slot (builtin.h) or behind
 * the boot stub (injector.h). An injector kernel given as STOCK has its
 * archive replaced.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive_check.h"
#include "builtin.h"
#include "commands.h"
#include "file_io.h"
#include "injector.h"

enum method { METHOD_AUTO, METHOD_BUILTIN, METHOD_STUB };
#define BUILTIN_FALLBACK 1 /* try_builtin: auto mode goes on with the stub */

#define DEFAULT_OUTPUT "injector.vmlinuz"

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

static int write_injector(struct inputs *in, const char *stock, const char *out, int force)
{
	struct injector_build b;
	struct err err;
	int ret;

	if (injector_build(&b, &in->bz, in->files[1].data, in->files[1].size, &err) < 0)
		return fail(stock, &err);
	if (b.signature_stripped)
		fprintf(stderr, PROGRAM ": warning: %s: Authenticode signature removed; the "
				"injector kernel is unsigned\n", stock);
	ret = file_write_atomic(out, b.parts, INJECTOR_PARTS, force, in->files, 2, &err);
	injector_build_free(&b);
	if (ret < 0)
		return fail(out, &err);
	fprintf(stderr, PROGRAM ": warning: %s: EFI entries disabled: PE-only UEFI loaders "
			"(systemd-boot, GRUB on EFI) refuse this kernel; QEMU -kernel with "
			"SeaBIOS or OVMF, BIOS GRUB, ISOLINUX and kexec boot it\n", out);
	return 0;
}

/* Said once the output is written: a failure stays the only stderr line. */
static void chose(const char *out, const char *method, const char *why)
{
	fprintf(stderr, PROGRAM ": %s: method %s: %s\n", out, method, why);
}

static int write_builtin(struct inputs *in, struct builtin_build *b, const char *stock,
			 const char *out, int force)
{
	struct err err;

	if (file_write_atomic(out, b->parts, BUILTIN_PARTS, force, in->files, 2, &err) < 0)
		return fail(out, &err);
	if (b->signature_stripped)
		fprintf(stderr, PROGRAM ": warning: %s: Authenticode signature removed; the "
				"new kernel is unsigned\n", stock);
	fprintf(stderr, PROGRAM ": %s: method builtin: the archive replaced the built-in "
			"initramfs; %zu bytes of the payload to spare\n", out, b->payload_spare);
	return 0;
}

/*
 * Auto mode wants a slot that was built to be replaced (not the default
 * archive) and an archive and payload that fit; anything less is a reason
 * (in WHY) to use the stub, which a forced builtin reports as the failure.
 */
static int builtin_with(struct inputs *in, uint8_t *vmlinux, const char *stock,
			const char *archive, const char *out, int force, int forced,
			struct err *why)
{
	const struct file_view *a = &in->files[1];
	struct builtin_slot bs;
	struct builtin_build b;
	struct err err;
	int r = builtin_slot_find(vmlinux, in->bz.output_len, &bs, &err);

	if (r <= 0 && forced)
		return fail(stock, &err);
	if (r <= 0)
		return *why = err, BUILTIN_FALLBACK;
	if (!forced && builtin_slot_is_default(vmlinux, &bs))
		return err_set(why, "the built-in initramfs is the kernel's default one"),
		       BUILTIN_FALLBACK;
	r = builtin_build(&b, &in->bz, vmlinux, &bs, a->data, a->size, &err);
	if (r < 0)
		return fail(stock, &err);
	if (r != BUILTIN_OK && !forced)
		return *why = err, BUILTIN_FALLBACK;
	if (r != BUILTIN_OK) {
		struct err refusal;

		err_set(&refusal, "%s; use --method stub", err.msg);
		return fail(r == BUILTIN_ARCHIVE_TOO_LARGE ? archive : stock, &refusal);
	}
	r = write_builtin(in, &b, stock, out, force);
	builtin_build_free(&b);
	return r;
}

static int try_builtin(struct inputs *in, const char *stock, const char *archive,
		       const char *out, int force, int forced, struct err *why)
{
	uint8_t *vmlinux;
	struct err err;
	int ret;

	if (bzimage_decompress(&in->bz, &vmlinux, &err) < 0)
		return forced ? fail(stock, &err) : (*why = err, BUILTIN_FALLBACK);
	ret = builtin_with(in, vmlinux, stock, archive, out, force, forced, why);
	bzimage_output_free(&in->bz, vmlinux);
	return ret;
}

static int embed(const char *stock, const char *archive, const char *out, int force,
		 enum method method)
{
	struct inputs in = { .files = { { .fd = -1 }, { .fd = -1 } } };
	const char *codec;
	struct err err, why;
	int ret = -1;

	if (load_stock(&in, stock, &err) < 0)
		fail(stock, &err);
	else if (file_map(archive, &in.files[1], &err) < 0 ||
		 archive_check(in.files[1].data, in.files[1].size, &codec, &err) < 0)
		fail(archive, &err);
	else if (method == METHOD_STUB)
		ret = write_injector(&in, stock, out, force);
	else if ((ret = try_builtin(&in, stock, archive, out, force, method == METHOD_BUILTIN,
				    &why)) == BUILTIN_FALLBACK &&
		 (ret = write_injector(&in, stock, out, force)) == 0)
		chose(out, "stub", why.msg);
	free_inputs(&in);
	return ret;
}

static int parse_method(const char *s, enum method *m)
{
	static const char *const names[] = { "auto", "builtin", "stub" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i]) == 0) {
			*m = (enum method)i;
			return 0;
		}
	}
	return -1;
}

int cmd_embed(int argc, char **argv)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "method", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *out = DEFAULT_OUTPUT;
	enum method method = METHOD_AUTO;
	int force = 0, c;

	while ((c = getopt_long(argc, argv, "o:fm:h", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'm':
			if (parse_method(optarg, &method) < 0)
				return usage_error("embed", "--method is auto, builtin or stub");
			break;
		case 'h':
			return command_help("embed");
		default:
			return usage_error("embed", NULL);
		}
	}
	if (optind != argc - 2)
		return usage_error("embed", "expects STOCK and ARCHIVE");
	return embed(argv[optind], argv[optind + 1], out, force, method) < 0 ? 1 : 0;
}
