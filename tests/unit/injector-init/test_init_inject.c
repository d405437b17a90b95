/* SPDX-License-Identifier: MIT */
/*
 * Every manifest operation against a temporary directory as the guest root,
 * including a hostile guest's symlinks. The root lives in OUTER/root next to
 * OUTER/outside; a snapshot of OUTER minus the root must not change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "init_tree.h"

#include <errno.h>
#include <sys/sysmacros.h>

#include "guest/inject.h"

struct env {
	char outer[64];
	char root[96];
	int rootfd, srcfd;
	char *before;
};

static char snap[1 << 16];
static size_t snap_len;
static const char *snap_skip;

static int snap_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char buf[256] = "";
	FILE *f;

	(void)ftw;
	if (!strncmp(path, snap_skip, strlen(snap_skip)))
		return 0;
	if (type == FTW_F && (f = fopen(path, "r"))) {
		buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
		fclose(f);
	}
	if (type == FTW_SL)
		buf[readlink(path, buf, sizeof(buf) - 1) > 0 ? strlen(buf) : 0] = '\0';
	snap_len += snprintf(snap + snap_len, sizeof(snap) - snap_len, "%s %o %ld %ld [%s]\n", path,
			     st->st_mode, (long)st->st_size, (long)st->st_mtime, buf);
	return 0;
}

/* Everything in OUTER but the guest root: must never change. */
static char *snapshot(const struct env *e)
{
	snap_len = 0;
	snap_skip = e->root;
	nftw(e->outer, snap_one, 16, FTW_PHYS);
	return strdup(snap);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	tree_new(e->outer);
	snprintf(e->root, sizeof(e->root), "%s/root", e->outer);
	tree_puts(e->outer, "outside/secret", "host data\n");
	tree_puts(e->outer, "outside/authorized_keys", "host keys\n");
	tree_puts(e->outer, "root/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
	tree_puts(e->outer, "src/key.pub", "ssh-ed25519 AAAA admin\n");
	tree_puts(e->outer, "src/big", "0123456789");
	mkdir(e->root, 0755);
	e->rootfd = tree_open(e->root);
	e->srcfd = tree_open(strcat(strcpy((char[128]){ 0 }, e->outer), "/src"));
	e->before = snapshot(e);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char *after = snapshot(e);

	assert_string_equal(e->before, after);
	free(after);
	free(e->before);
	close(e->rootfd);
	close(e->srcfd);
	tree_free(e->outer);
	free(e);
	return 0;
}

static char *guest_text(const struct env *e, const char *rel)
{
	static char buf[4096];
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", e->root, rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
	fclose(f);
	return buf;
}

static void guest_stat(const struct env *e, const char *rel, struct stat *st)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", e->root, rel);
	assert_int_equal(lstat(path, st), 0);
}

static void guest_link(const struct env *e, const char *target, const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", e->root, rel);
	assert_int_equal(symlink(target, path), 0);
}

static struct manifest_entry file_entry(char *path, char *source)
{
	return (struct manifest_entry){ .op = MANIFEST_FILE, .line = 1, .path = path,
					.source = source, .mode = 0600, .uid = getuid(),
					.gid = getgid(), .has_mtime = 1, .mtime = 1700000000 };
}

static int run(struct env *e, struct manifest_entry *entry, struct err *err)
{
	return inject_one(e->rootfd, e->srcfd, entry, err);
}

static void file_create_and_replace(void **state)
{
	struct env *e = *state;
	struct manifest_entry f = file_entry("/root/.ssh/authorized_keys", "key.pub");
	struct err err;
	struct stat st;

	assert_int_equal(run(e, &f, &err), 0);
	assert_string_equal(guest_text(e, "root/.ssh/authorized_keys"), "ssh-ed25519 AAAA admin\n");
	guest_stat(e, "root/.ssh/authorized_keys", &st);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_mtime, 1700000000);
	f.source = "big";
	f.mode = 0644;
	f.has_mtime = 0;
	assert_int_equal(run(e, &f, &err), 0);
	assert_string_equal(guest_text(e, "root/.ssh/authorized_keys"), "0123456789");
	guest_stat(e, "root/.ssh/authorized_keys", &st);
	assert_int_equal(st.st_mode & 07777, 0644);
}

