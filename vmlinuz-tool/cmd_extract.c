/* SPDX-License-Identifier: MIT */
/* `vmlinuz-tool extract IMAGE (--vmlinux | --initramfs | --stock) OUT [--force]` */
#include <getopt.h>
#include <stdlib.h>

#include "commands.h"
#include "util/file_io.h"
#include "image/builtin_slot.h"
#include "image/image.h"

enum what { NOTHING, VMLINUX, INITRAMFS, STOCK };

/* The archive an initramfs extraction means: the embedded one, else the built-in. */
static int initramfs_part(const struct image *img, struct out_part *part, struct err *err)
{
	if (img->injector)
		*part = (struct out_part){ stub_image_archive(&img->bz, img->injector),
					   img->injector->archive_size };
	else if (img->has_slot)
		*part = (struct out_part){ img->vmlinux + img->slot.offset,
					   builtin_slot_archive_len(img->vmlinux, &img->slot) };
	else
		return err_set(err, "has no built-in initramfs");
	return 0;
}

static int stock_part(const struct image *img, struct out_part *part, uint8_t **owned,
		      struct err *err)
{
	size_t size;

	if (!img->injector)
		return err_set(err, "is not an injector kernel: there is no stock kernel to extract");
	if (stub_image_stock(&img->bz, img->injector, owned, &size, err) < 0)
		return -1;
	*part = (struct out_part){ *owned, size };
	return 0;
}

static int extract(const char *path, enum what what, const char *out, int force)
{
	struct image img;
	struct out_part part = { 0 };
	uint8_t *owned = NULL;
	struct err err;
	int ret;

	if (image_open(&img, path, &err) < 0)
		return fail(path, &err);
	if (what == VMLINUX)
		part = (struct out_part){ img.vmlinux, img.bz.output_len };
	ret = what == INITRAMFS ? initramfs_part(&img, &part, &err)
	      : what == STOCK	? stock_part(&img, &part, &owned, &err)
				: 0;
	if (ret < 0) {
		image_close(&img);
		return fail(path, &err);
	}
	ret = file_write_atomic(out, &part, 1, &(struct file_out){ 0644, force }, &img.file, 1,
				&err);
	free(owned);
	image_close(&img);
	return ret < 0 ? fail(out, &err) : 0;
}

int cmd_extract(int argc, char **argv)
{
	static const struct option options[] = {
		{ "vmlinux", required_argument, NULL, 'v' },
		{ "initramfs", required_argument, NULL, 'i' },
		{ "stock", required_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum what what = NOTHING;
	const char *out = NULL;
	int force = 0, c;

	while ((c = getopt_long(argc, argv, "v:i:s:fh", options, NULL)) != -1) {
		switch (c) {
		case 'v':
		case 'i':
		case 's':
			if (what != NOTHING)
				return usage_error("extract", "give one of --vmlinux, --initramfs "
							      "and --stock");
			what = c == 'v' ? VMLINUX : c == 'i' ? INITRAMFS : STOCK;
			out = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'h':
			return command_help("extract");
		default:
			return usage_error("extract", NULL);
		}
	}
	if (what == NOTHING)
		return usage_error("extract", "give --vmlinux OUT, --initramfs OUT or --stock OUT");
	if (optind != argc - 1)
		return usage_error("extract", "expects one IMAGE");
	return extract(argv[optind], what, out, force) < 0 ? 1 : 0;
}
