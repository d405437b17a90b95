/* SPDX-License-Identifier: MIT */
/*
 * Not vmlinuz-tool's run.c: PID 1's helpers share its console (the rescue shell is
 * interactive) where run.c pipes output to a collector, and PID 1 must reap them.
 */
#include "spawn.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TICK_NS 100000000L

int spawn_run(char *const argv[], unsigned timeout, struct err *err)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return err_sys(err, "fork %s", argv[0]);
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	for (unsigned long ticks = 0; ticks < timeout * 10ul; ticks++) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid && WIFEXITED(status))
			return WEXITSTATUS(status);
		if (r == pid)
			return err_set(err, "%s: killed by signal %d", argv[0], WTERMSIG(status));
		if (r < 0 && errno != EINTR)
			return err_sys(err, "wait for %s", argv[0]);
		nanosleep(&(struct timespec){ 0, TICK_NS }, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return err_set(err, "%s: still running after %u s, killed", argv[0], timeout);
}

int spawn_kill_all(unsigned timeout, struct err *err)
{
	int reaped = 0;

	if (kill(-1, SIGKILL) < 0 && errno != ESRCH)
		return err_sys(err, "kill every process");
	for (unsigned long ticks = 0; ticks < timeout * 10ul;) {
		pid_t r = waitpid(-1, NULL, WNOHANG);

		if (r > 0) {
			reaped++;
			continue;
		}
		if (r < 0 && errno == ECHILD)
			return reaped;
		if (r < 0 && errno != EINTR)
			return err_sys(err, "reap");
		nanosleep(&(struct timespec){ 0, TICK_NS }, NULL);
		ticks++;
	}
	return err_set(err, "processes left %u s after SIGKILL", timeout);
}

int spawn_check(char *const argv[], unsigned timeout, struct err *err)
{
	int status = spawn_run(argv, timeout, err);

	if (status > 0)
		return err_set(err, "%s%s%s: exit status %d", argv[0], argv[1] ? " " : "",
			       argv[1] ? argv[1] : "", status);
	return status;
}
