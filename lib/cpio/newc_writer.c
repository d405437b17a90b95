/* SPDX-License-Identifier: MIT */
#include "newc_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec/codec.h"

static const struct {
	const char *name, *kconfig;
} compressions[] = {
	[CPIO_NONE] = { "none", NULL },
	[CPIO_GZIP] = { "gzip", "CONFIG_RD_GZIP" },
	[CPIO_XZ] = { "xz", "CONFIG_RD_XZ" },
	[CPIO_ZSTD] = { "zstd", "CONFIG_RD_ZSTD" },
};

int cpio_compression_parse(const char *name, enum cpio_compression *c)
{
	for (size_t i = 0; i < sizeof(compressions) / sizeof(compressions[0]); i++) {
		if (strcmp(name, compressions[i].name) == 0) {
			*c = (enum cpio_compression)i;
			return 0;
		}
	}
	return -1;
}

const char *cpio_compression_name(enum cpio_compression c)
{
	return compressions[c].name;
}

const char *cpio_compression_kconfig(enum cpio_compression c)
{
	return compressions[c].kconfig;
}

int newc_epoch(int64_t *mtime, struct err *err)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	unsigned long long v;

	*mtime = 0;
	if (!s || !*s)
		return 0;
	v = strtoull(s, &end, 10);
	/* newc stores mtime in 8 hex digits. */
	if (s[0] < '0' || s[0] > '9' || *end || v > UINT32_MAX)
		return err_set(err, "'%s' is not a number of seconds from 0 to %u",
			       s, UINT32_MAX);
	*mtime = (int64_t)v;
	return 0;
}

static la_ssize_t append(struct archive *a, void *ctx, const void *buf, size_t len)
{
	struct newc_writer *w = ctx;

	if (len > w->cap - w->size) {
		size_t cap = w->cap ? w->cap : 1 << 16;
		uint8_t *grown;

		while (cap - w->size < len)
			cap *= 2;
		grown = realloc(w->data, cap);
		if (!grown) {
			archive_set_error(a, ENOMEM, "out of memory");
			return -1;
		}
		w->data = grown;
		w->cap = cap;
	}
	memcpy(w->data + w->size, buf, len);
	w->size += len;
	return (la_ssize_t)len;
}

static int fail(struct newc_writer *w, struct err *err)
{
	return err_set(err, "cannot write the archive: %s", archive_error_string(w->a));
}

/* xz is compressed after the fact: see xz_after. */
static int add_filter(struct archive *a, enum cpio_compression c)
{
	if (c == CPIO_GZIP)
		/* The bytes must not depend on the day: no gzip timestamp (NULL turns it off). */
		return archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
		       archive_write_set_filter_option(a, "gzip", "timestamp", NULL) != ARCHIVE_OK;
	if (c == CPIO_ZSTD)
		return archive_write_add_filter_zstd(a) != ARCHIVE_OK;
	return archive_write_add_filter_none(a) != ARCHIVE_OK;
}

int newc_open(struct newc_writer *w, enum cpio_compression c, int64_t mtime, struct err *err)
{
	*w = (struct newc_writer){ .a = archive_write_new(), .compression = c, .mtime = mtime };
	if (!w->a)
		return err_set(err, "out of memory");
	if (archive_write_set_format_cpio_newc(w->a) != ARCHIVE_OK || add_filter(w->a, c) ||
	    /* The kernel wants no padding to a tape block after the trailer. */
	    archive_write_set_bytes_in_last_block(w->a, 1) != ARCHIVE_OK ||
	    archive_write_open(w->a, w, NULL, append, NULL) != ARCHIVE_OK) {
		fail(w, err);
		newc_discard(w);
		return -1;
	}
	return 0;
}

struct member {
	const char *path;
	unsigned type, mode;
	const void *data;
	size_t len;
	const char *target;     /* symlinks */
	unsigned major, minor;  /* device nodes */
};

static int add(struct newc_writer *w, const struct member *m, struct err *err)
{
	struct archive_entry *e = archive_entry_new();
	int ok;

	if (!e)
		return err_set(err, "out of memory");
	archive_entry_set_pathname(e, m->path);
	archive_entry_set_filetype(e, m->type);
	archive_entry_set_perm(e, m->mode);
	archive_entry_set_size(e, (la_int64_t)m->len);
	archive_entry_set_mtime(e, (time_t)w->mtime, 0);
	archive_entry_set_ino(e, ++w->ino);
	archive_entry_set_nlink(e, m->type == AE_IFDIR ? 2 : 1);
	if (m->target)
		archive_entry_set_symlink(e, m->target);
	archive_entry_set_rdevmajor(e, m->major);
	archive_entry_set_rdevminor(e, m->minor);
	ok = archive_write_header(w->a, e) == ARCHIVE_OK &&
	     (m->len == 0 || archive_write_data(w->a, m->data, m->len) == (la_ssize_t)m->len);
	archive_entry_free(e);
	return ok ? 0 : fail(w, err);
}

int newc_dir(struct newc_writer *w, const char *path, unsigned mode, struct err *err)
{
	return add(w, &(struct member){ .path = path, .type = AE_IFDIR, .mode = mode }, err);
}

int newc_file(struct newc_writer *w, const char *path, unsigned mode, const void *data,
	      size_t len, struct err *err)
{
	return add(w,
		   &(struct member){ .path = path, .type = AE_IFREG, .mode = mode, .data = data,
				     .len = len },
		   err);
}

int newc_symlink(struct newc_writer *w, const char *path, const char *target, struct err *err)
{
	return add(w,
		   &(struct member){ .path = path, .type = AE_IFLNK, .mode = 0777,
				     .target = target },
		   err);
}

int newc_chardev(struct newc_writer *w, const char *path, unsigned mode, unsigned major,
		 unsigned minor, struct err *err)
{
	return add(w,
		   &(struct member){ .path = path, .type = AE_IFCHR, .mode = mode, .major = major,
				     .minor = minor },
		   err);
}

/* libarchive's xz filter writes a check the kernel cannot verify (compress_xz_archive). */
static int xz_after(struct newc_writer *w, struct err *err)
{
	uint8_t *out;
	size_t len;

	if (compress_xz_archive(w->data, w->size, &out, &len, err) < 0)
		return -1;
	free(w->data);
	w->data = out;
	w->size = len;
	w->cap = len;
	return 0;
}

int newc_close(struct newc_writer *w, struct err *err)
{
	int ret = archive_write_close(w->a) == ARCHIVE_OK ? 0 : fail(w, err);

	archive_write_free(w->a);
	w->a = NULL;
	if (ret == 0 && w->compression == CPIO_XZ)
		ret = xz_after(w, err);
	return ret;
}

void newc_discard(struct newc_writer *w)
{
	if (w->a)
		archive_write_free(w->a);
	free(w->data);
	*w = (struct newc_writer){ 0 };
}
