/* SPDX-License-Identifier: MIT */
/*
 * The manifest parser and writer (common/manifest.c): every operation and
 * default, quoting, the limits at and one past their edge, the round trip
 * through manifest_write, and each error message, word for word.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

/* Parses TEXT (LEN bytes) as "t" and expects the error MSG. */
static void expect_error_len(const char *text, size_t len, const char *msg)
{
	struct manifest m;
	struct err err = { 0 };

	assert_int_equal(manifest_parse(text, len, "t", &m, &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(m.n, 0);
	assert_null(m.entries);
}

static void expect_ok(const char *text, size_t len, struct manifest *m)
{
	struct err err = { 0 };

	if (manifest_parse(text, len, "t", m, &err) < 0)
		fail_msg("unexpected error: %s", err.msg);
}

/* ---- one test per error message -------------------------------------------- */

struct bad {
	const char *text;
	size_t len; /* 0: strlen(text) */
	const char *msg;
};

static void test_bad(void **state)
{
	const struct bad *b = *state;

	expect_error_len(b->text, b->len ? b->len : strlen(b->text), b->msg);
}

/* A test named for the message it expects. */
#define BAD_LEN(TEXT, LEN, MSG) { MSG, test_bad, NULL, NULL, &(struct bad){ TEXT, LEN, MSG } }
#define BAD(TEXT, MSG) BAD_LEN(TEXT, 0, MSG)

#define BAD_CASES \
	BAD_LEN("file /a\0b src\n", 14, "t:1: NUL byte"), \
	BAD("dir /a\ndir /b\r\n", "t:2: carriage return (DOS line ending?)"), \
	BAD("dir /a \x01\n", "t:1: control character 0x01"), \
	BAD("# \x7f\n", "t:1: control character 0x7f"), \
	BAD("line /a \"abc\n", "t:1: unterminated quoted string"), \
	BAD("line /a \"abc\\", "t:1: unterminated quoted string"), \
	BAD("line /a \"a\\nb\"", "t:1: unknown escape '\\n' (only \\\" and \\\\)"), \
	BAD("line /a \"x\"y", "t:1: no blank after a closing quote"), \
	BAD("line /a x\"y\"", "t:1: quote inside an unquoted field"), \
	BAD("file /a b mode=1 owner=0:0 mtime=1 strict x", "t:1: too many fields"), \
	BAD("\n\ncopy /a b", "t:3: unknown operation 'copy'"), \
	BAD("file /a", "t:1: file expects GUEST_PATH SOURCE_PATH [mode=] [owner=] [mtime=] [strict]"), \
	BAD("append", "t:1: append expects \"KERNEL ARGUMENTS\""), \
	BAD("delete /a /b", "t:1: unknown option '/b' (delete GUEST_PATH [strict])"), \
	BAD("kernel /a strict", "t:1: unexpected field 'strict' (kernel GUEST_PATH)"), \
	BAD("dir /a mtime=5", \
	    "t:1: unknown option 'mtime=5' (dir GUEST_PATH [mode=] [owner=] [strict])"), \
	BAD("dir /a 0755", "t:1: unknown option '0755' (dir GUEST_PATH [mode=] [owner=] [strict])"), \
	BAD("dir /a strict=1", \
	    "t:1: unknown option 'strict=1' (dir GUEST_PATH [mode=] [owner=] [strict])"), \
	BAD("dir /a mode", "t:1: unknown option 'mode' (dir GUEST_PATH [mode=] [owner=] [strict])"), \
	BAD("line /a x strict strict", "t:1: option 'strict' given twice"), \
	BAD("dir /a mode=0700 mode=0755", "t:1: option 'mode' given twice"), \
	BAD("dir /a mode=8", "t:1: bad mode '8' (octal, at most 07777)"), \
	BAD("dir /a mode=10000", "t:1: bad mode '10000' (octal, at most 07777)"), \
	BAD("dir /a mode=", "t:1: bad mode '' (octal, at most 07777)"), \
	BAD("dir /a owner=0", "t:1: bad owner '0' (UID:GID, decimal, at most 4294967294)"), \
	BAD("dir /a owner=a:b", "t:1: bad owner 'a:b' (UID:GID, decimal, at most 4294967294)"), \
	BAD("dir /a owner=4294967295:0", \
	    "t:1: bad owner '4294967295:0' (UID:GID, decimal, at most 4294967294)"), \
	BAD("dir /a owner=1:-1", "t:1: bad owner '1:-1' (UID:GID, decimal, at most 4294967294)"), \
	BAD("file /a b mtime=-1", "t:1: bad mtime '-1' (seconds since 1970, at most 4294967295)"), \
	BAD("file /a b mtime=4294967296", \
	    "t:1: bad mtime '4294967296' (seconds since 1970, at most 4294967295)"), \
	BAD("file /a b mtime=99999999999999999999999", \
	    "t:1: bad mtime '99999999999999999999999' (seconds since 1970, at most 4294967295)"), \
	BAD("delete etc/x", "t:1: GUEST_PATH 'etc/x' is not absolute"), \
	BAD("delete /", "t:1: GUEST_PATH '/' is the root directory"), \
	BAD("delete /a//b", "t:1: GUEST_PATH '/a//b' contains '//'"), \
	BAD("delete /a/", "t:1: GUEST_PATH '/a/' ends with '/'"), \
	BAD("delete /a/./b", "t:1: GUEST_PATH '/a/./b' contains a '.' component"), \
	BAD("delete /a/../b", "t:1: GUEST_PATH '/a/../b' contains a '..' component"), \
	BAD("delete /..", "t:1: GUEST_PATH '/..' contains a '..' component"), \
	BAD("kernel boot/vmlinuz", "t:1: GUEST_PATH 'boot/vmlinuz' is not absolute"), \
	BAD("initrd None", "t:1: GUEST_PATH 'None' is not absolute"), \
	BAD("delete \"\"", "t:1: empty GUEST_PATH"), \
	BAD("file /a \"\"", "t:1: empty SOURCE_PATH"), \
	BAD("symlink /a \"\"", "t:1: empty TARGET"), \
	BAD("line /a \"\"", "t:1: empty TEXT"), \
	BAD("append \"\"", "t:1: empty KERNEL ARGUMENTS"), \
	BAD("kernel /a\nkernel /b", "t:2: second kernel entry (the first is on line 1)"), \
	BAD("initrd none\n# x\ninitrd /b", "t:3: second initrd entry (the first is on line 1)"), \
	BAD("file /a x\ndelete /a\ndir /a", "t:3: '/a' is created twice (also on line 1)"), \
	BAD("symlink /b x\ndir /a\nsymlink /b y", "t:3: '/b' is created twice (also on line 1)"), \
	BAD("rescue-key \"\"", "t:1: empty TEXT"), \
	BAD("rescue-net 10.0.2.15/24", "t:1: rescue-net expects ADDRESS/PREFIX GATEWAY|none"), \
	BAD("rescue-net 10.0.2.15 none", "t:1: bad ADDRESS/PREFIX '10.0.2.15'"), \
	BAD("rescue-net 10.0.2.15/33 none", "t:1: bad ADDRESS/PREFIX '10.0.2.15/33'"), \
	BAD("rescue-net 10.0.2/24 none", "t:1: bad ADDRESS/PREFIX '10.0.2/24'"), \
	BAD("rescue-net fd00::2/129 none", "t:1: bad ADDRESS/PREFIX 'fd00::2/129'"), \
	BAD("rescue-net 10.0.2.15/24 10.0.2.2/24", "t:1: bad GATEWAY '10.0.2.2/24'"), \
	BAD("rescue-net 10.0.2.15/24 gw", "t:1: bad GATEWAY 'gw'"), \
	BAD("rescue-net 1.2.3.4/8 none\nrescue-net 1.2.3.5/8 none", \
	    "t:2: second rescue-net entry (the first is on line 1)"),

/* ---- errors that need generated input ---------------------------------------- */

/* LINE COUNT times over, in a new buffer. */
static char *repeat(const char *line, size_t count, size_t *len)
{
	size_t n = strlen(line);
	char *s = malloc(n * count + 1);

	assert_non_null(s);
	for (size_t i = 0; i < count; i++)
		memcpy(s + i * n, line, n);
	s[n * count] = '\0';
	*len = n * count;
	return s;
}

static void test_line_length(void **state)
{
	char line[MANIFEST_MAX_LINE + 2];
	struct manifest m;

	(void)state;
	memset(line, 'x', sizeof(line));
	line[0] = '#';
	expect_ok(line, MANIFEST_MAX_LINE, &m);
	manifest_free(&m);
	expect_error_len(line, MANIFEST_MAX_LINE + 1, "t:1: line longer than 4096 bytes");
	/* The longest path a line can hold is below MANIFEST_MAX_PATH. */
	memcpy(line, "dir /", 5);
	expect_ok(line, MANIFEST_MAX_LINE, &m);
	assert_int_equal(strlen(m.entries[0].path), MANIFEST_MAX_LINE - 4);
	manifest_free(&m);
}

static void test_manifest_size(void **state)
{
	char comment[1025];
	size_t len;
	char *text;
	struct manifest m;

	(void)state;
	memset(comment, '#', 1023);
	comment[1023] = '\n';
	comment[1024] = '\0';
	text = repeat(comment, 1025, &len);
	expect_ok(text, MANIFEST_MAX_SIZE, &m);
	manifest_free(&m);
	expect_error_len(text, len, "t:1025: manifest longer than 1048576 bytes");
	free(text);
}

static void test_entry_count(void **state)
{
	size_t len;
	char *text = repeat("delete /a\n", MANIFEST_MAX_ENTRIES + 1, &len);
	struct manifest m;

	(void)state;
	expect_ok(text, len - strlen("delete /a\n"), &m);
	assert_int_equal(m.n, MANIFEST_MAX_ENTRIES);
	manifest_free(&m);
	expect_error_len(text, len, "t:10001: more than 10000 entries");
	free(text);
}

static void test_cmdline_length(void **state)
{
	/* Two appends joined by a blank: 1023 + 1 + 1023 = 2047 bytes fit, one more does not. */
	char text[3000];
	char arg[1025];
	struct manifest m;

	(void)state;
	memset(arg, 'a', 1023);
	arg[1023] = '\0';
	snprintf(text, sizeof(text), "append %s\nappend %s\n", arg, arg);
	expect_ok(text, strlen(text), &m);
	manifest_free(&m);
	arg[1023] = 'a';
	arg[1024] = '\0';
	snprintf(text, sizeof(text), "append %s\nappend %s\n", arg, arg);
	expect_error_len(text, strlen(text), "t:2: kernel arguments longer than 2047 bytes in all");
}

/* ---- what good input gives ---------------------------------------------------- */

static const char sample[] =
	"# a comment, then a blank line\n"
	"\n"
	"file /root/.ssh/authorized_keys keys/admin.pub mode=0600 owner=1000:100 mtime=0\n"
	"\tfile \"/etc/my file\" a#b   # '#' starts a comment only where a field would\n"
	"dir /srv/x mode=07777 owner=4294967294:4294967294\n"
	"dir /srv/y strict\n"
	"delete /etc/shadow-\n"
	"symlink /etc/localtime ../usr/share/zoneinfo/UTC\n"
	"line /etc/hosts \"10.0.0.1\tgw \\\"q\\\" \\\\\"\n"
	"line /etc/motd hello\n"
	"kernel /boot/vmlinuz-6.1\n"
	"initrd none\n"
	"append \"console=ttyS0 quiet\"\n"
	"file /x\\y /s mtime=4294967295\n"
	"rescue-key \"ssh-ed25519 AAAAC3Nz admin@host\"\n"
	"rescue-key \"ssh-rsa AAAAB3Nz other\"\n"
	"rescue-net fd00::15/64 none";

static void test_sample(void **state)
{
	struct manifest m;
	const struct manifest_entry *e;

	(void)state;
	expect_ok(sample, strlen(sample), &m);
	assert_int_equal(m.n, 15);
	e = &m.entries[0];
	assert_int_equal(e->op, MANIFEST_FILE);
	assert_int_equal(e->line, 3);
	assert_string_equal(e->path, "/root/.ssh/authorized_keys");
	assert_string_equal(e->source, "keys/admin.pub");
	assert_int_equal(e->mode, 0600);
	assert_true(e->has_owner && e->uid == 1000 && e->gid == 100);
	assert_true(e->has_mtime && e->mtime == 0);
	e = &m.entries[1];
	assert_string_equal(e->path, "/etc/my file");
	assert_string_equal(e->source, "a#b");
	assert_int_equal(e->mode, 0644);
	assert_false(e->has_owner || e->has_mtime);
	assert_true(m.entries[2].mode == 07777 && m.entries[2].uid == 4294967294u);
	assert_int_equal(m.entries[3].mode, 0755);
	assert_true(m.entries[3].strict && !m.entries[2].strict);
	assert_int_equal(m.entries[4].op, MANIFEST_DELETE);
	assert_string_equal(m.entries[5].text, "../usr/share/zoneinfo/UTC");
	assert_string_equal(m.entries[6].text, "10.0.0.1\tgw \"q\" \\");
	assert_string_equal(m.entries[7].text, "hello");
	assert_string_equal(m.entries[8].path, "/boot/vmlinuz-6.1");
	assert_true(m.entries[9].op == MANIFEST_INITRD && m.entries[9].path == NULL);
	assert_string_equal(m.entries[10].text, "console=ttyS0 quiet");
	assert_string_equal(m.entries[11].path, "/x\\y");
	assert_int_equal(m.entries[11].mtime, 4294967295ll);
	assert_true(m.entries[12].op == MANIFEST_RESCUE_KEY && m.entries[12].path == NULL);
	assert_string_equal(m.entries[12].text, "ssh-ed25519 AAAAC3Nz admin@host");
	assert_int_equal(m.entries[13].op, MANIFEST_RESCUE_KEY);
	assert_int_equal(m.entries[14].op, MANIFEST_RESCUE_NET);
	assert_string_equal(m.entries[14].text, "fd00::15/64");
	assert_null(m.entries[14].gateway);
	manifest_free(&m);
}

static void test_empty(void **state)
{
	struct manifest m;

	(void)state;
	expect_ok("", 0, &m);
	assert_int_equal(m.n, 0);
	expect_ok("# only\n  \n\t# comments\n", 22, &m);
	assert_int_equal(m.n, 0);
	manifest_free(&m);
}

static char *write_text(const struct manifest *m, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	assert_non_null(f);
	assert_int_equal(manifest_write(m, f), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void assert_same_string(const char *a, const char *b)
{
	if (a || b)
		assert_string_equal(a ? a : "(null)", b ? b : "(null)");
}

/* parse(write(M)) is M but for line numbers; write of that is the same text. */
static void test_round_trip(void **state)
{
	struct manifest m, again;
	size_t len, len2;
	char *text, *text2;

	(void)state;
	expect_ok(sample, strlen(sample), &m);
	text = write_text(&m, &len);
	expect_ok(text, len, &again);
	assert_int_equal(again.n, m.n);
	for (size_t i = 0; i < m.n; i++) {
		const struct manifest_entry *a = &m.entries[i], *b = &again.entries[i];

		assert_int_equal(b->line, i + 1);
		assert_true(a->op == b->op && a->mode == b->mode && a->has_owner == b->has_owner &&
			    a->uid == b->uid && a->gid == b->gid && a->has_mtime == b->has_mtime &&
			    a->mtime == b->mtime && a->strict == b->strict);
		assert_same_string(a->path, b->path);
		assert_same_string(a->source, b->source);
		assert_same_string(a->text, b->text);
	}
	text2 = write_text(&again, &len2);
	assert_string_equal(text, text2);
	assert_non_null(strstr(text, "file \"/etc/my file\" a#b mode=0644\n"));
	assert_non_null(strstr(text, "line /etc/motd \"hello\"\n"));
	assert_non_null(strstr(text, "initrd none\n"));
	assert_non_null(strstr(text, "dir /srv/y mode=0755 strict\n"));
	free(text);
	free(text2);
	manifest_free(&m);
	manifest_free(&again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample),	       cmocka_unit_test(test_empty),
		cmocka_unit_test(test_round_trip),     cmocka_unit_test(test_line_length),
		cmocka_unit_test(test_manifest_size),  cmocka_unit_test(test_entry_count),
		cmocka_unit_test(test_cmdline_length), BAD_CASES
	};

	return cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
}
