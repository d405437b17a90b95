/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line: injector.* options for injector-init, and the
 * guest's command line with them removed. Words follow the kernel's own
 * rules (lib/cmdline.c next_arg): separated by spaces, double quotes group
 * spaces and are dropped from values.
 */
#ifndef INIT_CMDLINE_H
#define INIT_CMDLINE_H

#include <stddef.h>

#include "err.h"
#include "guest/bounds.h"

enum fail_action { FAIL_SHELL, FAIL_REBOOT, FAIL_POWEROFF, FAIL_CONTINUE };

#define ROOTWAIT_DEFAULT 30 /* seconds; a slow virtual disk appears well within */
#define ROOTWAIT_MAX 3600
#define SHELLTIMEOUT_DEFAULT 3600 /* seconds the failure shell may run */
#define SHELLTIMEOUT_MAX 86400

struct init_config {
	char root[256];        /* injector.root= as written; empty: probe */
	char rootfstype[32];
	char rootflags[512];
	unsigned rootwait;     /* seconds */
	int fsck;
	int strict;            /* any failed manifest entry fails the inject stage */
	char kernel[GUEST_PATH_MAX];
	char initrd[GUEST_PATH_MAX]; /* "none": boot without one */
	enum fail_action fail;
	unsigned shelltimeout; /* seconds; then the shell and everything it started are killed */
};

enum cmdline_word { CMDLINE_END, CMDLINE_WORD, CMDLINE_TOO_LONG };

/*
 * Takes the next word from *P into WORD (quotes removed) and, when RAW is
 * not NULL, the word as written into RAW. CMDLINE_TOO_LONG: the word did
 * not fit a buffer (it is skipped).
 */
enum cmdline_word cmdline_next(const char **p, char *word, size_t wsize, char *raw, size_t rsize);

/* Fills CFG from the kernel command line; unknown injector.* keys are errors. */
int cmdline_parse(const char *cmdline, struct init_config *cfg, struct err *err);

/*
 * The guest's command line: BASE without injector.* words, then EXTRA.
 * Fails when the result does not fit OUT.
 */
int cmdline_guest(const char *base, const char *extra, char *out, size_t size, struct err *err);

#endif
