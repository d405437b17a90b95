/* SPDX-License-Identifier: MIT */
/*
 * injector-init: /init of the injector initramfs. Mounts the guest root,
 * applies the per-VM manifest, and kexecs the guest's own kernel. Each stage
 * is logged; the outcome is the status line (docs/injector-init.md).
 *
 * Run by hand (not as PID 1), `injector-init --plan GUESTROOT [CMDLINE]`
 * prints the kernels it would try for a guest tree, touching nothing.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "bootcfg/kernelpick.h"
#include "cmdline.h"
#include "guest/inject.h"
#include "guest/manifest_load.h"
#include "log.h"
#include "sys/earlymount.h"
#include "sys/failure.h"
#include "sys/kexec.h"
#include "sys/module_load.h"
#include "sys/rootdev.h"
#include "sys/rootmount.h"

#define GUEST_MNT "/guest"

/* What each stage leaves for the next, and for the failure path. */
struct init_state {
	struct init_config cfg;
	struct manifest manifest;
	struct rootdev rd;
	int rootfd;
	int mounted;
	struct inject_result injected;
	struct kcand cand[KCAND_MAX];
	size_t ncand;
};

static int read_cmdline(char *buf, size_t size, struct err *err)
{
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return err_sys(err, "/proc/cmdline");
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return err_sys(err, "/proc/cmdline");
	buf[n] = '\0';
	return 0;
}

static int stage_setup(struct init_state *r, struct err *err)
{
	char cmdline[CMDLINE_MAX];
	int n;

	if (earlymount(err) < 0 || read_cmdline(cmdline, sizeof(cmdline), err) < 0 ||
	    cmdline_parse(cmdline, &r->cfg, err) < 0 || manifest_load(&r->manifest, err) < 0)
		return -1;
	n = modules_coldplug(err);
	if (n < 0)
		return -1;
	log_msg("setup: %zu manifest entries, %d modules loaded", r->manifest.n, n);
	return 0;
}

static int stage_root(struct init_state *r, struct err *err)
{
	const struct init_config *c = &r->cfg;
	int rc = c->root[0] ? rootdev_find(c->root, c->rootfstype, c->rootwait, &r->rd, err)
			    : rootdev_probe(c->rootwait, c->rootflags, GUEST_MNT, &r->rd, err);

	if (rc == 0)
		log_msg("root: %s (%s, UUID %s)", r->rd.dev, r->rd.fstype, r->rd.uuid);
	return rc;
}

static int stage_mount(struct init_state *r, struct err *err)
{
	if (r->cfg.fsck && rootmount_fsck(&r->rd, err) < 0)
		return -1;
	if (rootmount(&r->rd, r->cfg.rootflags, GUEST_MNT, 0, err) < 0)
		return -1;
	r->mounted = 1;
	r->rootfd = open(GUEST_MNT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return r->rootfd < 0 ? err_sys(err, "%s", GUEST_MNT) : 0;
}

static int stage_inject(struct init_state *r, struct err *err)
{
	int srcfd = open("/injector", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	inject_all(r->rootfd, srcfd, &r->manifest, &r->injected);
	if (srcfd >= 0)
		close(srcfd);
	log_msg("inject: %u applied, %u failed", r->injected.ok, r->injected.failed);
	if (syncfs(r->rootfd) < 0)
		return err_sys(err, "syncfs %s", GUEST_MNT);
	return r->injected.failed ? err_set(err, "%u manifest entries failed", r->injected.failed)
				  : 0;
}

static int stage_kernel(struct init_state *r, struct err *err)
{
	struct kernelpick_in in = { &r->cfg, &r->manifest, r->rd.uuid };

	if (kernelpick(r->rootfd, &in, r->cand, &r->ncand, err) < 0)
		return -1;
	for (size_t i = 0; i < r->ncand; i++)
		log_msg("kernel candidate %zu (%s): %s initrd=%s cmdline=%s", i, r->cand[i].source,
			r->cand[i].kernel, r->cand[i].initrd[0] ? r->cand[i].initrd : "none",
			r->cand[i].cmdline);
	return 0;
}

static int stage_kexec(struct init_state *r, struct err *err)
{
	size_t i;

	for (i = 0; i < r->ncand; i++) {
		if (kexec_prepare(r->rootfd, &r->cand[i], err) == 0)
			break;
		log_msg("kexec: %s", err->msg);
	}
	if (i == r->ncand)
		return err_set(err, "no candidate kernel could be loaded");
	log_msg("kexec: loaded %s", r->cand[i].kernel);
	close(r->rootfd);
	if (umount(GUEST_MNT) < 0)
		return err_sys(err, "unmount %s", GUEST_MNT);
	r->mounted = 0;
	earlymount_undo();
	log_status(1, "kexec", r->injected.ok, "");
	return kexec_jump(err);
}

static const struct {
	const char *name;
	int (*run)(struct init_state *, struct err *);
} stages[] = {
	{ "setup", stage_setup },   { "root", stage_root },     { "mount", stage_mount },
	{ "inject", stage_inject }, { "kernel", stage_kernel }, { "kexec", stage_kexec },
};

static int pid1(void)
{
	struct init_state r = { .rootfd = -1, .cfg = { .fail = FAIL_SHELL } };
	char failed[INJECT_FAILED_LIST_MAX];
	struct err err;

	log_elapsed_ms();
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		log_msg("stage %s", stages[i].name);
		if (stages[i].run(&r, &err) < 0) {
			log_msg("%s: %s", stages[i].name, err.msg);
			inject_failed_list(&r.injected, failed, sizeof(failed));
			log_status(0, stages[i].name, r.injected.ok, failed);
			/* Our descriptor would keep the guest root busy: failure_act unmounts it. */
			if (r.rootfd >= 0)
				close(r.rootfd);
			failure_act(r.cfg.fail, r.mounted ? GUEST_MNT : NULL, &r.manifest);
		}
	}
	failure_act(r.cfg.fail, NULL, &r.manifest);
}

static int plan(const char *root, const char *cmdline)
{
	struct init_config cfg;
	struct kcand cand[KCAND_MAX];
	struct kernelpick_in in = { &cfg, NULL, "" };
	struct err err;
	size_t n;
	int fd;

	if (cmdline_parse(cmdline, &cfg, &err) < 0) {
		fprintf(stderr, "injector-init: %s\n", err.msg);
		return 1;
	}
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || kernelpick(fd, &in, cand, &n, &err) < 0) {
		fprintf(stderr, "injector-init: %s: %s\n", root, fd < 0 ? "cannot open" : err.msg);
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		printf("kernel=%s initrd=%s source=%s\ncmdline=%s\n", cand[i].kernel,
		       cand[i].initrd[0] ? cand[i].initrd : "none", cand[i].source, cand[i].cmdline);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (getpid() == 1)
		return pid1();
	if (argc >= 3 && argc <= 4 && !strcmp(argv[1], "--plan"))
		return plan(argv[2], argc == 4 ? argv[3] : "");
	fprintf(stderr, "usage: injector-init --plan GUESTROOT [CMDLINE]  (as PID 1: no arguments)\n");
	return 2;
}
