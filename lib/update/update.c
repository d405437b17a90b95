/* SPDX-License-Identifier: MIT */
#include "update.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/dir_walk.h"
#include "embed/embed.h"
#include "update_dir.h"

/*
 * The injector directory: only root lists or writes it. Others may still
 * pass through (x), because QEMU under libvirt runs as libvirt-qemu and opens
 * injector.vmlinuz here by name; the per-VM archives' secrets are kept by
 * their own mode (0600, which libvirt relabels for that QEMU alone).
 */
#define UPDATE_DIR_MODE 0711
#include "kernel_source.h"
#include "initramfs/mkinitramfs.h"

struct job {
	const struct update_opts *o;
	struct update_result *res;
	char work[4096];      /* scratch space inside DEST: the final rename stays in one filesystem */
	char archive[4096], candidate[4096];
	struct kernel_source k;
};

static int source(struct job *j, struct err *err)
{
	char unpacked[4200];

	if (!j->o->deb)
		return kernel_source_installed(&j->k, j->o->root, j->o->kver, err) < 0 ?
		       err_at(err, j->k.image) : 0;
	snprintf(unpacked, sizeof(unpacked), "%s/package", j->work);
	return kernel_source_deb(&j->k, j->o->deb, unpacked, err) < 0 ? err_at(err, j->o->deb) : 0;
}

static int build(struct job *j, struct err *err)
{
	const struct update_opts *o = j->o;
	struct mkinitramfs_opts m = { .profile = o->profile, .profiles_dir = o->profiles_dir,
				      .root = j->k.root, .kver = j->k.kver, .init = o->init,
				      .compression = o->compression, .output = j->archive };
	struct embed_result e;

	if (newc_epoch(&m.mtime, err) < 0)
		return err_at(err, "SOURCE_DATE_EPOCH");
	if (mkinitramfs(&m, err) < 0 ||
	    embed_file(j->k.image, j->archive, j->candidate, 0, EMBED_AUTO,
		       o->sign.key ? &o->sign : NULL, &e, err) < 0)
		return -1;
	return 0;
}

static int smoke(struct job *j, struct err *err)
{
	struct smoke_opts s = j->o->smoke;
	char final[4096];

	s.workdir = j->work;
	snprintf(final, sizeof(final), "%s/" INJECTOR_PREFIX "%s" INJECTOR_SUFFIX, j->o->dest,
		 j->k.kver);
	if (smoke_test(j->candidate, &s, &j->res->smoke, err) < 0) {
		err_prefix(err, "not installed");
		return err_at(err, final);
	}
	return 0;
}

static int run(struct job *j, struct err *err)
{
	const char *dest = j->o->dest;

	if (source(j, err) < 0)
		return -1;
	snprintf(j->res->kver, sizeof(j->res->kver), "%s", j->k.kver);
	if (build(j, err) < 0 || smoke(j, err) < 0)
		return -1;
	update_dir_current(dest, j->res->previous, sizeof(j->res->previous));
	if (update_dir_install(dest, j->candidate, j->k.kver, err) < 0 ||
	    update_dir_prune(dest, j->o->keep, err) < 0)
		return err_at(err, dest);
	update_dir_current(dest, j->res->current, sizeof(j->res->current));
	return 0;
}

int update(const struct update_opts *o, struct update_result *res, struct err *err)
{
	struct job j = { .o = o, .res = res };
	int lock, ret;

	*res = (struct update_result){ 0 };
	if (mkdir(o->dest, UPDATE_DIR_MODE) < 0 && errno != EEXIST) {
		err_sys(err, "cannot create");
		return err_at(err, o->dest);
	}
	lock = update_dir_lock(o->dest, err);
	if (lock < 0)
		return err_at(err, o->dest);
	update_dir_clean(o->dest);
	snprintf(j.work, sizeof(j.work), "%s/" INJECTOR_SCRATCH "XXXXXX", o->dest);
	if (!mkdtemp(j.work)) {
		close(lock);
		err_sys(err, "cannot create scratch space");
		return err_at(err, o->dest);
	}
	snprintf(j.archive, sizeof(j.archive), "%s/injector.cpio", j.work);
	snprintf(j.candidate, sizeof(j.candidate), "%s/injector.vmlinuz", j.work);
	ret = run(&j, err);
	dir_remove(j.work);
	close(lock);
	return ret;
}
