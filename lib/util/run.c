/* SPDX-License-Identifier: MIT */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

extern char **environ;

static int start(char *const argv[], pid_t *pid, int *out, struct err *err)
{
	posix_spawn_file_actions_t fa;
	int p[2], rc;

	if (pipe2(p, O_CLOEXEC) < 0)
		return err_sys(err, "pipe");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	rc = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc != 0) {
		close(p[0]);
		errno = rc;
		return err_sys(err, "cannot run %s", argv[0]);
	}
	*out = p[0];
	return 0;
}

/* Appends what is readable on FD; 1 at end of file. */
static int collect(int fd, struct run *r, struct err *err)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n < 0)
		return errno == EINTR ? 0 : err_sys(err, "read");
	if (n == 0)
		return 1;
	if (r->len + n > RUN_MAX_OUTPUT)
		n = RUN_MAX_OUTPUT - r->len;
	memcpy(r->out + r->len, chunk, n);
	r->len += n;
	r->out[r->len] = '\0';
	return 0;
}

enum pumped { PUMP_EOF, PUMP_ENOUGH, PUMP_LATE };

/* Reads until end of file, ENOUGH or DEADLINE; -1 on error. */
static int pump(int fd, long deadline, run_enough_fn *enough, void *ctx, struct run *r,
		struct err *err)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long left = deadline - clock_ms();
		int ret;

		if (left <= 0)
			return PUMP_LATE;
		ret = poll(&pfd, 1, (int)left);
		if (ret < 0 && errno != EINTR)
			return err_sys(err, "poll");
		if (ret <= 0)
			continue;
		ret = collect(fd, r, err);
		if (ret != 0)
			return ret < 0 ? -1 : PUMP_EOF;
		if (enough && enough(r->out, r->len, ctx))
			return PUMP_ENOUGH;
	}
}

int run_program(char *const argv[], unsigned timeout, run_enough_fn *enough, void *ctx,
		struct run *r, struct err *err)
{
	long t0 = clock_ms();
	int fd = -1, status, ret;
	pid_t pid;

	*r = (struct run){ .out = malloc(RUN_MAX_OUTPUT + 1) };
	if (!r->out)
		return err_set(err, "out of memory");
	r->out[0] = '\0';
	if (start(argv, &pid, &fd, err) < 0)
		return -1;
	ret = pump(fd, t0 + timeout * 1000L, enough, ctx, r, err);
	if (ret != PUMP_EOF)
		kill(pid, SIGKILL);
	close(fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	r->ms = clock_ms() - t0;
	r->enough = ret == PUMP_ENOUGH;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (ret == PUMP_LATE)
		return err_set(err, "%s: still running after %u s, killed", argv[0], timeout);
	return ret < 0 ? err_prefix(err, "%s", argv[0]) : 0;
}

/* The last nonblank line of OUT, control characters replaced, into LINE. */
static void last_line(const char *out, size_t len, char *line, size_t size)
{
	size_t end = len, start;

	while (end > 0 && (out[end - 1] == '\n' || out[end - 1] == '\r' || out[end - 1] == ' '))
		end--;
	start = end;
	while (start > 0 && out[start - 1] != '\n')
		start--;
	if (end - start >= size)
		start = end - (size - 1);
	for (size_t i = start; i < end; i++)
		line[i - start] = (unsigned char)out[i] < 0x20 ? ' ' : out[i];
	line[end - start] = '\0';
}

/* The first line of OUT into LINE. */
static void first_line(const char *out, char *line, size_t size)
{
	size_t n = strcspn(out, "\n");

	last_line(out, n, line, size);
}

void run_note_last_line(const struct run *r, const char *label, struct err *err)
{
	char line[200];
	size_t n = strlen(err->msg);

	last_line(r->out ? r->out : "", r->len, line, sizeof(line));
	if (line[0])
		snprintf(err->msg + n, sizeof(err->msg) - n, "; %s: '%s'", label, line);
}

int run_check(char *const argv[], unsigned timeout, struct err *err)
{
	char line[256];
	struct run r;
	int ret = run_program(argv, timeout, NULL, NULL, &r, err);

	if (ret == 0 && r.status != 0) {
		first_line(r.out, line, sizeof(line));
		ret = err_set(err, "%s failed (exit status %d): %s", argv[0], r.status, line);
	}
	free(r.out);
	return ret;
}
