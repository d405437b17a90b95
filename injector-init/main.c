/* SPDX-License-Identifier: MIT */
/*
 * injector-init: /init of the injector initramfs. Mounts the guest root,
 * applies the per-VM manifest, and kexecs the guest's own kernel. Each stage
 * is logged; the outcome is the status line (docs/injector-init.md).
 *
 * Run by hand (not as PID 1), `injector-init --plan [--profiles DIR]
 * [--profile NAME] [--esp DIR] GUESTROOT [CMDLINE]` prints the kernels it would try for
 * a guest tree, touching nothing.
 * Run by the kernel as `injector-init -q -- NAME`, it is the module helper
 * (modules_become_helper).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "bootcfg/distro.h"
#include "bootcfg/kernelpick.h"
#include "cmdline.h"
#include "guest/boot_token.h"
#include "guest/inject.h"
#include "guest/manifest_load.h"
#include "log.h"
#include "sys/earlymount.h"
#include "sys/esp.h"
#include "sys/failure.h"
#include "sys/kexec.h"
#include "sys/lvm.h"
#include "sys/module_load.h"
#include "sys/rootdev.h"
#include "sys/rootmount.h"
#include "sys/submount.h"

#define GUEST_MNT "/guest"
#define ESP_MNT "/esp"
/*
 * How long the root may take to appear from the first coldplug's drivers
 * before the held-back ones load: NVMe and SCSI scan their disks after the
 * module load returns, within some 100 ms under TCG.
 */
#define ROOT_LATE_MS 1000

/* What each stage leaves for the next, and for the failure path. */
struct init_state {
	struct init_config cfg;
	struct boot_token token;
	struct manifest manifest;
	struct distro_set distros;
	struct rootdev rd;
	int rootfd;
	int mounted;
	const struct distro *distro; /* the guest's profile, once its root is mounted */
	struct submounts sub;        /* its /boot and the like, over the root */
	struct esp esp;
	struct inject_result injected;
	const char *reason; /* the status line's reason= for the failed stage, or "" */
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

	if (boot_token_take(&r->token, PAYLOAD_TOKEN_PATH, err) < 0 || earlymount(err) < 0 ||
	    modules_become_helper(err) < 0 ||
	    read_cmdline(cmdline, sizeof(cmdline), err) < 0 ||
	    cmdline_parse(cmdline, &r->cfg, err) < 0 || manifest_load(&r->manifest, err) < 0 ||
	    distro_load(&r->distros, PROFILE_ARCHIVE_DIR, PROFILE_ARCHIVE_SELECTED, err) < 0)
		return -1;
	n = modules_coldplug(0, err);
	if (n < 0)
		return -1;
	log_msg("setup: %zu manifest entries, %zu distro profiles (built for %s), %d modules loaded",
		r->manifest.n, r->distros.n, r->distros.fallback->name, n);
	return 0;
}

/* The root is late: the drivers coldplug held back (IDE controllers) may find it. */
static void coldplug_late(void)
{
	struct err err;
	int n = modules_coldplug(1, &err);

	if (n < 0)
		log_msg("root: %s", err.msg);
	else
		log_msg("root: not found yet; %d more modules loaded", n);
}

static int stage_root(struct init_state *r, struct err *err)
{
	const struct init_config *c = &r->cfg;
	const struct rootdev_look look = { c->rootflags, GUEST_MNT, &r->distros };
	const struct rootdev_wait w = { c->rootwait, ROOT_LATE_MS, coldplug_late,
					lvm_available() ? lvm_activate : NULL };
	int rc = c->root[0] ? rootdev_find(c->root, c->rootfstype, &w, &r->rd, err)
			    : rootdev_probe(&w, &look, &r->rd, err);

	if (rc == 0)
		log_msg("root: %s (%s, UUID %s)", r->rd.dev, r->rd.fstype, r->rd.uuid);
	else if (err->errnum == ENOKEY)
		r->reason = "encrypted";
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
	if (r->rootfd < 0)
		return err_sys(err, "%s", GUEST_MNT);
	r->distro = distro_of_guest(&r->distros, r->rootfd);
	return submount_all(r->rootfd, &r->distro->profile, &r->sub, err);
}

static void log_failed_entry(const struct manifest_entry *e, const struct err *err, void *ctx)
{
	(void)ctx;
	log_msg("manifest:%u: %s", e->line, err->msg);
}

