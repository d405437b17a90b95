/* SPDX-License-Identifier: MIT */
/*
 * `vmlinuz-tool embed [-o OUT] [--force] [--method auto|builtin|stub]
 * [--sign-key KEY --sign-cert CERT [--sign-pass-file FILE]] STOCK ARCHIVE`,
 * also installed as `vmlinuz-embed`: STOCK with ARCHIVE embedded (embed.h),
 * signed for Secure Boot when asked. An injector kernel given as STOCK has
 * its archive replaced.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "embed/embed.h"
#include "sign_options.h"

#define DEFAULT_OUTPUT "injector.vmlinuz"

/* Said once the output is written: a failure stays the only stderr line. */
static void report(const char *stock, const char *out, enum embed_method asked,
		   const struct embed_result *res)
{
	if (res->signature_stripped)
		fprintf(stderr, PROGRAM ": warning: %s: Authenticode signature removed; the "
				"new kernel is unsigned\n", stock);
	if (res->method == EMBED_BUILTIN) {
		fprintf(stderr, PROGRAM ": %s: method builtin: the archive replaced the built-in "
				"initramfs (compression %s, %zu of %zu bytes, %zu%% full); %zu bytes "
				"of the payload to spare\n", out, res->slot_codec, res->slot_used,
			res->slot_capacity, res->slot_used * 100 / res->slot_capacity,
			res->payload_spare);
		return;
	}
	if (!res->efi_entry)
		fprintf(stderr, PROGRAM ": warning: %s: EFI entries disabled (the stock kernel has "
				"no PE32+ header): PE-only UEFI loaders refuse this kernel\n", out);
	if (asked == EMBED_AUTO)
		fprintf(stderr, PROGRAM ": %s: method stub: %s\n", out, res->why_stub.msg);
}

static int embed(const char *stock, const char *archive, const char *out, int force,
		 enum embed_method method, const struct pe_sign_key *sign)
{
	struct embed_result res;
	struct err err;

	if (embed_file(stock, archive, out, force, method, sign->key ? sign : NULL, &res, &err) <
	    0)
		return fail(stock, &err);
	report(stock, out, method, &res);
	return 0;
}

static int parse_method(const char *s, enum embed_method *m)
{
	static const char *const names[] = {
		[EMBED_AUTO] = "auto", [EMBED_BUILTIN] = "builtin", [EMBED_STUB] = "stub"
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i]) == 0) {
			*m = (enum embed_method)i;
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
		SIGN_OPTIONS,
		{ 0 },
	};
	struct pe_sign_key sign = { 0 };
	const char *out = DEFAULT_OUTPUT;
	enum embed_method method = EMBED_AUTO;
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
			if (sign_option(c, &sign) < 0)
				return usage_error("embed", NULL);
		}
	}
	if (optind != argc - 2)
		return usage_error("embed", "expects STOCK and ARCHIVE");
	if ((c = sign_options_check("embed", &sign)) != 0)
		return c;
	return embed(argv[optind], argv[optind + 1], out, force, method, &sign) < 0 ? 1 : 0;
}
