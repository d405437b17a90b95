/* SPDX-License-Identifier: MIT */
#include "kvm_probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/run.h"

#define FIRST_LINE "Linux version "

static int first_line_seen(const char *out, size_t len, void *ctx)
{
	(void)len, (void)ctx;
	return strstr(out, FIRST_LINE) || strstr(out, KVM_INTERNAL_ERROR);
}

int kvm_probe(const char *qemu, const char *kernel, struct err *err)
{
	char *argv[] = { (char *)qemu, "-machine", "pc,accel=kvm", "-nodefaults",
			 "-no-user-config", "-display", "none", "-m", "256", "-no-reboot",
			 "-serial", "stdio", "-kernel", (char *)kernel, "-append",
			 "console=ttyS0 earlyprintk=ttyS0 panic=-1", NULL };
	struct run r;
	int ret = run_program(argv, KVM_PROBE_SECONDS, first_line_seen, NULL, &r, err);

	if (ret == 0 && r.enough && strstr(r.out, FIRST_LINE)) {
		free(r.out);
		return 0;
	}
	if (ret == 0)
		err_set(err, r.enough ? "QEMU stopped the guest" : "QEMU exited with status %d",
			r.status);
	run_note_last_line(&r, "its last line", err);
	free(r.out);
	return -1;
}

int kvm_choose_accel(const char *qemu, const char *kernel, const char *accel, char *out,
		     size_t size, char *fallback, size_t fallback_size, struct err *err)
{
	const char *rest = strchr(accel, ':');

	snprintf(out, size, "%s", accel);
	fallback[0] = '\0';
	if (strncmp(accel, "kvm", 3) != 0 || (accel[3] && accel[3] != ':'))
		return 0;
	if (kvm_probe(qemu, kernel, err) == 0)
		return 0;
	if (!rest)
		return err_prefix(err, "KVM does not boot the kernel here (try --accel tcg)");
	snprintf(fallback, fallback_size, "KVM does not boot the kernel here (%s): using %s",
		 err->msg, rest + 1);
	snprintf(out, size, "%s", rest + 1);
	return 0;
}
