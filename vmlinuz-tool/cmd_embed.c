/* SPDX-License-Identifier: MIT */
/*
 * `vmlinuz-tool embed [-o OUT] [--force] STOCK ARCHIVE`, also installed as
 * `vmlinuz-embed`: STOCK with ARCHIVE embedded by the boot-stub method.
 * An injector kernel given as STOCK has its archive replaced.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "archive_check.h"
#include "commands.h"
#include "file_io.h"
#include "injector.h"

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

static int embed(const char *stock, const char *archive, const char *out, int force)
{
	struct inputs in = { .files = { { .fd = -1 }, { .fd = -1 } } };
	const char *codec;
	struct err err;
	int ret = -1;

	if (load_stock(&in, stock, &err) < 0)
		fail(stock, &err);
	else if (file_map(archive, &in.files[1], &err) < 0 ||
		 archive_check(in.files[1].data, in.files[1].size, &codec, &err) < 0)
		fail(archive, &err);
	else
		ret = write_injector(&in, stock, out, force);
	free_inputs(&in);
	return ret;
}

int cmd_embed(int argc, char **argv)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *out = DEFAULT_OUTPUT;
	int force = 0, c;

	while ((c = getopt_long(argc, argv, "o:fh", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'h':
			return command_help("embed");
		default:
			return usage_error("embed", NULL);
		}
	}
	if (optind != argc - 2)
		return usage_error("embed", "expects STOCK and ARCHIVE");
	return embed(argv[optind], argv[optind + 1], out, force) < 0 ? 1 : 0;
}