static void file_missing_source_keeps_old(void **state)
{
	struct env *e = *state;
	struct manifest_entry f = file_entry("/etc/passwd", "nonexistent");
	struct err err;

	assert_int_equal(run(e, &f, &err), -1);
	assert_non_null(strstr(err.msg, "/etc/passwd"));
	assert_string_equal(guest_text(e, "etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
}

static void dir_mkdir_p(void **state)
{
	struct env *e = *state;
	struct manifest_entry d = { .op = MANIFEST_DIR, .path = "/srv/a/b/c", .mode = 0710,
				    .uid = getuid(), .gid = getgid() };
	struct err err;
	struct stat st;

	assert_int_equal(run(e, &d, &err), 0);
	guest_stat(e, "srv/a/b/c", &st);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0710);
	guest_stat(e, "srv/a", &st);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(run(e, &d, &err), 0);
}

static void delete_file_link_dir(void **state)
{
	struct env *e = *state;
	struct manifest_entry del = { .op = MANIFEST_DELETE, .path = "/etc/passwd" };
	struct err err;
	struct stat st;
	char path[256];

	assert_int_equal(run(e, &del, &err), 0);
	assert_null(guest_text(e, "etc/passwd"));
	assert_int_equal(run(e, &del, &err), 0); /* already gone */
	guest_link(e, "/etc", "etclink");
	del.path = "/etclink";
	assert_int_equal(run(e, &del, &err), 0);
	guest_stat(e, "etc", &st);
	del.path = "/etc";
	assert_int_equal(run(e, &del, &err), 0); /* empty now */
	snprintf(path, sizeof(path), "%s/etc", e->root);
	assert_int_equal(lstat(path, &st), -1);
	del.path = "/nonexistent/dir/x";
	assert_int_equal(run(e, &del, &err), 0);
	del.path = "/";
	assert_int_equal(run(e, &del, &err), -1);
}

static void symlink_create_and_replace(void **state)
{
	struct env *e = *state;
	struct manifest_entry s = { .op = MANIFEST_SYMLINK, .path = "/etc/localtime",
				    .text = "/usr/share/zoneinfo/UTC" };
	struct err err;
	char buf[64] = "", path[256];

	assert_int_equal(run(e, &s, &err), 0);
	s.text = "../usr/share/zoneinfo/Europe/Paris";
	assert_int_equal(run(e, &s, &err), 0);
	snprintf(path, sizeof(path), "%s/etc/localtime", e->root);
	assert_true(readlink(path, buf, sizeof(buf) - 1) > 0);
	assert_string_equal(buf, "../usr/share/zoneinfo/Europe/Paris");
}

static void line_ensure(void **state)
{
	struct env *e = *state;
	struct manifest_entry l = { .op = MANIFEST_LINE, .path = "/etc/passwd",
				    .text = "admin:x:1000:1000::/home/admin:/bin/sh" };
	struct err err;
	struct stat st;
	char path[256];

	snprintf(path, sizeof(path), "%s/etc/passwd", e->root);
	chmod(path, 0640);
	assert_int_equal(run(e, &l, &err), 0);
	assert_int_equal(run(e, &l, &err), 0);
	assert_string_equal(guest_text(e, "etc/passwd"),
			    "root:x:0:0::/root:/bin/sh\nadmin:x:1000:1000::/home/admin:/bin/sh\n");
	guest_stat(e, "etc/passwd", &st);
	assert_int_equal(st.st_mode & 07777, 0640);
	tree_write(e->root, "etc/noeol", "a\nb", 3);
	l.path = "/etc/noeol";
	l.text = "c";
	assert_int_equal(run(e, &l, &err), 0);
	assert_string_equal(guest_text(e, "etc/noeol"), "a\nb\nc\n");
	l.path = "/etc/new.conf";
	assert_int_equal(run(e, &l, &err), 0);
	assert_string_equal(guest_text(e, "etc/new.conf"), "c\n");
}

/* A FIFO or device node as a `line` target: refused, never opened for reading in a way that blocks. */
static void hostile_line_not_regular(void **state)
{
	struct env *e = *state;
	struct manifest_entry l = { .op = MANIFEST_LINE, .line = 3, .path = "/etc/fifo", .text = "x" };
	struct err err;
	char path[256];

	alarm(10);
	snprintf(path, sizeof(path), "%s/etc/fifo", e->root);
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_int_equal(run(e, &l, &err), -1);
	assert_non_null(strstr(err.msg, "/etc/fifo: not a regular file"));
	snprintf(path, sizeof(path), "%s/etc/null", e->root);
	if (mknod(path, S_IFCHR | 0666, makedev(1, 3)) == 0) { /* root only */
		l.path = "/etc/null";
		assert_int_equal(run(e, &l, &err), -1);
		assert_non_null(strstr(err.msg, "/etc/null: not a regular file"));
	}
	alarm(0);
}

/* Temporary names the guest could guess and plant beforehand: entries still apply. */
static void hostile_planted_temp_names(void **state)
{
	struct env *e = *state;
	char src[] = "key.pub", dst[] = "/etc/key", name[64];
	struct manifest_entry f = file_entry(dst, src);
	struct manifest_entry s = { .op = MANIFEST_SYMLINK, .path = "/etc/lnk", .text = "key" };
	struct err err;

	for (unsigned i = 0; i < 4096; i++) {
		snprintf(name, sizeof(name), "etc/.injector-%d-%u", (int)getpid(), i);
		tree_puts(e->root, name, "");
	}
	assert_int_equal(run(e, &f, &err), 0);
	assert_string_equal(guest_text(e, "etc/key"), "ssh-ed25519 AAAA admin\n");
	assert_int_equal(run(e, &s, &err), 0);
	assert_string_equal(guest_text(e, "etc/lnk"), "ssh-ed25519 AAAA admin\n");
}

/* ---- hostile guests ------------------------------------------------------ */

static void hostile_absolute_dir_link(void **state)
{
	struct env *e = *state;
	struct manifest_entry f = file_entry("/root/.ssh/authorized_keys", "key.pub");
	char target[128];
	struct err err;

	/* /root/.ssh -> the host's view of outside: resolved inside the root instead. */
	snprintf(target, sizeof(target), "%s/outside", e->outer);
	mkdir(strcat(strcpy((char[128]){ 0 }, e->root), "/root"), 0700);
	guest_link(e, target, "root/.ssh");
	if (run(e, &f, &err) == 0)
		assert_string_equal(guest_text(e, "root/.ssh/authorized_keys"), "ssh-ed25519 AAAA admin\n");
	guest_link(e, "/", "rootlink");
	f.path = "/rootlink/injected";
	assert_int_equal(run(e, &f, &err), 0);
	assert_non_null(guest_text(e, "injected"));
}

static void hostile_dotdot_links(void **state)
{
	struct env *e = *state;
	struct manifest_entry f = file_entry("/etc/up/outside/secret", "key.pub");
	struct manifest_entry l = { .op = MANIFEST_LINE, .path = "/etc/up/outside/secret", .text = "x" };
	struct manifest_entry d = { .op = MANIFEST_DELETE, .path = "/etc/up/outside/authorized_keys" };
	struct manifest_entry dir = { .op = MANIFEST_DIR, .path = "/etc/up/outside/newdir", .mode = 0755,
				      .uid = getuid(), .gid = getgid() };
	struct manifest_entry *all[] = { &f, &l, &d, &dir };
	struct err err;

	guest_link(e, "../../../../../../..", "etc/up");
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		run(e, all[i], &err); /* clamped inside the root, or refused */
	assert_non_null(guest_text(e, "outside/secret"));
}

static void hostile_final_symlink_replaced(void **state)
{
	struct env *e = *state;
	struct manifest_entry f = file_entry("/etc/shadow", "key.pub");
	struct manifest_entry l = { .op = MANIFEST_LINE, .path = "/etc/motd", .text = "hello" };
	char target[128];
	struct err err;
	struct stat st;

	snprintf(target, sizeof(target), "%s/outside/secret", e->outer);
	guest_link(e, target, "etc/shadow");
	guest_link(e, target, "etc/motd");
	assert_int_equal(run(e, &f, &err), 0);
	guest_stat(e, "etc/shadow", &st);
	assert_true(S_ISREG(st.st_mode));
	/* The link's target, read inside the root, does not exist: a new file. */
	assert_int_equal(run(e, &l, &err), 0);
	assert_string_equal(guest_text(e, "etc/motd"), "hello\n");
}

static void hostile_failures_reported(void **state)
{
	struct env *e = *state;
	struct manifest_entry f = file_entry("/etc/passwd/x", "key.pub");
	struct manifest_entry loop = file_entry("/loop/x", "key.pub");
	struct manifest_entry fifo = { .op = MANIFEST_LINE, .path = "/etc/fifo", .text = "x" };
	struct manifest entries = { 0 };
	struct manifest_entry all[3];
	struct inject_result res;
	char list[INJECT_FAILED_LIST_MAX];
	struct err err;
	char path[256];

	assert_int_equal(run(e, &f, &err), -1); /* a file in the way */
	assert_non_null(strstr(err.msg, "/etc/passwd/x"));
	guest_link(e, "loop", "loop");
	assert_int_equal(run(e, &loop, &err), -1);
	snprintf(path, sizeof(path), "%s/etc/fifo", e->root);
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_int_equal(run(e, &fifo, &err), -1); /* never blocks on a FIFO */
	all[0] = f;
	all[1] = file_entry("/ok", "key.pub");
	all[2] = loop;
	for (unsigned i = 0; i < 3; i++)
		all[i].line = 4 + 3 * i;
	entries.entries = all;
	entries.n = 3;
	inject_all(e->rootfd, e->srcfd, &entries, NULL, NULL, &res);
	assert_int_equal(res.ok, 1);
	assert_int_equal(res.failed, 2);
	assert_non_null(guest_text(e, "ok"));
	inject_failed_list(&res, list, sizeof(list));
	assert_string_equal(list, "4,10"); /* the status line's failed= */
	/* By default they are reported and the guest still boots; strict entries stop it. */
	assert_int_equal(res.strict_failed, 0);
	assert_false(inject_stops_boot(&res, 0));
	assert_true(inject_stops_boot(&res, 1));
	all[1].strict = 1; /* succeeds: changes nothing */
	inject_all(e->rootfd, e->srcfd, &entries, NULL, NULL, &res);
	assert_false(inject_stops_boot(&res, 0));
	all[2].strict = 1;
	inject_all(e->rootfd, e->srcfd, &entries, NULL, NULL, &res);
	assert_int_equal(res.strict_failed, 1);
	assert_true(inject_stops_boot(&res, 0));
}

/* ---- hostile guest users ------------------------------------------------- */

/* GUEST/REL -> TARGET, owned by UID as a guest user would have made it. */
static void user_link(const struct env *e, const char *target, const char *rel, uid_t uid)
{
	char path[256];

	guest_link(e, target, rel);
	snprintf(path, sizeof(path), "%s/%s", e->root, rel);
	assert_int_equal(lchown(path, uid, uid), 0);
}

/* /home/alice, owned by UID. */
static void user_home(const struct env *e, uid_t uid)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/home/alice", e->root);
	mkdir(strcat(strcpy((char[128]){ 0 }, e->root), "/home"), 0755);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(chown(path, uid, uid), 0);
}

