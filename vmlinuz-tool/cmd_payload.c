/* SPDX-License-Identifier: MIT */
/*
 * `vmlinuz-tool payload [-o OUT] [--force] [--no-token] [--compress none|gzip|xz|zstd] MANIFEST...`
 * Each archive gets a fresh per-boot token, written beside it as OUT.token
 * (docs/manifest.md, "The per-boot token").
 * Several manifests in one run, each to its default output: starting a
 * process costs more than building a small archive, so batches are faster.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "util/file_io.h"
#include "util/trust.h"
#include "cpio/payload.h"
#include "cpio/payload_token.h"

struct payload_args {
	const char *out;
	int force;
	int token; /* put a fresh token in the archive and beside it */
	enum cpio_compression compression;
};

/* Manifest errors name their own place ("MANIFEST:LINE: problem"): no path to put before. */
static int fail_at(const struct err *err)
{
	fprintf(stderr, PROGRAM ": %s\n", err->msg);
	return -1;
}

/* MANIFEST with its extension, if it has one, replaced by ".cpio". */
static char *default_output(const char *manifest)
{
	const char *base = strrchr(manifest, '/') ? strrchr(manifest, '/') + 1 : manifest;
	const char *dot = strrchr(base, '.');
	int keep = (int)(dot && dot != base ? dot - manifest : (long)strlen(manifest));
	char *out;

	return asprintf(&out, "%.*s.cpio", keep, manifest) < 0 ? NULL : out;
}

/* Parses and builds; the archive is left in *DATA. */
static int build(const struct file_view *view, struct payload_options *o, uint8_t **data,
		 size_t *size)
{
	struct manifest m;
	struct err err;
	char *dir = strdup(o->name);
	int ret;

	if (!dir) {
		err_set(&err, "out of memory");
		return fail(o->name, &err);
	}
	o->base_dir = dirname(dir);
	ret = manifest_parse((const char *)view->data, view->size, o->name, &m, &err);
	if (ret == 0)
		ret = payload_build(&m, o, data, size, &err);
	if (ret < 0)
		fail_at(&err);
	manifest_free(&m);
	free(dir);
	return ret;
}

/* OUT.token, the host's copy of the token: root's alone, like the archive. */
static int write_token(const char *out, const char *token, const struct file_view *view)
{
	struct out_part part = { token, PAYLOAD_TOKEN_HEX };
	struct err err;
	char *path;
	int ret = 0;

	if (asprintf(&path, "%s.token", out) < 0) {
		err_set(&err, "out of memory");
		return fail(out, &err);
	}
	/* Replaced at every build: a stale token only fails to authenticate. */
	if (file_write_atomic(path, &part, 1, &(struct file_out){ 0600, 1 }, view, 1, &err) < 0)
		ret = fail(path, &err);
	free(path);
	return ret;
}

static int payload(const char *path, const char *out, const struct payload_args *a)
{
	struct payload_options o = { .name = path, .compression = a->compression };
	char token[PAYLOAD_TOKEN_HEX + 1];
	struct file_view view;
	struct out_part part;
	struct stat out_st;
	uint8_t *data = NULL;
	struct err err;
	int ret;

	if (newc_epoch(&o.mtime, &err) < 0)
		return fail("SOURCE_DATE_EPOCH", &err);
	if (a->token && payload_token_new(token, &err) < 0)
		return fail(path, &err);
	o.token = a->token ? token : NULL;
	if (trust_map(path, "manifests", &view, &err) < 0)
		return fail(path, &err);
	if (stat(out, &out_st) == 0)
		o.output = &out_st;
	ret = build(&view, &o, &data, &part.len);
	part.data = data;
	/* The archive holds the VM's secrets (keys, password hashes): root's alone. */
	if (ret == 0 &&
	    file_write_atomic(out, &part, 1, &(struct file_out){ 0600, a->force }, &view, 1, &err) < 0)
		ret = fail(out, &err);
	if (ret == 0 && a->token)
		ret = write_token(out, token, &view);
	explicit_bzero(token, sizeof(token));
	free(data);
	file_unmap(&view);
	return ret;
}

int cmd_payload(int argc, char **argv)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "compress", required_argument, NULL, 'c' },
		{ "no-token", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct payload_args a = { .token = 1, .compression = CPIO_NONE };
	char *derived;
	int c, ret;

	while ((c = getopt_long(argc, argv, "o:fh", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			a.out = optarg;
			break;
		case 'f':
			a.force = 1;
			break;
		case 'c':
			if (cpio_compression_parse(optarg, &a.compression) < 0)
				return usage_error("payload", "--compress takes none, gzip, xz or zstd");
			break;
		case 'n':
			a.token = 0;
			break;
		case 'h':
			return command_help("payload");
		default:
			return usage_error("payload", NULL);
		}
	}
	if (optind == argc)
		return usage_error("payload", "expects a MANIFEST");
	if (a.out && optind != argc - 1)
		return usage_error("payload", "-o takes one MANIFEST");
	if (a.out)
		return payload(argv[optind], a.out, &a) < 0 ? 1 : 0;
	/* A bad manifest stops only itself: the others' archives are still built. */
	for (ret = 0; optind < argc; optind++) {
		derived = default_output(argv[optind]);
		if (!derived || payload(argv[optind], derived, &a) < 0)
			ret = 1;
		free(derived);
	}
	return ret;
}
