/* SPDX-License-Identifier: MIT */
#include "kernelpick.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "cmdsource.h"
#include "guest/budget.h"
#include "guest/guestfs.h"
#include "kernelpair.h"
#include "namepattern.h"
#include "ukifile.h"

struct picker {
	const struct bootfds *fds;
	int rootfd;
	const struct kernelpick_in *in;
	const struct profile *profile; /* the guest's, or NULL */
	struct kcand *out;
	size_t n;
	char fallback_args[CMDLINE_MAX];
	char append[CMDLINE_MAX];
	struct err dropped; /* why the last candidate was left out */
	int ndropped;
};

/*
 * Adds a candidate unless its kernel is already listed. ARGS NULL: the
 * fallback. Returns it, or NULL when it was left out.
 */
static struct kcand *add(struct picker *p, enum bootfs fs, const char *kernel, const char *initrd,
			 const char *args, const char *source)
{
	struct kcand *c = &p->out[p->n];

	if (p->n >= KCAND_MAX)
		return NULL;
	for (size_t i = 0; i < p->n; i++)
		if (p->out[i].fs == fs && !strcmp(p->out[i].kernel, kernel))
			return NULL;
	c->fs = fs;
	c->uki = 0;
	snprintf(c->kernel, sizeof(c->kernel), "%s", kernel);
	snprintf(c->initrd, sizeof(c->initrd), "%s", initrd);
	snprintf(c->source, sizeof(c->source), "%s", source);
	if (cmdline_guest(args ? args : p->fallback_args, p->append, c->cmdline,
			  sizeof(c->cmdline), &p->dropped) == 0)
		return &p->out[p->n++];
	p->ndropped++;
	return NULL;
}

/*
 * Boot entries name files relative to what grub reads: a separate boot
 * partition, mounted where the profile keeps kernels ("/vmlinuz-V" is
 * /boot/vmlinuz-V), or a btrfs subvolume ("/@/boot/vmlinuz-V").
 */
static void in_root(const struct picker *p, enum bootfs fs, const char *path, char *out,
		    size_t size)
{
	char boot[2 * GUEST_PATH_MAX];
	const char *inner = strchr(path + (path[0] == '/'), '/');
	const char *slash = strrchr(p->profile->kernel, '/');

	snprintf(boot, sizeof(boot), "%.*s%s", (int)(slash - p->profile->kernel),
		 p->profile->kernel, path);
	/* The ESP is what systemd-boot reads: its entries' paths are right as they are. */
	if (fs == BOOTFS_ESP || guest_is_file(p->rootfd, path))
		snprintf(out, size, "%s", path);
	else if (guest_is_file(p->rootfd, boot))
		snprintf(out, size, "%s", boot);
	else if (inner && guest_is_file(p->rootfd, inner))
		snprintf(out, size, "%s", inner);
	else
		snprintf(out, size, "%s", path);
}

static void pair(struct picker *p, const char *kernel, char *initrd, size_t size)
{
	if (kernelpair_find(p->rootfd, p->in->distros, p->in->distro, kernel, initrd, size) < 0)
		initrd[0] = '\0';
}

static void from_manifest(const struct manifest *m, const char **kernel, const char **initrd,
			  int *no_initrd, char *append, size_t size)
{
	size_t n = 0;

	for (size_t i = 0; m && i < m->n; i++) {
		const struct manifest_entry *e = &m->entries[i];

		if (e->op == MANIFEST_KERNEL)
			*kernel = e->path;
		if (e->op == MANIFEST_INITRD) {
			*initrd = e->path;
			*no_initrd = !e->path;
		}
		if (e->op == MANIFEST_APPEND && e->text)
			n += snprintf(append + n, n < size ? size - n : 0, "%s%s", n ? " " : "",
				      e->text);
	}
}

static void explicit_choice(struct picker *p)
{
	const struct init_config *cfg = p->in->cfg;
	const char *kernel = NULL, *initrd = NULL;
	char paired[GUEST_PATH_MAX] = "";
	int none = 0;

	from_manifest(p->in->manifest, &kernel, &initrd, &none, p->append, sizeof(p->append));
	if (cfg->kernel[0])
		kernel = cfg->kernel;
	if (cfg->initrd[0]) {
		none = !strcmp(cfg->initrd, "none");
		initrd = none ? NULL : cfg->initrd;
	}
	if (!kernel)
		return;
	if (!initrd && !none)
		pair(p, kernel, paired, sizeof(paired));
	add(p, BOOTFS_ROOT, kernel, initrd ? initrd : paired, NULL,
	    cfg->kernel[0] ? "injector.kernel" : "manifest");
}