static int stage_inject(struct init_state *r, struct err *err)
{
	int srcfd = open("/injector", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	inject_all(r->rootfd, srcfd, &r->manifest, log_failed_entry, NULL, &r->injected);
	if (srcfd >= 0)
		close(srcfd);
	log_msg("inject: %u applied, %u failed", r->injected.ok, r->injected.failed);
	if (syncfs(r->rootfd) < 0)
		return err_sys(err, "syncfs %s", GUEST_MNT);
	if (!inject_stops_boot(&r->injected, r->cfg.strict))
		return 0;
	return r->cfg.strict ? err_set(err, "%u manifest entries failed (injector.strict=1)",
				       r->injected.failed)
			     : err_set(err, "%u strict manifest entries failed",
				       r->injected.strict_failed);
}

/* The ESP, when the guest's profile says its kernels may be there; no ESP is no error. */
static void attach_esp(struct init_state *r, const struct distro *d)
{
	struct err err;

	if (!d->profile.n_esp)
		return;
	if (esp_attach(r->rd.dev, ESP_MNT, &r->esp, &err) < 0)
		log_msg("kernel: %s", err.msg);
	else
		log_msg("kernel: EFI system partition %s, read-only on %s", r->esp.dev, ESP_MNT);
}

static int stage_kernel(struct init_state *r, struct err *err)
{
	const struct distro *d = r->distro;
	struct kernelpick_in in = { &r->cfg, &r->manifest, r->rd.uuid, &r->distros, d };
	struct bootfds fds;

	log_msg("kernel: distro profile %s", d->name);
	attach_esp(r, d);
	fds = (struct bootfds){ { r->rootfd, r->esp.fd } };
	if (kernelpick(&fds, &in, r->cand, &r->ncand, err) < 0) {
		r->reason = err->errnum == EDQUOT ? "budget" : "";
		return -1;
	}
	for (size_t i = 0; i < r->ncand; i++)
		log_msg("kernel candidate %zu (%s): %s initrd=%s cmdline=%s", i, r->cand[i].source,
			r->cand[i].kernel, r->cand[i].initrd[0] ? r->cand[i].initrd : "none",
			r->cand[i].cmdline);
	return 0;
}

static int stage_kexec(struct init_state *r, struct err *err)
{
	struct kexec_times t;
	char failed[INJECT_FAILED_LIST_MAX];
	size_t i;

	for (i = 0; i < r->ncand; i++) {
		int fd = r->cand[i].fs == BOOTFS_ESP ? r->esp.fd : r->rootfd;

		if (kexec_prepare(fd, &r->cand[i], &t, err) == 0)
			break;
		log_msg("kexec: %s", err->msg);
		if (err->errnum == EFBIG)
			r->reason = "initrd-size";
	}
	if (i == r->ncand)
		return err_set(err, "no candidate kernel could be loaded");
	if (t.fallback[0])
		log_msg("kexec: kexec_load passed over: %s", t.fallback);
	log_msg("kexec: read %zu KiB in %ld ms, load in %ld ms (%s)", t.bytes >> 10, t.read_ms,
		t.load_ms, t.method);
	r->reason = "";
	log_msg("kexec: loaded %s", r->cand[i].kernel);
	esp_detach(&r->esp, ESP_MNT);
	close(r->rootfd);
	r->rootfd = -1;
	if (submount_undo(&r->sub, err) < 0)
		return -1;
	if (umount(GUEST_MNT) < 0)
		return err_sys(err, "unmount %s", GUEST_MNT);
	r->mounted = 0;
	if (lvm_deactivate(err) < 0)
		return -1;
	earlymount_undo();
	inject_failed_list(&r->injected, failed, sizeof(failed));
	log_status(r->injected.failed ? STATUS_PARTIAL : STATUS_OK, "kexec", r->injected.ok, failed,
		   "", r->token.hex);
	/* Before the jump: the guest's kernel inherits our RAM. A failed jump reports without it. */
	boot_token_wipe(&r->token);
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
	struct init_state r = { .rootfd = -1,
				.esp = { .fd = -1 },
				.cfg = { .fail = FAIL_SHELL, .shelltimeout = SHELLTIMEOUT_DEFAULT },
				.reason = "" };
	char failed[INJECT_FAILED_LIST_MAX];
	struct err err;

	log_elapsed_ms();
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		long start = log_elapsed_ms();

		log_msg("stage %s", stages[i].name);
		if (stages[i].run(&r, &err) < 0) {
			log_msg("%s: %s", stages[i].name, err.msg);
			inject_failed_list(&r.injected, failed, sizeof(failed));
			log_status(STATUS_ERROR, stages[i].name, r.injected.ok, failed, r.reason,
				   r.token.hex);
			/* injector.fail=continue runs the guest on this kernel, in this RAM. */
			boot_token_wipe(&r.token);
			/* Our descriptor would keep the guest root busy: failure_act unmounts it. */
			if (r.rootfd >= 0)
				close(r.rootfd);
			esp_detach(&r.esp, ESP_MNT);
			if (submount_undo(&r.sub, &err) < 0)
				log_msg("%s", err.msg);
			failure_act(&r.cfg, r.mounted ? GUEST_MNT : NULL, &r.manifest);
		}
		log_msg("stage %s: %ld ms", stages[i].name, log_elapsed_ms() - start);
	}
	failure_act(&r.cfg, NULL, &r.manifest);
}

