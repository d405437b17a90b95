/* SPDX-License-Identifier: MIT */
#include "file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_all(int fd, uint8_t *buf, size_t size, struct err *err)
{
	size_t got = 0;

	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_sys(err, "read failed");
		if (n == 0)
			return err_set(err, "file shrank while being read");
		got += (size_t)n;
	}
	return 0;
}

int file_read(const char *path, uint8_t **data, size_t *size, struct err *err)
{
	struct stat st;
	uint8_t *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret = -1;

	if (fd < 0)
		return err_sys(err, "cannot open");
	if (fstat(fd, &st) < 0)
		err_sys(err, "cannot stat");
	else if (!S_ISREG(st.st_mode))
		err_set(err, "not a regular file");
	else if ((unsigned long long)st.st_size > FILE_IO_MAX_INPUT)
		err_set(err, "too large (%lld bytes; the limit is %llu)", (long long)st.st_size,
			FILE_IO_MAX_INPUT);
	else if (!(buf = malloc(st.st_size ? (size_t)st.st_size : 1)))
		err_set(err, "out of memory");
	else if (read_all(fd, buf, (size_t)st.st_size, err) == 0)
		ret = 0;
	close(fd);
	if (ret < 0) {
		free(buf);
		return -1;
	}
	*data = buf;
	*size = (size_t)st.st_size;
	return 0;
}

static int write_all(int fd, const uint8_t *p, size_t len, struct err *err)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_sys(err, "write failed");
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int check_target(const char *path, int force, const char *const *inputs,
			struct err *err)
{
	struct stat out_st, in_st;

	if (stat(path, &out_st) < 0)
		return errno == ENOENT ? 0 : err_sys(err, "cannot stat");
	for (; inputs && *inputs; inputs++)
		if (stat(*inputs, &in_st) == 0 && in_st.st_dev == out_st.st_dev &&
		    in_st.st_ino == out_st.st_ino)
			return err_set(err, "is an input file; refusing to overwrite it");
	if (!force)
		return err_set(err, "already exists (use --force to overwrite)");
	return 0;
}

static int fill_temp(int fd, const struct out_part *parts, size_t nparts, struct err *err)
{
	for (size_t i = 0; i < nparts; i++)
		if (write_all(fd, parts[i].data, parts[i].len, err) < 0)
			return -1;
	if (fchmod(fd, 0644) < 0)
		return err_sys(err, "cannot set mode");
	if (fsync(fd) < 0)
		return err_sys(err, "fsync failed");
	return 0;
}

int file_write_atomic(const char *path, const struct out_part *parts, size_t nparts, int force,
		      const char *const *inputs, struct err *err)
{
	char *dir_copy = strdup(path);
	char tmp[4096];
	int fd, ret = -1;

	if (!dir_copy)
		return err_set(err, "out of memory");
	if (snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dirname(dir_copy),
		     strrchr(path, '/') ? strrchr(path, '/') + 1 : path) >= (int)sizeof(tmp)) {
		free(dir_copy);
		return err_set(err, "path too long");
	}
	free(dir_copy);
	if (check_target(path, force, inputs, err) < 0)
		return -1;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return err_sys(err, "cannot create a temporary file");
	if (fill_temp(fd, parts, nparts, err) == 0) {
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
