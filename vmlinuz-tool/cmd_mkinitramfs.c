/* SPDX-License-Identifier: MIT */
/*
 * `vmlinuz-tool mkinitramfs --profile NAME [--kver VER] [--moddir ROOT]
 * [--compress none|zstd|xz|gzip] [--with-rescue] [--init PATH]
 * [--profiles DIR] [-o OUT] [--force]`: the injector's initramfs.
 */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "initramfs/mkinitramfs.h"
#include "program_paths.h"

#define DEFAULT_OUTPUT "injector.cpio"
#define HELP_SHOWN (-1)

static int parse(int argc, char **argv, struct mkinitramfs_opts *o)
{
	static const struct option options[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "kver", required_argument, NULL, 'k' },
		{ "moddir", required_argument, NULL, 'm' },
		{ "compress", required_argument, NULL, 'c' },
		{ "with-rescue", no_argument, NULL, 'r' },
		{ "init", required_argument, NULL, 'i' },
		{ "profiles", required_argument, NULL, 'P' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "o:fh", options, NULL)) != -1) {
		switch (c) {
		case 'p': o->profile = optarg; break;
		case 'k': o->kver = optarg; break;
		case 'm': o->root = optarg; break;
		case 'r': o->rescue = 1; break;
		case 'i': o->init = optarg; break;
		case 'P': o->profiles_dir = optarg; break;
		case 'o': o->output = optarg; break;
		case 'f': o->force = 1; break;
		case 'h': command_help("mkinitramfs"); return HELP_SHOWN;
		case 'c':
			if (cpio_compression_parse(optarg, &o->compression) < 0)
				return usage_error("mkinitramfs", "--compress: none, zstd, xz or gzip");
			break;
		default: return usage_error("mkinitramfs", NULL);
		}
	}
	if (optind != argc)
		return usage_error("mkinitramfs", "takes no operands");
	if (!o->profile)
		return usage_error("mkinitramfs", "--profile is required");
	return 0;
}

int cmd_mkinitramfs(int argc, char **argv)
{
	struct mkinitramfs_opts o = { .root = "/", .compression = CPIO_NONE,
				      .output = DEFAULT_OUTPUT };
	struct program_paths paths;
	struct err err;
	int ret = parse(argc, argv, &o);

	if (ret != 0)
		return ret == HELP_SHOWN ? 0 : ret;
	program_defaults(&paths, &o.init, &o.profiles_dir);
	if (newc_epoch(&o.mtime, &err) < 0) {
		fail("SOURCE_DATE_EPOCH", &err);
		return 1;
	}
	if (mkinitramfs(&o, &err) < 0) {
		fail(o.output, &err);
		return 1;
	}
	return 0;
}
