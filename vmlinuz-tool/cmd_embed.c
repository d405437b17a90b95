/* SPDX-License-Identifier: MIT */
/*
 * `vmlinuz-tool embed [-o OUT] [--force] STOCK ARCHIVE`, also installed as
 * `vmlinuz-embed`: STOCK with ARCHIVE embedded by the boot-stub method.
 * An injector kernel given as STOCK has its archive replaced.
 */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "embed.h"

#define DEFAULT_OUTPUT "injector.vmlinuz"

static int embed(const char *stock, const char *archive, const char *out, int force)
{
	struct embed_result res;
	struct err err;

	if (embed_file(stock, archive, out, force, &res, &err) < 0)
		return fail(res.culprit, &err);
	if (res.signature_stripped)
		fprintf(stderr, PROGRAM ": warning: %s: Authenticode signature removed; the "
				"injector kernel is unsigned\n", stock);
	fprintf(stderr, PROGRAM ": warning: %s: EFI entries disabled: UEFI loaders refuse "
			"this kernel; boot it through the legacy entries (QEMU -kernel, "
			"SeaBIOS, GRUB linux16, kexec)\n", out);
	return 0;
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
