/* SPDX-License-Identifier: MIT */
#include "file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "write_all.h"

static const uint8_t empty_file[1];

int file_map(const char *path, struct file_view *view, struct err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_sys(err, "cannot open");
	return file_map_fd(fd, view, err);
}

int file_map_fd(int fd, struct file_view *view, struct err *err)
{
	struct stat st;
	void *p;

	view->fd = fd;
	if (fstat(view->fd, &st) < 0) {
		err_sys(err, "cannot stat");
	} else if (!S_ISREG(st.st_mode)) {
		err_set(err, "not a regular file");
	} else if ((unsigned long long)st.st_size > FILE_IO_MAX_INPUT) {
		err_set(err, "too large (%lld bytes; the limit is %llu)", (long long)st.st_size,
			FILE_IO_MAX_INPUT);
	} else if (st.st_size == 0) {
		view->data = empty_file;
		view->size = 0;
		return 0;
	} else if ((p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, view->fd, 0)) ==
		   MAP_FAILED) {
		err_sys(err, "cannot map");
	} else {
		view->data = p;
		view->size = (size_t)st.st_size;
		return 0;
	}
	close(view->fd);
	view->fd = -1;
	return -1;
}

void file_unmap(struct file_view *view)
{
	if (view->size)
		munmap((void *)view->data, view->size);
	if (view->fd >= 0)
		close(view->fd);
	memset(view, 0, sizeof(*view));
	view->fd = -1;
}

/* Copies inside the kernel; falls back to write() where that is not possible. */
static int copy_range(int out, const struct file_view *in, const uint8_t *p, size_t len,
		      struct err *err)
{
	loff_t off = p - in->data;

	while (len) {
		ssize_t n = copy_file_range(in->fd, &off, out, NULL, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return write_all(out, in->data + off, len, err);
		len -= (size_t)n;
	}
	return 0;
}

static int write_part(int fd, const struct out_part *part, const struct file_view *inputs,
		      size_t ninputs, struct err *err)
{
	const uint8_t *p = part->data;

	for (size_t i = 0; i < ninputs; i++)
		if (inputs[i].size && p >= inputs[i].data &&
		    part->len <= inputs[i].size - (size_t)(p - inputs[i].data))
			return copy_range(fd, &inputs[i], p, part->len, err);
	return write_all(fd, p, part->len, err);
}

static int check_target(const char *path, int force, const struct file_view *inputs,
			size_t ninputs, struct err *err)
{
	struct stat out_st, in_st;

	if (stat(path, &out_st) < 0)
		return errno == ENOENT ? 0 : err_sys(err, "cannot stat");
	for (size_t i = 0; i < ninputs; i++)
		if (fstat(inputs[i].fd, &in_st) == 0 && in_st.st_dev == out_st.st_dev &&
		    in_st.st_ino == out_st.st_ino)
			return err_set(err, "is an input file; refusing to overwrite it");
	if (!force)
		return err_set(err, "already exists (use --force to overwrite)");
	return 0;
}

static int fill_temp(int fd, const struct out_part *parts, size_t nparts, mode_t mode,
		     const struct file_view *inputs, size_t ninputs, struct err *err)
{
	for (size_t i = 0; i < nparts; i++)
		if (write_part(fd, &parts[i], inputs, ninputs, err) < 0)
			return -1;
	if (fchmod(fd, mode) < 0)
		return err_sys(err, "cannot set mode");
	if (fsync(fd) < 0)
		return err_sys(err, "fsync failed");
	return 0;
}

/* ".NAME.XXXXXX" beside PATH. */
static int temp_name(const char *path, char *tmp, size_t size, struct err *err)
{
	char *dir_copy = strdup(path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int n;

	if (!dir_copy)
		return err_set(err, "out of memory");
	n = snprintf(tmp, size, "%s/.%s.XXXXXX", dirname(dir_copy), base);
	free(dir_copy);
	return n < (int)size ? 0 : err_set(err, "path too long");
}

int file_write_atomic(const char *path, const struct out_part *parts, size_t nparts,
		      const struct file_out *out, const struct file_view *inputs, size_t ninputs,
		      struct err *err)
{
	char tmp[4096];
	int fd, ret = -1;

	if (temp_name(path, tmp, sizeof(tmp), err) < 0 ||
	    check_target(path, out->force, inputs, ninputs, err) < 0)
		return -1;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return err_sys(err, "cannot create a temporary file");
	if (fill_temp(fd, parts, nparts, out->mode, inputs, ninputs, err) == 0) {
		if (rename(tmp, path) < 0)
			err_sys(err, "cannot rename into place");
		else
			ret = 0;
	}
	close(fd);
	if (ret < 0)
		unlink(tmp);
	return ret;
}
