/* SPDX-License-Identifier: MIT */
/*
 * `vmlinuz-tool status [--json] (--token T | --token-file F) CONSOLE-LOG`:
 * the status of the last injection whose status line carries the token.
 * Exit 0: ok; 3: the injector reported an error; 4: no authenticated status;
 * 5: partial (the guest's kernel booted, some entries failed).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "json.h"
#include "status/injector_status.h"

enum { EXIT_ERROR_STATUS = 3, EXIT_NO_STATUS = 4, EXIT_PARTIAL_STATUS = 5 };

static void print_json(enum status_found found, const struct injector_status *st)
{
	struct json j = { .f = stdout };

	json_begin(&j, NULL, '{');
	json_bool(&j, "authenticated", found == STATUS_FOUND);
	if (found == STATUS_FOUND) {
		json_string(&j, "status", st->status);
		json_string(&j, "stage", st->stage);
		json_uint(&j, "files", st->files);
		json_uint(&j, "ms", st->ms);
		json_string(&j, "failed", st->failed[0] ? st->failed : NULL);
		json_string(&j, "reason", st->reason[0] ? st->reason : NULL);
		json_uint(&j, "line", st->line);
	}
	json_end(&j, '}');
}

static void print_text(enum status_found found, const struct injector_status *st)
{
	if (found == STATUS_NONE) {
		printf("status=none (no INJECTOR: line carries the token)\n");
		return;
	}
	printf("status=%s stage=%s files=%lu ms=%lu%s%s%s%s line=%zu\n", st->status, st->stage,
	       st->files, st->ms, st->failed[0] ? " failed=" : "", st->failed,
	       st->reason[0] ? " reason=" : "", st->reason, st->line);
}

static int report(const char *log, const char *token, int as_json)
{
	struct injector_status st;
	enum status_found found;
	struct err err;

	if (status_read(log, token, &st, &found, &err) < 0) {
		fail(log, &err);
		return 1;
	}
	if (as_json)
		print_json(found, &st);
	else
		print_text(found, &st);
	if (found == STATUS_NONE)
		return EXIT_NO_STATUS;
	if (strcmp(st.status, "ok") == 0)
		return 0;
	return strcmp(st.status, "partial") == 0 ? EXIT_PARTIAL_STATUS : EXIT_ERROR_STATUS;
}

int cmd_status(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "token", required_argument, NULL, 't' },
		{ "token-file", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	char token[PAYLOAD_TOKEN_HEX + 1] = "";
	const char *token_file = NULL;
	int as_json = 0, c;
	struct err err;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			as_json = 1;
			break;
		case 't':
			if (!status_token_valid(optarg))
				return usage_error("status", "--token takes the 32 lowercase hex "
							     "digits payload wrote to OUT.token");
			memcpy(token, optarg, sizeof(token));
			break;
		case 'T':
			token_file = optarg;
			break;
		case 'h':
			return command_help("status");
		default:
			return usage_error("status", NULL);
		}
	}
	if (optind != argc - 1)
		return usage_error("status", "expects one CONSOLE-LOG");
	if (!token[0] == !token_file)
		return usage_error("status", "takes one of --token and --token-file");
	if (token_file && status_token_read(token_file, token, &err) < 0) {
		fail(token_file, &err);
		return 1;
	}
	return report(argv[optind], token, as_json);
}
