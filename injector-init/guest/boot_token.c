/* SPDX-License-Identifier: MIT */
#include "boot_token.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static int is_token(const char *s, size_t n)
{
	if (n != PAYLOAD_TOKEN_HEX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", s[i]) || s[i] == '\0')
			return 0;
	return 1;
}

/* Zeros over the bytes, in place, so no page of the initramfs keeps them. */
static int zero_file(int fd, size_t n, const char *path, struct err *err)
{
	static const char zeros[PAYLOAD_TOKEN_HEX + 1];

	if (pwrite(fd, zeros, n, 0) != (ssize_t)n)
		return err_sys(err, "%s: cannot overwrite the token", path);
	return 0;
}

int boot_token_take(struct boot_token *t, const char *path, struct err *err)
{
	char buf[PAYLOAD_TOKEN_HEX + 1];
	int fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;
	int r;

	t->hex[0] = '\0';
	if (fd < 0)
		return errno == ENOENT ? 0 : err_sys(err, "%s", path);
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		r = err_sys(err, "%s", path);
	else if (!is_token(buf, (size_t)n))
		r = err_set(err, "%s: not a token of %d hex digits", path, PAYLOAD_TOKEN_HEX);
	else
		r = zero_file(fd, (size_t)n, path, err);
	close(fd);
	if (r == 0 && unlink(path) < 0)
		r = err_sys(err, "%s: cannot remove the token", path);
	if (r == 0) {
		memcpy(t->hex, buf, PAYLOAD_TOKEN_HEX);
		t->hex[PAYLOAD_TOKEN_HEX] = '\0';
	}
	explicit_bzero(buf, sizeof(buf));
	return r;
}

void boot_token_wipe(struct boot_token *t)
{
	explicit_bzero(t->hex, sizeof(t->hex));
}
