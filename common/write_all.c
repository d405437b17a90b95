/* SPDX-License-Identifier: MIT */
#include "write_all.h"

#include <errno.h>
#include <unistd.h>

int write_all(int fd, const void *buf, size_t len, struct err *err)
{
	const char *p = buf;

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
