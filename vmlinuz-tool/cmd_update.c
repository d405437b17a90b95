/* SPDX-License-Identifier: MIT */
/*
 * `vmlinuz-tool update [--profile NAME] (--kver VER [--root DIR] | --deb PACKAGE)
 * [--dest DIR] [--keep N] [--qemu PATH] [--accel ACCEL] [--smoke-mem MIB]
 * [--smoke-timeout SECONDS] [--compress none|zstd|xz|gzip] [--profiles DIR] [--init PATH]
 * [--sign-key KEY --sign-cert CERT [--sign-pass-file FILE]]`: the host's
 * injector kernel for a new distro kernel (signed for Secure Boot when
 * asked), made current only after it passed a smoke test under QEMU.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "update/update_dir.h"
#include "program_paths.h"
#include "sign_options.h"
#include "update/update.h"

#define HELP_SHOWN (-1)

/* A decimal in [MIN, MAX] into *OUT; -1 otherwise. */
static int number(const char *s, unsigned min, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || *s == '-' || v < min || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int numeric_option(int c, struct update_opts *o)
{
	switch (c) {
	case 'K':
		return number(optarg, 0, 1000, &o->keep) < 0 ?
		       usage_error("update", "--keep takes 0 to 1000") : 0;
	case 'M':
		return number(optarg, 16, 65536, &o->smoke.mem_mib) < 0 ?
		       usage_error("update", "--smoke-mem takes 16 to 65536 (MiB)") : 0;
	default:
		return number(optarg, 1, 3600, &o->smoke.timeout) < 0 ?
		       usage_error("update", "--smoke-timeout takes 1 to 3600 (seconds)") : 0;
	}
}

static int option(int c, struct update_opts *o)
{
	switch (c) {
	case 'p': o->profile = optarg; return 0;
	case 'P': o->profiles_dir = optarg; return 0;
	case 'i': o->init = optarg; return 0;
	case 'k': o->kver = optarg; return 0;
	case 'r': o->root = optarg; return 0;
	case 'd': o->deb = optarg; return 0;
	case 'D': o->dest = optarg; return 0;
	case 'q': o->smoke.qemu = optarg; return 0;
	case 'a': o->smoke.accel = optarg; return 0;
	case 'K': case 'M': case 'T': return numeric_option(c, o);
	case 'c':
		return cpio_compression_parse(optarg, &o->compression) < 0 ?
		       usage_error("update", "--compress: none, zstd, xz or gzip") : 0;
	case 'h': command_help("update"); return HELP_SHOWN;
	default: return sign_option(c, &o->sign) < 0 ? usage_error("update", NULL) : 0;
	}
}

static int parse(int argc, char **argv, struct update_opts *o)
{
	static const struct option options[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "profiles", required_argument, NULL, 'P' },
		{ "init", required_argument, NULL, 'i' },
		{ "kver", required_argument, NULL, 'k' },
		{ "root", required_argument, NULL, 'r' },
		{ "deb", required_argument, NULL, 'd' },
		{ "dest", required_argument, NULL, 'D' },
		{ "keep", required_argument, NULL, 'K' },
		{ "qemu", required_argument, NULL, 'q' },
		{ "accel", required_argument, NULL, 'a' },
		{ "smoke-mem", required_argument, NULL, 'M' },
		{ "smoke-timeout", required_argument, NULL, 'T' },
		{ "compress", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		SIGN_OPTIONS,
		{ 0 },
	};
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1)
		if ((ret = option(c, o)) != 0)
			return ret;
	if (optind != argc)
		return usage_error("update", "takes no operands");
	if (!o->kver == !o->deb)
		return usage_error("update", "expects one of --kver and --deb");
	if (o->deb && o->root)
		return usage_error("update", "--root goes with --kver, not --deb");
	if (o->kver && (!o->kver[0] || strchr(o->kver, '/') || !strcmp(o->kver, ".") ||
			!strcmp(o->kver, "..")))
		return usage_error("update", "--kver takes a kernel version (as in /lib/modules), not a path");
	return sign_options_check("update", &o->sign);
}

static void report(const struct update_opts *o, const struct update_result *res)
{
	printf("%s/" INJECTOR_LINK " -> %s (was %s); smoke test (%s): %s after %.1f s\n",
	       o->dest, res->current, res->previous[0] ? res->previous : "none", res->smoke.accel,
	       res->smoke.status, res->smoke.ms / 1000.0);
}

int cmd_update(int argc, char **argv)
{
	struct update_opts o = { .profile = "debian", .compression = CPIO_NONE,
				 .dest = "/var/lib/vmlinuz-tool", .keep = 3,
				 .smoke = { .qemu = "qemu-system-x86_64", .accel = "kvm:tcg",
					    .mem_mib = 512, .timeout = 120 } };
	struct program_paths paths;
	struct update_result res;
	struct err err;
	int ret = parse(argc, argv, &o);

	if (ret != 0)
		return ret == HELP_SHOWN ? 0 : ret;
	program_defaults(&paths, &o.init, &o.profiles_dir);
	o.root = o.root ? o.root : "/";
	ret = update(&o, &res, &err);
	if (res.smoke.accel_note[0])
		fprintf(stderr, PROGRAM ": warning: %s\n", res.smoke.accel_note);
	if (ret < 0) {
		fail(o.dest, &err);
		return 1;
	}
	report(&o, &res);
	return 0;
}
