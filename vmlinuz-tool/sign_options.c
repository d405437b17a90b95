/* SPDX-License-Identifier: MIT */
#include "sign_options.h"

#include "commands.h"

int sign_option(int c, struct pe_sign_key *k)
{
	switch (c) {
	case SIGN_OPT_KEY:
		k->key = optarg;
		return 0;
	case SIGN_OPT_CERT:
		k->cert = optarg;
		return 0;
	case SIGN_OPT_PASS:
		k->pass_file = optarg;
		return 0;
	default:
		return -1;
	}
}

int sign_options_check(const char *command, const struct pe_sign_key *k)
{
	if (!k->key != !k->cert || (k->key && (!*k->key || !*k->cert)))
		return usage_error(command, "--sign-key and --sign-cert go together");
	if (k->pass_file && (!k->key || !*k->pass_file))
		return usage_error(command, "--sign-pass-file goes with --sign-key");
	return 0;
}
