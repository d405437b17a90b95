/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the status parser, which reads console logs the guest
 * writes to (`vmlinuz-tool status`). The input is used as the log exactly as
 * given (no NUL at its end, so a read past it is ASan's to see), with a fixed
 * token; a line found must carry that token and obey the grammar's bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "status/injector_status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TOKEN "0123456789abcdef0123456789abcdef"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *log = malloc(size ? size : 1);
	struct injector_status st;

	if (!log)
		return 0;
	memcpy(log, data, size);
	if (status_find(log, size, TOKEN, &st) == STATUS_FOUND) {
		if (st.line == 0 || st.line > size + 1 || strlen(st.failed) >= STATUS_FAILED_MAX ||
		    !memmem(log, size, "token=" TOKEN, strlen("token=" TOKEN)))
			abort();
	}
	free(log);
	return 0;
}
