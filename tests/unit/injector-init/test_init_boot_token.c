/* SPDX-License-Identifier: MIT */
/* The per-boot token: read once, then gone from the file system. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest/boot_token.h"

#define TOKEN "0123456789abcdef0123456789abcdef"

static char path[] = "/tmp/test_boot_token.XXXXXX";

static void put(const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	int fd = mkstemp(path);

	(void)state;
	if (fd >= 0)
		close(fd);
	return fd < 0;
}

static void taken_and_removed(void **state)
{
	struct boot_token t;
	struct err err;

	(void)state;
	put(TOKEN);
	assert_int_equal(boot_token_take(&t, path, &err), 0);
	assert_string_equal(t.hex, TOKEN);
	assert_int_equal(access(path, F_OK), -1);
	boot_token_wipe(&t);
	assert_string_equal(t.hex, "");
}

static void absent_is_empty(void **state)
{
	struct boot_token t;
	struct err err;

	(void)state;
	unlink(path);
	assert_int_equal(boot_token_take(&t, path, &err), 0);
	assert_string_equal(t.hex, "");
}

/* Short, long, upper case, a newline: not what payload writes. */
static void malformed_refused(void **state)
{
	static const char *const bad[] = { "0123", TOKEN "0", "0123456789ABCDEF0123456789abcdef",
					   "0123456789abcdef0123456789abcde\n", "" };
	struct boot_token t;
	struct err err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put(bad[i]);
		assert_int_equal(boot_token_take(&t, path, &err), -1);
		assert_non_null(strstr(err.msg, "not a token"));
		assert_string_equal(t.hex, "");
	}
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(taken_and_removed),
		cmocka_unit_test(absent_is_empty),
		cmocka_unit_test(malformed_refused),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
