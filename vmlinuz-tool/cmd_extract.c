/* SPDX-License-Identifier: MIT */
/* `vmlinuz-tool extract IMAGE (--vmlinux OUT | --initramfs OUT) [--force]` */
#include <getopt.h>

#include "commands.h"
#include "file_io.h"
#include "image.h"

enum what { NOTHING, VMLINUX, INITRAMFS };

static int extract(const char *path, enum what what, const char *out, int force)
{
	struct image img;
	struct out_part part;
	struct err err;
	int ret;

	if (image_open(&img, path, &err) < 0)
		return fail(path, &err);
	if (what == VMLINUX) {
		part = (struct out_part){ img.vmlinux, img.bz.output_len };
	} else if (img.has_slot) {
		part = (struct out_part){ img.vmlinux + img.slot.offset, img.slot.size };
	} else {
		image_close(&img);
		err_set(&err, "has no built-in initramfs");
		return fail(path, &err);
	}
	ret = file_write_atomic(out, &part, 1, force, path, &err);
	image_close(&img);
	return ret < 0 ? fail(out, &err) : 0;
}

int cmd_extract(int argc, char **argv)
{
	static const struct option options[] = {
		{ "vmlinux", required_argument, NULL, 'v' },
		{ "initramfs", required_argument, NULL, 'i' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum what what = NOTHING;
	const char *out = NULL;
	int force = 0, c;

	while ((c = getopt_long(argc, argv, "v:i:fh", options, NULL)) != -1) {
		switch (c) {
		case 'v':
		case 'i':
			if (what != NOTHING)
				return usage_error("extract", "give one of --vmlinux and --initramfs");
			what = c == 'v' ? VMLINUX : INITRAMFS;
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
		return usage_error("extract", "give --vmlinux OUT or --initramfs OUT");
	if (optind != argc - 1)
		return usage_error("extract", "expects one IMAGE");
	return extract(argv[optind], what, out, force) < 0 ? 1 : 0;
}