static void refused_as_user_link(const struct err *err)
{
	assert_non_null(strstr(err->msg, "owned by uid 1000"));
	assert_non_null(strstr(err->msg, "not followed"));
}

/* Alice's `shared -> /etc` would have the injector chown the guest's /etc to her. */
static void user_dir_final_link(void **state)
{
	struct env *e = *state;
	struct manifest_entry d = { .op = MANIFEST_DIR, .line = 2, .path = "/home/alice/shared",
				    .mode = 0755, .uid = 1000, .gid = 1000 };
	struct err err;
	struct stat before, after;

	user_home(e, 1000);
	user_link(e, "../../etc", "home/alice/shared", 1000);
	guest_stat(e, "etc", &before);
	assert_int_equal(run(e, &d, &err), -1);
	refused_as_user_link(&err);
	assert_non_null(strstr(err.msg, "/home/alice/shared"));
	guest_stat(e, "etc", &after);
	assert_int_equal(after.st_uid, before.st_uid);
	assert_int_equal(after.st_mode, before.st_mode);
}

/* A user's link as a parent: in a root-owned or in the user's own directory. */
static void user_parent_link_file(void **state)
{
	struct env *e = *state;
	struct manifest_entry f = file_entry("/home/alice/link/x", "key.pub");
	struct manifest_entry l = { .op = MANIFEST_LINE, .path = "/home/alice/link/y", .text = "x" };
	struct manifest_entry s = { .op = MANIFEST_SYMLINK, .path = "/home/alice/link/z",
				    .text = "x" };
	struct err err;

	user_home(e, 0);
	user_link(e, "/etc", "home/alice/link", 1000);
	assert_int_equal(run(e, &f, &err), -1);
	refused_as_user_link(&err);
	assert_non_null(strstr(err.msg, "directory of uid 0"));
	chown(strcat(strcpy((char[128]){ 0 }, e->root), "/home/alice"), 1000, 1000);
	assert_int_equal(run(e, &f, &err), -1);
	refused_as_user_link(&err);
	assert_int_equal(run(e, &l, &err), -1);
	refused_as_user_link(&err);
	assert_int_equal(run(e, &s, &err), -1);
	refused_as_user_link(&err);
	assert_null(guest_text(e, "etc/x"));
	assert_null(guest_text(e, "etc/y"));
	assert_int_equal(faccessat(e->rootfd, "etc/z", F_OK, AT_SYMLINK_NOFOLLOW), -1);
}

