/* SPDX-License-Identifier: MIT */
#include "smoke.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/file_io.h"
#include "kvm_probe.h"
#include "cpio/payload.h"
#include "util/run.h"

#define STATUS_MARK "INJECTOR: "
/* The only line the boot stub prints (stub/serial.c), before it halts for good. */
#define STUB_MARK "vmlinuz-tool stub: "
#define DISK_MIB "16M"
/* Shorter than the default 30 s, so that a root-stage failure shows before the timeout. */
#define ROOTWAIT "20"

struct smoke_paths {
	char tree[4096], osrel[4096], disk[4096], payload[4096];
};

static int write_text(const char *path, const char *text, struct err *err)
{
	struct out_part part = { text, strlen(text) };

	return file_write_atomic(path, &part, 1, &(struct file_out){ 0644, 1 }, NULL, 0, err);
}

/* The guest disk: /etc/os-release only, put into a fresh ext4 image by mke2fs -d. */
static int make_disk(const struct smoke_paths *p, struct err *err)
{
	char *argv[] = { "mke2fs", "-q", "-F", "-t", "ext4", "-L", SMOKE_LABEL, "-d",
			 (char *)p->tree, (char *)p->disk, DISK_MIB, NULL };
	char etc[4096];

	snprintf(etc, sizeof(etc), "%s/etc", p->tree);
	if (mkdir(p->tree, 0755) < 0 || mkdir(etc, 0755) < 0)
		return err_sys(err, "%s", etc);
	if (write_text(p->osrel, "ID=smoke\nPRETTY_NAME=\"vmlinuz-tool smoke test\"\n", err) < 0)
		return err_prefix(err, "%s", p->osrel);
	return run_check(argv, 60, err);
}

/* The per-VM archive of SMOKE_MANIFEST. */
static int make_payload(const struct smoke_paths *p, struct err *err)
{
	struct payload_options o = { .name = "smoke manifest", .base_dir = "/",
				     .compression = CPIO_NONE };
	struct out_part part;
	struct manifest m;
	uint8_t *data = NULL;
	int ret;

	ret = manifest_parse(SMOKE_MANIFEST, strlen(SMOKE_MANIFEST), o.name, &m, err);
	if (ret == 0)
		ret = payload_build(&m, &o, &data, &part.len, err);
	part.data = data;
	if (ret == 0)
		ret = file_write_atomic(p->payload, &part, 1, &(struct file_out){ 0600, 1 }, NULL,
					0, err);
	manifest_free(&m);
	free(data);
	return ret;
}

/* The rest of the first complete line holding MARK, into OUT; 0 when there is none yet. */
static int line_after(const char *console, const char *mark, char *out, size_t size)
{
	const char *at = strstr(console, mark);
	const char *end;

	if (!at || !(end = strpbrk(at, "\r\n")))
		return 0;
	at += strlen(mark);
	snprintf(out, size, "%.*s", (int)(end - at), at);
	return 1;
}

/* The injector's status, or the boot stub's last words (it halts after them): the outcome. */
static int outcome_seen(const char *out, size_t len, void *ctx)
{
	char line[128];

	(void)len;
	(void)ctx;
	return line_after(out, STATUS_MARK, line, sizeof(line)) ||
	       line_after(out, STUB_MARK, line, sizeof(line)) || strstr(out, KVM_INTERNAL_ERROR);
}

/* "status=... stage=... files=N", without the ms= field that varies. */
static void strip_ms(char *status)
{
	char *ms = strstr(status, " ms=");

	if (ms)
		*ms = '\0';
}

/* Why there is no status line: ERR so far, and the console's last line. */
static int no_status(const struct run *r, int have_err, const char *qemu, struct err *err)
{
	if (!have_err)
		err_set(err, "%s exited (status %d) without a status line", qemu, r->status);
	run_note_last_line(r, "last console line", err);
	return err_prefix(err, "smoke test");
}

static int boot(const char *kernel, const struct smoke_opts *o, const struct smoke_paths *p,
		struct smoke_result *res, struct err *err)
{
	char machine[128], mem[32], drive[4200], stub[200], kvm[200];
	char *argv[] = { (char *)o->qemu, "-machine", machine, "-m", mem, "-nodefaults",
			 "-no-user-config", "-display", "none", "-no-reboot", "-serial", "stdio",
			 "-kernel", (char *)kernel, "-initrd", (char *)p->payload, "-append",
			 "console=ttyS0 panic=-1 injector.root=LABEL=" SMOKE_LABEL
			 " injector.rootwait=" ROOTWAIT " injector.fail=poweroff",
			 "-drive", drive, NULL };
	struct run r;
	int ret;

	snprintf(machine, sizeof(machine), "pc,accel=%s", res->accel);
	snprintf(mem, sizeof(mem), "%u", o->mem_mib);
	snprintf(drive, sizeof(drive), "file=%s,format=raw,if=virtio", p->disk);
	ret = run_program(argv, o->timeout, outcome_seen, NULL, &r, err);
	res->ms = r.ms;
	if (!r.out)
		return -1;
	if (line_after(r.out, STATUS_MARK, res->status, sizeof(res->status))) {
		strip_ms(res->status);
		ret = 0;
	}
	else if (line_after(r.out, STUB_MARK, stub, sizeof(stub)))
		ret = err_set(err, "smoke test: the boot stub stopped: %s", stub);
	else if (line_after(r.out, KVM_INTERNAL_ERROR, kvm, sizeof(kvm)))
		ret = err_set(err, "smoke test: QEMU: %s%s (try --accel tcg)", KVM_INTERNAL_ERROR, kvm);
	else
		ret = no_status(&r, ret < 0, o->qemu, err);
	free(r.out);
	return ret;
}

int smoke_test(const char *kernel, const struct smoke_opts *o, struct smoke_result *res,
	       struct err *err)
{
	struct smoke_paths p;

	*res = (struct smoke_result){ 0 };
	snprintf(p.tree, sizeof(p.tree), "%s/smoke-root", o->workdir);
	snprintf(p.osrel, sizeof(p.osrel), "%s/etc/os-release", p.tree);
	snprintf(p.disk, sizeof(p.disk), "%s/smoke-disk.img", o->workdir);
	snprintf(p.payload, sizeof(p.payload), "%s/smoke.cpio", o->workdir);
	if (make_disk(&p, err) < 0 || make_payload(&p, err) < 0)
		return err_prefix(err, "smoke test setup");
	if (kvm_choose_accel(o->qemu, kernel, o->accel, res->accel, sizeof(res->accel),
			     res->accel_note, sizeof(res->accel_note), err) < 0)
		return err_prefix(err, "smoke test");
	if (boot(kernel, o, &p, res, err) < 0)
		return -1;
	if (strcmp(res->status, SMOKE_EXPECTED) != 0)
		return err_set(err, "smoke test: the injector reported '%s', expected '%s'",
			       res->status, SMOKE_EXPECTED);
	return 0;
}
