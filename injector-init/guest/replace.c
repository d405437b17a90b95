/* SPDX-License-Identifier: MIT */
#include "replace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* The guest may have planted any name: try others on a collision. */
#define TMP_TRIES 64

/*
 * A name the guest cannot have planted beforehand: pid and a counter were
 * the same on every boot. GRND_INSECURE never blocks on an early-boot
 * entropy pool (it needs 5.6; older kernels fall back to the clock): the
 * guest is not running, so it only has to be unknowable ahead, not secret.
 */
static void tmpname(char tmp[REPLACE_TMP_MAX])
{
	uint64_t r;

	if (getrandom(&r, sizeof(r), GRND_INSECURE) != sizeof(r) &&
	    getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r)) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		r = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	}
	snprintf(tmp, REPLACE_TMP_MAX, ".injector-%016llx", (unsigned long long)r);
}

int replace_tmpfile(int dirfd, char tmp[REPLACE_TMP_MAX], struct err *err)
{
	for (int i = 0; i < TMP_TRIES; i++) {
		int fd;

		tmpname(tmp);
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return err_sys(err, "create %s", tmp);
	}
	return err_set(err, "no free temporary name");
}

int replace_tmpsymlink(int dirfd, const char *target, char tmp[REPLACE_TMP_MAX], struct err *err)
{
	for (int i = 0; i < TMP_TRIES; i++) {
		tmpname(tmp);
		if (symlinkat(target, dirfd, tmp) == 0)
			return 0;
		if (errno != EEXIST)
			return err_sys(err, "symlink %s", tmp);
	}
	return err_set(err, "no free temporary name");
}

int replace_commit(int dirfd, int fd, const char *tmp, const char *leaf, struct err *err)
{
	if (fd >= 0 && fsync(fd) < 0) {
		err_sys(err, "fsync");
		unlinkat(dirfd, tmp, 0);
		return -1;
	}
	/* The rename is made durable by the inject stage's syncfs, with every other one. */
	if (renameat(dirfd, tmp, dirfd, leaf) < 0) {
		err_sys(err, "rename over %s", leaf);
		unlinkat(dirfd, tmp, 0);
		return -1;
	}
	return 0;
}