static void user_parent_link_delete(void **state)
{
	struct env *e = *state;
	struct manifest_entry d = { .op = MANIFEST_DELETE, .path = "/home/alice/link/passwd" };
	struct err err;

	user_home(e, 1000);
	user_link(e, "../../etc", "home/alice/link", 1000);
	assert_int_equal(run(e, &d, &err), -1);
	refused_as_user_link(&err);
	assert_non_null(guest_text(e, "etc/passwd"));
}

/* Root's links are followed as before, also inside a user's directory. */
static void root_link_in_user_dir(void **state)
{
	struct env *e = *state;
	struct manifest_entry f = file_entry("/home/alice/link/x", "key.pub");
	struct err err;

	user_home(e, 1000);
	user_link(e, "/etc", "home/alice/link", 0);
	assert_int_equal(run(e, &f, &err), 0);
	assert_non_null(guest_text(e, "etc/x"));
}

/* Beyond INJECT_FAILED_LISTED lines the list ends in a count; none failed: empty. */
static void failed_list_bounded(void **state)
{
	struct inject_result res = { .failed = INJECT_FAILED_LISTED + 3 };
	char list[INJECT_FAILED_LIST_MAX];

	(void)state;
	for (unsigned i = 0; i < INJECT_FAILED_LISTED; i++)
		res.failed_line[i] = 4000000000u + i;
	inject_failed_list(&res, list, sizeof(list));
	assert_non_null(strstr(list, "4000000000,4000000001,"));
	assert_string_equal(strrchr(list, ','), ",+3");
	assert_int_equal(strlen(list), INJECT_FAILED_LISTED * 11 + 2);
	res.failed = 0;
	inject_failed_list(&res, list, sizeof(list));
	assert_string_equal(list, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(file_create_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(file_missing_source_keeps_old, setup, teardown),
		cmocka_unit_test_setup_teardown(dir_mkdir_p, setup, teardown),
		cmocka_unit_test_setup_teardown(delete_file_link_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(symlink_create_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(line_ensure, setup, teardown),
		cmocka_unit_test_setup_teardown(hostile_absolute_dir_link, setup, teardown),
		cmocka_unit_test_setup_teardown(hostile_dotdot_links, setup, teardown),
		cmocka_unit_test_setup_teardown(hostile_final_symlink_replaced, setup, teardown),
		cmocka_unit_test_setup_teardown(hostile_failures_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(user_dir_final_link, setup, teardown),
		cmocka_unit_test_setup_teardown(user_parent_link_file, setup, teardown),
		cmocka_unit_test_setup_teardown(user_parent_link_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(root_link_in_user_dir, setup, teardown),
		cmocka_unit_test(failed_list_bounded),
		cmocka_unit_test_setup_teardown(hostile_line_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(hostile_planted_temp_names, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
