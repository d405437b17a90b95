/* SPDX-License-Identifier: MIT */
/* --sign-key, --sign-cert and --sign-pass-file, shared by embed and update. */
#ifndef SIGN_OPTIONS_H
#define SIGN_OPTIONS_H

#include <getopt.h>

#include "image/pe_sign.h"

#define SIGN_OPT_KEY  0x100
#define SIGN_OPT_CERT 0x101
#define SIGN_OPT_PASS 0x102
#define SIGN_OPTIONS                                                                               \
	{ "sign-key", required_argument, NULL, SIGN_OPT_KEY },                                     \
	    { "sign-cert", required_argument, NULL, SIGN_OPT_CERT },                               \
	{                                                                                          \
		"sign-pass-file", required_argument, NULL, SIGN_OPT_PASS                           \
	}

/* Takes option C's optarg into K; 0 when C is one of the three, -1 otherwise. */
int sign_option(int c, struct pe_sign_key *k);

/* The options given make sense together: 0, or a usage error's exit status. */
int sign_options_check(const char *command, const struct pe_sign_key *k);

#endif
