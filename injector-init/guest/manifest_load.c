/* SPDX-License-Identifier: MIT */
#include "manifest_load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int manifest_load(struct manifest *m, struct err *err)
{
	int fd = open(PAYLOAD_MANIFEST_PATH, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *text;
	ssize_t n;
	int r;

	*m = (struct manifest){ 0 };
	if (fd < 0)
		return errno == ENOENT ? 0 : err_sys(err, "%s", PAYLOAD_MANIFEST_PATH);
	if (fstat(fd, &st) < 0 || st.st_size > MANIFEST_MAX_SIZE) {
		close(fd);
		return err_set(err, "%s: larger than %u bytes", PAYLOAD_MANIFEST_PATH,
			       MANIFEST_MAX_SIZE);
	}
	text = malloc(st.st_size + 1);
	n = text ? read(fd, text, st.st_size) : -1;
	close(fd);
	if (n != st.st_size) {
		free(text);
		return err_set(err, "%s: cannot read", PAYLOAD_MANIFEST_PATH);
	}
	r = manifest_parse(text, n, PAYLOAD_MANIFEST_PATH, m, err);
	free(text);
	return r;
}
