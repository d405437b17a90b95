/* SPDX-License-Identifier: MIT */
/* The status line's grammar (docs/injector-init.md), as log_status prints it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <regex.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* What log_status writes to stdout, into OUT. */
static void status_text(enum log_status_kind kind, const char *stage, unsigned files, const char *failed,
			const char *reason, const char *token, char *out, size_t size)
{
	FILE *tmp = tmpfile();
	int saved = dup(STDOUT_FILENO);
	size_t n;

	assert_non_null(tmp);
	fflush(stdout);
	dup2(fileno(tmp), STDOUT_FILENO);
	log_status(kind, stage, files, failed, reason, token);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, size - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
}

static void assert_matches(const char *text, const char *pattern)
{
	regex_t re;

	assert_int_equal(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
	if (regexec(&re, text, 0, NULL, 0) != 0)
		fail_msg("\"%s\" does not match %s", text, pattern);
	regfree(&re);
}

static void ok_line(void **state)
{
	char text[256];

	(void)state;
	status_text(STATUS_OK, "kexec", 4, "", "", "", text, sizeof(text));
	assert_matches(text, "^\nINJECTOR: status=ok stage=kexec files=4 ms=[0-9]+\n$");
}

/* failed= comes after the older fields, only when something failed. */
static void failed_field_last(void **state)
{
	char text[256];

	(void)state;
	status_text(STATUS_ERROR, "inject", 4, "4,5,6", "", "", text, sizeof(text));
	assert_matches(text, "^\nINJECTOR: status=error stage=inject files=4 ms=[0-9]+ failed=4,5,6\n$");
	status_text(STATUS_ERROR, "root", 0, "", "", "", text, sizeof(text));
	assert_matches(text, "^\nINJECTOR: status=error stage=root files=0 ms=[0-9]+\n$");
}

/* Failed entries, and still the guest's kernel: partial, always stage=kexec. */
static void partial_line(void **state)
{
	char text[256];

	(void)state;
	status_text(STATUS_PARTIAL, "kexec", 4, "4,+40", "", "", text, sizeof(text));
	assert_matches(text, "^\nINJECTOR: status=partial stage=kexec files=4 ms=[0-9]+ failed=4,\\+40\n$");
}

/* reason= comes after failed=, only when there is one. */
static void reason_field_last(void **state)
{
	char text[256];

	(void)state;
	status_text(STATUS_ERROR, "kernel", 4, "", "budget", "", text, sizeof(text));
	assert_matches(text, "^\nINJECTOR: status=error stage=kernel files=4 ms=[0-9]+ reason=budget\n$");
	status_text(STATUS_ERROR, "kexec", 3, "2", "initrd-size", "", text, sizeof(text));
	assert_matches(text, "^\nINJECTOR: status=error stage=kexec files=3 ms=[0-9]+ failed=2 "
			     "reason=initrd-size\n$");
}

#define TOKEN "0123456789abcdef0123456789abcdef"

/* token= comes last, after failed= and reason=, only when the archive had one. */
static void token_field_last(void **state)
{
	char text[256];

	(void)state;
	status_text(STATUS_OK, "kexec", 4, "", "", TOKEN, text, sizeof(text));
	assert_matches(text, "^\nINJECTOR: status=ok stage=kexec files=4 ms=[0-9]+ token=" TOKEN "\n$");
	status_text(STATUS_ERROR, "kexec", 4, "4,+2", "initrd-size", TOKEN, text, sizeof(text));
	assert_matches(text, "^\nINJECTOR: status=error stage=kexec files=4 ms=[0-9]+ failed=4,\\+2 "
			     "reason=initrd-size token=" TOKEN "\n$");
}

/* What log_msg writes to stderr for one guest-provided string, into OUT. */
static void msg_text(const char *guest, char *out, size_t size)
{
	FILE *tmp = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), STDERR_FILENO);
	log_msg("manifest:3: %s: not a regular file", guest);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, size - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
}

/* A guest's file name cannot forge a status line or drive the terminal. */
static void guest_text_escaped(void **state)
{
	char text[512];

	(void)state;
	msg_text("/x\nINJECTOR: status=ok stage=kexec files=9 ms=1\x1b[2J\r\x7f\t", text,
		 sizeof(text));
	assert_matches(text, "^\\[ *[0-9]+\\.[0-9]{6}\\] injector: manifest:3: "
			     "/x\\\\x0aINJECTOR: status=ok stage=kexec files=9 ms=1"
			     "\\\\x1b\\[2J\\\\x0d\\\\x7f\\\\x09: not a regular file\n$");
	assert_null(strchr(text, '\x1b'));
	assert_ptr_equal(strchr(text, '\n'), text + strlen(text) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ok_line),
		cmocka_unit_test(failed_field_last),
		cmocka_unit_test(partial_line),
		cmocka_unit_test(reason_field_last),
		cmocka_unit_test(token_field_last),
		cmocka_unit_test(guest_text_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
