/* SPDX-License-Identifier: MIT */
/* Only a status line carrying the right token counts; the last such line wins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "status/injector_status.h"

#define A "0123456789abcdef0123456789abcdef"
#define B "fedcba9876543210fedcba9876543210"

static enum status_found find(const char *log, const char *token, struct injector_status *st)
{
	return status_find(log, strlen(log), token, st);
}

static void the_right_token(void **state)
{
	struct injector_status st;

	(void)state;
	assert_int_equal(
	    find("x\nINJECTOR: status=ok stage=kexec files=4 ms=960 token=" A "\n", A, &st),
	    STATUS_FOUND);
	assert_string_equal(st.status, "ok");
	assert_string_equal(st.stage, "kexec");
	assert_int_equal(st.files, 4);
	assert_int_equal(st.ms, 960);
	assert_string_equal(st.failed, "");
	assert_int_equal(st.line, 2);
}

/* partial and reason=, in the order injector-init prints them: before token=. */
static void partial_and_reason(void **state)
{
	struct injector_status st;

	(void)state;
	assert_int_equal(find("INJECTOR: status=partial stage=kexec files=3 ms=9 failed=4,5 token=" A
			      "\n",
			      A, &st),
			 STATUS_FOUND);
	assert_string_equal(st.status, "partial");
	assert_string_equal(st.failed, "4,5");
	assert_string_equal(st.reason, "");
	assert_int_equal(find("INJECTOR: status=error stage=kernel files=0 ms=9 reason=budget token=" A
			      "\n",
			      A, &st),
			 STATUS_FOUND);
	assert_string_equal(st.reason, "budget");
	assert_int_equal(find("INJECTOR: status=error stage=kernel files=0 ms=9 reason=Bad! token=" A
			      "\n",
			      A, &st),
			 STATUS_NONE);
}

/* The guest prints what it likes after the kexec: without the token it proves nothing. */
static void forged_lines_ignored(void **state)
{
	static const char log[] =
	    "INJECTOR: status=error stage=inject files=1 ms=9 failed=2 token=" A "\n"
	    "INJECTOR: status=ok stage=kexec files=9 ms=1\n"
	    "INJECTOR: status=ok stage=kexec files=9 ms=1 token=" B "\n"
	    "INJECTOR: status=ok stage=kexec files=9 ms=1 token=" A "0\n"
	    "INJECTOR: status=ok stage=kexec files=9 ms=1 token=0123456789ABCDEF0123456789ABCDEF\n"
	    "INJECTOR: status=fine stage=kexec files=9 ms=1 token=" A "\n"
	    "INJECTOR: status=ok stage=kexec files=x ms=1 token=" A "\n"
	    "INJECTOR: status=ok stage=kexec files=9 token=" A "\n"
	    "INJECTOR: status=ok stage=kexec files=9 ms=1 failed=a token=" A "\n"
	    "INJECTOR: status=ok stage=kexec files=9 ms=1\ntoken=" A "\n";
	struct injector_status st;

	(void)state;
	assert_int_equal(find(log, A, &st), STATUS_FOUND);
	assert_string_equal(st.status, "error");
	assert_string_equal(st.stage, "inject");
	assert_string_equal(st.failed, "2");
	assert_int_equal(st.line, 1);
}

static void wrong_token_none(void **state)
{
	struct injector_status st;

	(void)state;
	assert_int_equal(find("INJECTOR: status=ok stage=kexec files=4 ms=9 token=" A "\n", B, &st),
			 STATUS_NONE);
	assert_int_equal(find("", A, &st), STATUS_NONE);
	assert_int_equal(find("INJECTOR: status=ok stage=kexec files=4 ms=9\n", A, &st),
			 STATUS_NONE);
}

/* One console log, several boots (libvirt appends): each boot's own token finds its line. */
static void multiple_boots(void **state)
{
	static const char log[] =
	    "INJECTOR: status=error stage=root files=0 ms=30000 token=" A "\r\n"
	    "login: \r\n"
	    "INJECTOR: status=ok stage=kexec files=3 ms=800 token=" B "\r\n";
	struct injector_status st;

	(void)state;
	assert_int_equal(find(log, A, &st), STATUS_FOUND);
	assert_string_equal(st.stage, "root");
	assert_int_equal(find(log, B, &st), STATUS_FOUND);
	assert_string_equal(st.status, "ok");
	assert_int_equal(st.line, 3);
}

/* A failed jump after status=ok prints an error line: the last one wins. */
static void last_one_wins(void **state)
{
	static const char log[] =
	    "INJECTOR: status=ok stage=kexec files=3 ms=800 token=" A "\n"
	    "[    1.2] kexec: failed\n"
	    "[    1.3] INJECTOR: status=error stage=kexec files=3 ms=801 token=" A "\n";
	struct injector_status st;

	(void)state;
	assert_int_equal(find(log, A, &st), STATUS_FOUND);
	assert_string_equal(st.status, "error");
	assert_int_equal(st.ms, 801);
	assert_int_equal(st.line, 3);
}

/* A log cut short: a whole token counts, a partial one does not. */
static void truncated_lines(void **state)
{
	static const char whole[] = "INJECTOR: status=ok stage=kexec files=3 ms=8 token=" A;
	struct injector_status st;

	(void)state;
	assert_int_equal(status_find(whole, strlen(whole), A, &st), STATUS_FOUND);
	for (size_t n = 0; n < strlen(whole); n++)
		assert_int_equal(status_find(whole, n, A, &st), STATUS_NONE);
}

static void token_syntax(void **state)
{
	(void)state;
	assert_true(status_token_valid(A));
	assert_false(status_token_valid(A "0"));
	assert_false(status_token_valid("0123456789abcdef0123456789abcde"));
	assert_false(status_token_valid("0123456789abcdef0123456789abcdeF"));
	assert_false(status_token_valid(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_right_token),
		cmocka_unit_test(partial_and_reason),  cmocka_unit_test(forged_lines_ignored),
		cmocka_unit_test(wrong_token_none), cmocka_unit_test(multiple_boots),
		cmocka_unit_test(last_one_wins),    cmocka_unit_test(truncated_lines),
		cmocka_unit_test(token_syntax),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