static void resolve_initrds(const struct picker *p, enum bootfs fs, const char *list, char *out,
			    size_t size)
{
	char copy[GUEST_PATH_MAX], one[GUEST_PATH_MAX];
	char *save = NULL;
	size_t n = 0;

	snprintf(copy, sizeof(copy), "%s", list);
	out[0] = '\0';
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		in_root(p, fs, w, one, sizeof(one));
		n += snprintf(out + n, n < size ? size - n : 0, "%s%s", n ? " " : "", one);
	}
}

static void boot_entry(struct picker *p)
{
	struct boot_entry *e = malloc(sizeof(*e));
	char kernel[GUEST_PATH_MAX], initrd[GUEST_PATH_MAX];
	struct err ignored;

	if (!e)
		return;
	if (bootcfg_default(p->fds, p->profile, e, &ignored) == 0) {
		in_root(p, e->fs, e->kernel, kernel, sizeof(kernel));
		resolve_initrds(p, e->fs, e->initrd, initrd, sizeof(initrd));
		add(p, e->fs, kernel, initrd, e->args,
		    e->fs == BOOTFS_ESP ? "ESP boot entry" : "boot configuration");
	}
	free(e);
}

static void uki(struct picker *p)
{
	struct bootplace pl[2 * PROFILE_MAX_PATHS];
	size_t n = bootcfg_places(p->fds, p->profile, PROFILE_BOOT_UKI, pl);
	struct uki_found *f = malloc(sizeof(*f));
	char source[sizeof(f->name) + 8];
	struct kcand *c;

	if (f && uki_newest(pl, n, f) == 0) {
		snprintf(source, sizeof(source), "UKI %s", f->name);
		c = add(p, f->fs, f->path, "", f->cmdline[0] ? f->cmdline : NULL, source);
		if (c)
			c->uki = 1;
	}
	free(f);
}

static void links(struct picker *p)
{
	for (size_t i = 0; i < p->profile->n_links; i++) {
		const struct profile_link *l = &p->profile->links[i];

		if (guest_is_file(p->rootfd, l->kernel))
			add(p, BOOTFS_ROOT, l->kernel,
			    guest_is_file(p->rootfd, l->initrd) ? l->initrd : "", NULL, l->kernel);
	}
}

static void newest(struct picker *p)
{
	char kernel[GUEST_PATH_MAX], initrd[GUEST_PATH_MAX], glob[GUEST_PATH_MAX];
	char source[GUEST_PATH_MAX + 16];

	if (namepattern_newest(p->rootfd, p->profile->kernel, kernel, sizeof(kernel)) < 0)
		return;
	pair(p, kernel, initrd, sizeof(initrd));
	namepattern_glob(p->profile->kernel, glob, sizeof(glob));
	snprintf(source, sizeof(source), "newest %s", glob);
	add(p, BOOTFS_ROOT, kernel, initrd, NULL, source);
}

/* Why no candidate came out: where the profile said to look. */
static int none_found(const struct picker *p, struct err *err)
{
	char where[CMDLINE_MAX] = "boot configuration", glob[GUEST_PATH_MAX];
	size_t n = strlen(where);

	if (p->ndropped) {
		*err = p->dropped;
		return -1;
	}
	if (!p->profile)
		return err_set(err, "no kernel found: no distro profile for this guest, and none "
				    "given by injector.kernel= or the manifest");
	for (size_t i = 0; i < p->profile->n_links && n < sizeof(where); i++)
		n += snprintf(where + n, sizeof(where) - n, ", %s", p->profile->links[i].kernel);
	namepattern_glob(p->profile->kernel, glob, sizeof(glob));
	return err_set(err, "no kernel found (%s, %s; distro profile %s)", where, glob,
		       p->in->distro->name);
}

static int budget_spent(struct err *err)
{
	err_set(err, "the guest's boot configuration needs more than %lu file opens, %lu bytes "
		     "or %lu directory entries: read budget spent",
		GUEST_BUDGET_FILES, GUEST_BUDGET_BYTES, GUEST_BUDGET_ENTRIES);
	err->errnum = EDQUOT;
	return -1;
}

int kernelpick(const struct bootfds *fds, const struct kernelpick_in *in, struct kcand *out,
	       size_t *n, struct err *err)
{
	struct picker *p = calloc(1, sizeof(*p));
	int r = 0;

	if (!p)
		return err_set(err, "kernel selection: out of memory");
	guest_budget_arm(&guest_budget_default);
	p->fds = fds;
	p->rootfd = fds->fd[BOOTFS_ROOT];
	p->in = in;
	p->profile = in->distro ? &in->distro->profile : NULL;
	p->out = out;
	cmdsource_fallback(p->rootfd, p->profile, in->root_uuid, p->fallback_args,
			   sizeof(p->fallback_args));
	explicit_choice(p);
	if (p->profile) {
		boot_entry(p);
		uki(p);
		links(p);
		newest(p);
	}
	*n = p->n;
	if (guest_budget_spent())
		r = budget_spent(err);
	else if (!p->n)
		r = none_found(p, err);
	guest_budget_arm(NULL);
	free(p);
	return r;
}
