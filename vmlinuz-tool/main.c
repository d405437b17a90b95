/* SPDX-License-Identifier: MIT */
/* vmlinuz-tool: read, take apart and (later) rebuild x86 kernel images. */
#include <libgen.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
	const char *summary;
};

static const struct command commands[] = {
	{ "inspect", cmd_inspect, "inspect [--json] IMAGE",
	  "describe a bzImage: boot header, PE header, payload, vmlinux, initramfs" },
	{ "embed", cmd_embed, "embed [-o OUT] [--force] [--method auto|builtin|stub] [--sign-key KEY --sign-cert CERT [--sign-pass-file FILE]] STOCK ARCHIVE",
	  "make an injector kernel: STOCK carrying the initramfs ARCHIVE, in its built-in "
	  "initramfs slot (builtin) or behind a boot stub (stub); auto picks builtin when the "
	  "slot was built to be replaced and the archive fits" },
	{ "extract", cmd_extract, "extract IMAGE (--vmlinux | --initramfs | --stock) OUT [--force]",
	  "write the decompressed vmlinux, the initramfs, or an injector's stock kernel" },
	{ "mkinitramfs", cmd_mkinitramfs, "mkinitramfs --profile NAME [--kver VER] [--moddir ROOT] [--compress none|zstd|xz|gzip] [--with-rescue] [--init PATH] [--profiles DIR] [-o OUT] [--force]", "build the injector's initramfs: injector-init, modules, libraries, profiles" },
	{ "update", cmd_update, "update [--profile NAME] (--kver VER [--root DIR] | --deb PACKAGE) [--dest DIR] [--keep N] [--qemu PATH] [--accel ACCEL] [--smoke-mem MIB] [--smoke-timeout SECONDS] [--compress none|zstd|xz|gzip] [--profiles DIR] [--init PATH] [--sign-key KEY --sign-cert CERT [--sign-pass-file FILE]]",
	  "build, smoke-test under QEMU and switch to the injector kernel for a distro kernel" },
	{ "status", cmd_status, "status [--json] (--token HEX | --token-file FILE) CONSOLE-LOG",
	  "the status of the last injection in CONSOLE-LOG whose status line carries the token "
	  "payload put in its archive (exit 0 ok, 3 error, 4 no authenticated status, 5 partial)" },
	{ "payload", cmd_payload, "payload [-o OUT] [--force] [--no-token] [--compress none|gzip|xz|zstd] MANIFEST...", "build the per-VM archive (the -initrd) each manifest describes, with a fresh per-boot token in it and in OUT.token" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int fail(const char *path, const struct err *err)
{
	fprintf(stderr, PROGRAM ": %s: %s\n", err->path[0] ? err->path : path, err->msg);
	return -1;
}

int usage_error(const char *command, const char *msg)
{
	if (msg)
		fprintf(stderr, PROGRAM " %s: %s\n", command, msg);
	fprintf(stderr, "usage: " PROGRAM " %s (see '" PROGRAM " %s --help')\n",
		find(command)->usage, command);
	return 2;
}

int command_help(const char *command)
{
	const struct command *c = find(command);

	printf("usage: " PROGRAM " %s\n\n%s.\nSee vmlinuz-tool(1) for details.\n", c->usage,
	       c->summary);
	return 0;
}

static int help(FILE *f)
{
	fprintf(f, "usage: " PROGRAM " COMMAND [OPTIONS] ...\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-60s\n      %s\n", commands[i].usage, commands[i].summary);
	fprintf(f, "\n'" PROGRAM " COMMAND --help' for one command; vmlinuz-tool(1) for all.\n"
		   "Exit status: 0 success, 1 failure, 2 usage error.\n");
	return f == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
	const struct command *c;

	/* Installed as a link, vmlinuz-embed is `vmlinuz-tool embed`. */
	if (strcmp(basename(argv[0]), "vmlinuz-embed") == 0)
		return cmd_embed(argc, argv);
	if (argc < 2)
		return help(stderr);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0)
		return help(stdout);
	if (strcmp(argv[1], "--version") == 0) {
		printf(PROGRAM " " VERSION "\n");
		return 0;
	}
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr, PROGRAM ": unknown command '%s'\n", argv[1]);
		return help(stderr);
	}
	return c->run(argc - 1, argv + 1);
}
