/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "clock.h"

long log_elapsed_ms(void)
{
	static long start = -1;

	if (start < 0)
		start = clock_ms();
	return clock_ms() - start;
}

void log_msg(const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	log_elapsed_ms();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(stderr, "[%5ld.%06ld] injector: ", (long)ts.tv_sec, ts.tv_nsec / 1000L);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void log_status(int ok, const char *stage, unsigned files, const char *failed)
{
	/* Own line, flushed: the kernel may print between our writes. */
	printf("\nINJECTOR: status=%s stage=%s files=%u ms=%ld%s%s\n", ok ? "ok" : "error", stage,
	       files, log_elapsed_ms(), failed[0] ? " failed=" : "", failed);
	fflush(stdout);
}
