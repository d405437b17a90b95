/* SPDX-License-Identifier: MIT */
/* The subcommands of vmlinuz-tool, and how they report failure. */
#ifndef COMMANDS_H
#define COMMANDS_H

#include "err.h"

#define PROGRAM "vmlinuz-tool"

/* Each returns the process exit status: 0, 1 (failure) or 2 (usage). */
int cmd_inspect(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_embed(int argc, char **argv);
int cmd_mkinitramfs(int argc, char **argv);
int cmd_payload(int argc, char **argv);
int cmd_update(int argc, char **argv);
/* Also 3 (an authenticated error status) and 4 (no authenticated status). */
int cmd_status(int argc, char **argv);

/* Prints "vmlinuz-tool: FILE: message" on stderr, FILE the one ERR names, else PATH; returns -1. */
int fail(const char *path, const struct err *err);
/* Prints a usage error (MSG may be NULL) and a pointer to --help; returns 2. */
int usage_error(const char *command, const char *msg);
/* Prints COMMAND's usage on stdout; returns 0. */
int command_help(const char *command);

#endif
