/* SPDX-License-Identifier: MIT */
#include "kernelpick.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bootcfg.h"
#include "cmdsource.h"
#include "guest/guestfs.h"
#include "kernelpair.h"
#include "version.h"

#define BOOT_SCAN_MAX 4096 /* directory entries of /boot looked at */

struct picker {
	int rootfd;
	const struct kernelpick_in *in;
	enum distro_family family;
	struct kcand *out;
	size_t n;
	char fallback_args[CMDLINE_MAX];
	char append[CMDLINE_MAX];
};

/* Adds a candidate unless its kernel is already listed. ARGS NULL: the fallback. */
static void add(struct picker *p, const char *kernel, const char *initrd, const char *args,
		const char *source, struct err *err)
{
	struct kcand *c = &p->out[p->n];

	if (p->n >= KCAND_MAX)
		return;
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->out[i].kernel, kernel))
			return;
	snprintf(c->kernel, sizeof(c->kernel), "%s", kernel);
	snprintf(c->initrd, sizeof(c->initrd), "%s", initrd);
	c->source = source;
	if (cmdline_guest(args ? args : p->fallback_args, p->append, c->cmdline,
			  sizeof(c->cmdline), err) == 0)
		p->n++;
}

/*
 * Boot entries name files relative to what grub reads: a separate /boot
 * partition ("/vmlinuz-V") or a btrfs subvolume ("/@/boot/vmlinuz-V").
 */
static void in_root(int rootfd, const char *path, char *out, size_t size)
{
	char boot[GUEST_PATH_MAX + 8];
	const char *inner = strchr(path + (path[0] == '/'), '/');

	snprintf(boot, sizeof(boot), "/boot%s", path);
	if (guest_is_file(rootfd, path))
		snprintf(out, size, "%s", path);
	else if (guest_is_file(rootfd, boot))
		snprintf(out, size, "%s", boot);
	else if (inner && guest_is_file(rootfd, inner))
		snprintf(out, size, "%s", inner);
	else
		snprintf(out, size, "%s", path);
}

static void pair(struct picker *p, const char *kernel, char *initrd, size_t size)
{
	if (kernelpair_find(p->rootfd, kernel, p->family, initrd, size) < 0)
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

static void explicit_choice(struct picker *p, struct err *err)
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
	add(p, kernel, initrd ? initrd : paired, NULL,
	    cfg->kernel[0] ? "injector.kernel" : "manifest", err);
}

static void resolve_initrds(int rootfd, const char *list, char *out, size_t size)
{
	char copy[GUEST_PATH_MAX], one[GUEST_PATH_MAX];
	char *save = NULL;
	size_t n = 0;

	snprintf(copy, sizeof(copy), "%s", list);
	out[0] = '\0';
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		in_root(rootfd, w, one, sizeof(one));
		n += snprintf(out + n, n < size ? size - n : 0, "%s%s", n ? " " : "", one);
	}
}

static void boot_entry(struct picker *p, struct err *err)
{
	struct boot_entry *e = malloc(sizeof(*e));
	char kernel[GUEST_PATH_MAX], initrd[GUEST_PATH_MAX];
	struct err ignored;

	if (!e)
		return;
	if (bootcfg_default(p->rootfd, e, &ignored) == 0) {
		in_root(p->rootfd, e->kernel, kernel, sizeof(kernel));
		resolve_initrds(p->rootfd, e->initrd, initrd, sizeof(initrd));
		add(p, kernel, initrd, e->args, "boot configuration", err);
	}
	free(e);
}

static void newest_versioned(struct picker *p, char *best, size_t size)
{
	int fd = guest_open(p->rootfd, "/boot", O_RDONLY | O_DIRECTORY, 0);
	struct dirent *d;
	unsigned seen = 0;
	DIR *dir;

	best[0] = '\0';
	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while (seen++ < BOOT_SCAN_MAX && (d = readdir(dir)) != NULL) {
		char path[GUEST_PATH_MAX];

		if (strncmp(d->d_name, "vmlinuz-", 8) || !d->d_name[8])
			continue;
		snprintf(path, sizeof(path), "/boot/%s", d->d_name);
		if ((!best[0] || version_cmp(path, best) > 0) && guest_is_file(p->rootfd, path))
			snprintf(best, size, "%s", path);
	}
	closedir(dir);
}

static void well_known(struct picker *p, struct err *err)
{
	char kernel[GUEST_PATH_MAX], initrd[GUEST_PATH_MAX];

	if (guest_is_file(p->rootfd, "/vmlinuz"))
		add(p, "/vmlinuz", guest_is_file(p->rootfd, "/initrd.img") ? "/initrd.img" : "", NULL,
		    "/vmlinuz", err);
	newest_versioned(p, kernel, sizeof(kernel));
	if (!kernel[0])
		return;
	pair(p, kernel, initrd, sizeof(initrd));
	add(p, kernel, initrd, NULL, "newest /boot/vmlinuz-*", err);
}

static enum distro_family guest_family(int rootfd)
{
	enum distro_family f = DISTRO_OTHER;
	struct err err;
	char *text;
	size_t len;

	if (guest_read(rootfd, "/etc/os-release", BOOTCFG_MAX_SIZE, &text, &len, &err) == 0 ||
	    guest_read(rootfd, "/usr/lib/os-release", BOOTCFG_MAX_SIZE, &text, &len, &err) == 0) {
		f = kernelpair_family(text, len);
		free(text);
	}
	return f;
}

int kernelpick(int rootfd, const struct kernelpick_in *in, struct kcand *out, size_t *n,
	       struct err *err)
{
	struct picker *p = calloc(1, sizeof(*p));

	if (!p)
		return err_set(err, "kernel selection: out of memory");
	p->rootfd = rootfd;
	p->in = in;
	p->out = out;
	p->family = guest_family(rootfd);
	cmdsource_fallback(rootfd, in->root_uuid, p->fallback_args, sizeof(p->fallback_args));
	err_set(err, "no kernel found (boot configuration, /vmlinuz, /boot/vmlinuz-*)");
	explicit_choice(p, err);
	boot_entry(p, err);
	well_known(p, err);
	*n = p->n;
	free(p);
	return *n ? 0 : -1;
}
