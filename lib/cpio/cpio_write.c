/* SPDX-License-Identifier: MIT */
#include "cpio_write.h"

#include "util/file_io.h"

/* A file entry's content: the host file it names, or the data it carries. */
static int write_file(struct newc_writer *w, const struct fileset_entry *e, struct err *err)
{
	struct file_view v;
	int ret;

	if (!e->source)
		return newc_file(w, e->path, e->mode, e->data, e->size, err);
	if (file_map(e->source, &v, err) < 0)
		return err_prefix(err, "%s", e->source);
	ret = newc_file(w, e->path, e->mode, v.data, v.size, err);
	file_unmap(&v);
	return ret;
}

static int write_entry(struct newc_writer *w, const struct fileset_entry *e, struct err *err)
{
	switch (e->kind) {
	case FILESET_DIR:
		return newc_dir(w, e->path, e->mode, err);
	case FILESET_FILE:
		return write_file(w, e, err);
	case FILESET_SYMLINK:
		return newc_symlink(w, e->path, e->source, err);
	case FILESET_CHARDEV:
		return newc_chardev(w, e->path, e->mode, e->major, e->minor, err);
	}
	return err_set(err, "%s: unknown entry kind", e->path);
}

int cpio_write(const struct fileset *fs, enum cpio_compression c, int64_t mtime,
	       const char *path, const struct file_out *out, struct err *err)
{
	struct newc_writer w;
	struct out_part part;
	int ret = 0;

	if (newc_open(&w, c, mtime, err) < 0)
		return -1;
	for (size_t i = 0; i < fs->n && ret == 0; i++)
		ret = write_entry(&w, &fs->v[i], err);
	if (ret == 0)
		ret = newc_close(&w, err);
	if (ret == 0) {
		part = (struct out_part){ w.data, w.size };
		ret = file_write_atomic(path, &part, 1, out, NULL, 0, err);
	}
	newc_discard(&w);
	return ret;
}
