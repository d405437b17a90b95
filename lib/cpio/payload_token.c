/* SPDX-License-Identifier: MIT */
#include "payload_token.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>

int payload_token_new(char hex[PAYLOAD_TOKEN_HEX + 1], struct err *err)
{
	static const char digits[] = "0123456789abcdef";
	uint8_t bytes[PAYLOAD_TOKEN_HEX / 2];
	size_t got = 0;
	ssize_t n;

	/* The urandom pool: blocks only until it is first initialised, as a secret should. */
	while (got < sizeof(bytes)) {
		n = getrandom(bytes + got, sizeof(bytes) - got, 0);
		if (n < 0 && errno != EINTR)
			return err_sys(err, "cannot read random bytes for the token");
		if (n > 0)
			got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(bytes); i++) {
		hex[2 * i] = digits[bytes[i] >> 4];
		hex[2 * i + 1] = digits[bytes[i] & 15];
	}
	hex[PAYLOAD_TOKEN_HEX] = '\0';
	explicit_bzero(bytes, sizeof(bytes));
	return 0;
}