struct plan_opts {
	const char *profiles; /* --profiles DIR */
	const char *profile;  /* --profile NAME: for guests no profile claims */
	const char *esp;      /* --esp DIR: the guest's ESP, as a tree */
	const char *root, *cmdline;
};

/* --plan [--profiles DIR] [--profile NAME] [--esp DIR] GUESTROOT [CMDLINE]; -1: not that. */
static int plan_args(int argc, char **argv, struct plan_opts *o)
{
	int i = 2;

	*o = (struct plan_opts){ .profiles = PROFILE_ARCHIVE_DIR, .cmdline = "" };
	for (; i < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (i + 1 == argc)
			return -1;
		if (!strcmp(argv[i], "--profiles"))
			o->profiles = argv[i + 1];
		else if (!strcmp(argv[i], "--profile"))
			o->profile = argv[i + 1];
		else if (!strcmp(argv[i], "--esp"))
			o->esp = argv[i + 1];
		else
			return -1;
	}
	if (i >= argc || argc - i > 2)
		return -1;
	o->root = argv[i];
	if (i + 1 < argc)
		o->cmdline = argv[i + 1];
	return 0;
}

/* --profile NAME in DIR, else the archive's own choice when DIR is the archive's. */
static const char *plan_fallback(const struct plan_opts *o, char *buf, size_t size)
{
	if (o->profile) {
		snprintf(buf, size, "%s/%s", o->profiles, o->profile);
		return buf;
	}
	return strcmp(o->profiles, PROFILE_ARCHIVE_DIR) ? NULL : PROFILE_ARCHIVE_SELECTED;
}

static int plan_pick(const struct plan_opts *o, const struct distro_set *distros,
		     const struct distro **d, struct kcand *cand, size_t *n, struct err *err)
{
	struct init_config cfg;
	struct kernelpick_in in = { &cfg, NULL, "", distros, NULL };
	struct bootfds fds = { { -1, -1 } };
	int r;

	if (cmdline_parse(o->cmdline, &cfg, err) < 0)
		return -1;
	fds.fd[BOOTFS_ROOT] = open(o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fds.fd[BOOTFS_ROOT] < 0)
		return err_sys(err, "%s", o->root);
	if (o->esp && (fds.fd[BOOTFS_ESP] = open(o->esp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		close(fds.fd[BOOTFS_ROOT]);
		return err_sys(err, "%s", o->esp);
	}
	*d = in.distro = distro_of_guest(distros, fds.fd[BOOTFS_ROOT]);
	r = kernelpick(&fds, &in, cand, n, err);
	close(fds.fd[BOOTFS_ROOT]);
	if (o->esp)
		close(fds.fd[BOOTFS_ESP]);
	return r < 0 ? err_prefix(err, "%s", o->root) : 0;
}

static int plan(const struct plan_opts *o)
{
	struct distro_set distros;
	const struct distro *d = NULL;
	struct kcand cand[KCAND_MAX];
	char buf[4096];
	struct err err;
	size_t n;

	if (distro_load(&distros, o->profiles, plan_fallback(o, buf, sizeof(buf)), &err) < 0 ||
	    plan_pick(o, &distros, &d, cand, &n, &err) < 0) {
		fprintf(stderr, "injector-init: %s\n", err.msg);
		distro_free(&distros);
		return 1;
	}
	printf("profile=%s\n", d ? d->name : "none");
	for (size_t i = 0; i < n; i++)
		printf("kernel=%s%s initrd=%s source=%s\ncmdline=%s\n",
		       cand[i].fs == BOOTFS_ESP ? "esp:" : "", cand[i].kernel,
		       cand[i].initrd[0] ? cand[i].initrd : "none", cand[i].source, cand[i].cmdline);
	distro_free(&distros);
	return 0;
}

int main(int argc, char **argv)
{
	struct plan_opts o;

	if (getpid() == 1)
		return pid1();
	if (argc == 4 && !strcmp(argv[1], "-q") && !strcmp(argv[2], "--"))
		return modules_request(argv[3]) < 0 ? 1 : 0;
	if (argc >= 3 && !strcmp(argv[1], "--plan") && plan_args(argc, argv, &o) == 0)
		return plan(&o);
	fprintf(stderr, "usage: injector-init --plan [--profiles DIR] [--profile NAME] [--esp DIR] "
			"GUESTROOT [CMDLINE]  (as PID 1: no arguments)\n");
	return 2;
}
