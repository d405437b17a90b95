/* SPDX-License-Identifier: MIT */
#include "module_stage.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "module_plan.h"
#include "util/dir_walk.h"

/* The indexes depmod does not write but reads, or libkmod reads at boot. */
static const char *const copied_indexes[] = { "modules.builtin", "modules.builtin.modinfo",
					      "modules.order" };

static const struct {
	const char *suffix, *kconfig;
} compressions[] = {
	{ ".xz", "CONFIG_MODULE_COMPRESS_XZ" },
	{ ".zst", "CONFIG_MODULE_COMPRESS_ZSTD" },
	{ ".gz", "CONFIG_MODULE_COMPRESS_GZIP" },
};

/* The compression suffix of PATH, or 0 when PATH is a plain .ko. */
static size_t suffix_len(const char *path, const char **kconfig)
{
	size_t len = strlen(path);

	for (size_t i = 0; i < sizeof(compressions) / sizeof(compressions[0]); i++) {
		size_t s = strlen(compressions[i].suffix);

		if (len > s && strcmp(path + len - s, compressions[i].suffix) == 0) {
			*kconfig = compressions[i].kconfig;
			return s;
		}
	}
	return 0;
}

static int make_parents(char *path, struct err *err)
{
	for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return err_sys(err, "%s", path);
		*slash = '/';
	}
	return 0;
}

/* SRC, xz/zstd/gzip-compressed, decompressed into the new file DST. */
static int decompress(const char *src, const char *dst, struct err *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	int fd = -1, ret = -1;

	archive_read_support_filter_all(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_filename(a, src, 1 << 16) != ARCHIVE_OK ||
	    archive_read_next_header(a, &ae) != ARCHIVE_OK)
		err_set(err, "%s: %s", src, archive_error_string(a));
	else if ((fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
		err_sys(err, "%s", dst);
	else if (archive_read_data_into_fd(a, fd) != ARCHIVE_OK)
		err_set(err, "%s: %s", src, archive_error_string(a));
	else
		ret = 0;
	if (fd >= 0)
		close(fd);
	archive_read_free(a);
	return ret;
}

static int stage_module(const char *stage, const char *moddir, const char *rel,
			const struct kconfig *kconfig, struct err *err)
{
	const char *kconfig_symbol = NULL;
	size_t cut = suffix_len(rel, &kconfig_symbol);
	int keep = !cut || (kconfig_enabled(kconfig, "CONFIG_MODULE_DECOMPRESS") &&
			    kconfig_enabled(kconfig, kconfig_symbol));
	char src[4096], dst[4096];

	snprintf(src, sizeof(src), "%s/%s", moddir, rel);
	snprintf(dst, sizeof(dst), "%s/%.*s", stage, (int)(strlen(rel) - (keep ? 0 : cut)), rel);
	if (make_parents(dst, err) < 0)
		return -1;
	if (keep)
		return symlink(src, dst) < 0 ? err_sys(err, "%s", dst) : 0;
	return decompress(src, dst, err);
}

static int link_indexes(const char *stage, const char *moddir, struct err *err)
{
	char src[4096], dst[4096];

	for (size_t i = 0; i < sizeof(copied_indexes) / sizeof(copied_indexes[0]); i++) {
		snprintf(src, sizeof(src), "%s/%s", moddir, copied_indexes[i]);
		snprintf(dst, sizeof(dst), "%s/%s", stage, copied_indexes[i]);
		if (access(src, F_OK) == 0 && symlink(src, dst) < 0)
			return err_sys(err, "%s", dst);
	}
	return 0;
}

/* depmod -b ROOT KVER, its complaints kept for the error message. */
static int run_depmod(const char *root, const char *kver, struct err *err)
{
	char log[4096], line[256] = "";
	int status;
	pid_t pid;
	FILE *f;

	snprintf(log, sizeof(log), "%s/depmod.log", root);
	pid = fork();
	if (pid < 0)
		return err_sys(err, "cannot start depmod");
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(fd, 1), dup2(fd, 2);
		/* Debian keeps depmod in /usr/sbin, often not in a user's PATH. */
		execl("/usr/sbin/depmod", "depmod", "-b", root, kver, (char *)NULL);
		execl("/sbin/depmod", "depmod", "-b", root, kver, (char *)NULL);
		execlp("depmod", "depmod", "-b", root, kver, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return err_sys(err, "depmod");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return err_set(err, "depmod not found (install kmod)");
	if ((f = fopen(log, "re"))) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	line[strcspn(line, "\n")] = '\0';
	return err_set(err, "depmod failed: %s", line);
}

struct adding {
	struct fileset *fs;
	const char *prefix;
	int indexes; /* depmod's modules.* too, not only the module table */
};

/*
 * injector-init reads the module table only; depmod's indexes (some 240 KB
 * that the kernel would unpack at every boot) serve the rescue kit's modprobe.
 */
static int index_unread(const struct adding *a, const char *rel)
{
	return !a->indexes && !strncmp(rel, "modules.", 8) && strcmp(rel, MODULE_PLAN_FILE) != 0;
}

static int add_staged(const char *top, const char *rel, void *ctx, struct err *err)
{
	struct adding *a = ctx;
	char path[4096], src[4096];

	if (index_unread(a, rel))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", a->prefix, rel);
	snprintf(src, sizeof(src), "%s/%s", top, rel);
	return fileset_file(a->fs, path, src, 0644, err);
}

static int stage_all(struct module_stage *st, struct fileset *fs, const char *moddir,
		     const char *kver, const struct strlist *paths,
		     const struct kconfig *kconfig, struct err *err)
{
	char tree[4096], prefix[4096];
	struct adding a = { fs, prefix, st->indexes };

	snprintf(tree, sizeof(tree), "%s/lib/modules/%s/", st->dir, kver);
	if (make_parents(tree, err) < 0)
		return -1;
	tree[strlen(tree) - 1] = '\0';
	for (size_t i = 0; i < paths->n; i++)
		if (stage_module(tree, moddir, paths->v[i], kconfig, err) < 0)
			return -1;
	if (link_indexes(tree, moddir, err) < 0 || run_depmod(st->dir, kver, err) < 0 ||
	    module_plan(tree, err) < 0)
		return -1;
	snprintf(prefix, sizeof(prefix), "lib/modules/%s", kver);
	return dir_walk(tree, "", add_staged, &a, err);
}

int module_stage(struct module_stage *st, struct fileset *fs, const char *moddir,
		  const char *kver, const struct strlist *paths, const struct kconfig *kconfig,
		  struct err *err)
{
	const char *tmp = getenv("TMPDIR");
	char abs_moddir[4096];

	/* The staged links must work from the staging tree, wherever it is. */
	if (!realpath(moddir, abs_moddir))
		return err_sys(err, "%s", moddir);
	snprintf(st->dir, sizeof(st->dir), "%s/vmlinuz-tool.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(st->dir)) {
		err_sys(err, "cannot create a directory in %s", tmp && *tmp ? tmp : "/tmp");
		st->dir[0] = '\0';
		return -1;
	}
	return stage_all(st, fs, abs_moddir, kver, paths, kconfig, err);
}

void module_unstage(struct module_stage *st)
{
	if (st->dir[0])
		dir_remove(st->dir);
	st->dir[0] = '\0';
}
