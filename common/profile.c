/* SPDX-License-Identifier: MIT */
#include "profile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const class_names[PROFILE_CLASSES] = { "storage", "virtio", "fs", "net" };

const char *profile_class_name(enum profile_class class)
{
	return class_names[class];
}

enum profile_boot profile_boot_kind(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;

	if (!strcmp(name, "grub.cfg"))
		return PROFILE_BOOT_GRUB;
	if (!strcmp(name, "entries"))
		return PROFILE_BOOT_BLS;
	if (!strcmp(name, "loader.conf"))
		return PROFILE_BOOT_LOADER;
	if (!strcmp(name, "Linux"))
		return PROFILE_BOOT_UKI;
	return PROFILE_BOOT_OTHER;
}

/* Absolute, and '%' only as the version placeholder %v. */
static int check_path(const char *path, struct err *err)
{
	const char *pct;

	if (path[0] != '/')
		return err_set(err, "'%s': not an absolute path", path);
	for (pct = strchr(path, '%'); pct; pct = strchr(pct + 2, '%'))
		if (pct[1] != 'v')
			return err_set(err, "'%s': only %%v may follow %%", path);
	return 0;
}

static int check_chars(const char *s, const char *allowed, size_t max, const char *what,
		       struct err *err)
{
	if (strspn(s, allowed) != strlen(s) || strlen(s) > max)
		return err_set(err, "'%s': not %s", s, what);
	return 0;
}

#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

static int add_os_ids(struct profile *p, char **args, size_t n, struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (check_chars(args[i], ALNUM "._-", 64, "an os-release ID", err) < 0)
			return -1;
		if (p->n_os_ids == PROFILE_MAX_IDS)
			return err_set(err, "more than %d os-id values", PROFILE_MAX_IDS);
		p->os_ids[p->n_os_ids++] = args[i];
	}
	return 0;
}

static int set_once(const char **slot, const char *key, const char *path, struct err *err)
{
	if (*slot)
		return err_set(err, "second '%s' line", key);
	*slot = path;
	return check_path(path, err);
}

/* injector-init finds kernels by listing one directory: the version is in the file name. */
static int set_pattern(const char **slot, const char *key, const char *path, struct err *err)
{
	const char *pct = strchr(path, '%');

	if (set_once(slot, key, path, err) < 0)
		return -1;
	if (pct && pct < strrchr(path, '/'))
		return err_set(err, "'%s': %%v only in the file name", path);
	return 0;
}

static int set_kernel(struct profile *p, char **args, size_t n, struct err *err)
{
	(void)n;
	return set_pattern(&p->kernel, "kernel", args[0], err);
}

static int set_initrd(struct profile *p, char **args, size_t n, struct err *err)
{
	(void)n;
	return set_pattern(&p->initrd, "initrd", args[0], err);
}

static int add_links(struct profile *p, char **args, size_t n, struct err *err)
{
	(void)n;
	if (p->n_links == PROFILE_MAX_PATHS)
		return err_set(err, "more than %d 'links' lines", PROFILE_MAX_PATHS);
	p->links[p->n_links] = (struct profile_link){ args[0], args[1] };
	if (check_path(args[0], err) < 0 || check_path(args[1], err) < 0)
		return -1;
	p->n_links++;
	return 0;
}

static int add_path(const char **slots, size_t *n, const char *key, const char *path,
		    struct err *err)
{
	if (*n == PROFILE_MAX_PATHS)
		return err_set(err, "more than %d '%s' lines", PROFILE_MAX_PATHS, key);
	slots[(*n)++] = path;
	return check_path(path, err);
}

static int add_boot(struct profile *p, char **args, size_t n, struct err *err)
{
	(void)n;
	return add_path(p->boot, &p->n_boot, "boot", args[0], err);
}

static int add_esp(struct profile *p, char **args, size_t n, struct err *err)
{
	(void)n;
	return add_path(p->esp, &p->n_esp, "esp", args[0], err);
}

static int add_cmdline(struct profile *p, char **args, size_t n, struct err *err)
{
	struct profile_cmdline *c = &p->cmdline[p->n_cmdline];

	if (p->n_cmdline == PROFILE_MAX_PATHS)
		return err_set(err, "more than %d 'cmdline' lines", PROFILE_MAX_PATHS);
	c->path = args[0];
	c->variable = n == 2 ? args[1] : NULL;
	if (check_path(c->path, err) < 0)
		return -1;
	if (c->variable && (strspn(c->variable, ALNUM "_") != strlen(c->variable) ||
			    strspn(c->variable, "0123456789") > 0))
		return err_set(err, "'%s': not a variable name", c->variable);
	p->n_cmdline++;
	return 0;
}

/* The class called NAME, or -1. */
static int find_class(const char *name, struct err *err)
{
	for (int c = 0; c < PROFILE_CLASSES; c++)
		if (strcmp(name, class_names[c]) == 0)
			return c;
	return err_set(err, "unknown module class '%s' (storage, virtio, fs or net)", name);
}

static int listed(const struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_modules; i++)
		if (strcmp(p->modules[i].name, name) == 0)
			return 1;
	return 0;
}

static int add_modules(struct profile *p, char **args, size_t n, struct err *err)
{
	int class = find_class(args[0], err);

	if (class < 0)
		return -1;
	for (size_t i = 1; i < n; i++) {
		if (check_chars(args[i], ALNUM "_-", PROFILE_MAX_MODULE_NAME, "a module name",
				err) < 0)
			return -1;
		if (listed(p, args[i]))
			return err_set(err, "module '%s' listed twice", args[i]);
		if (p->n_modules == PROFILE_MAX_MODULES)
			return err_set(err, "more than %d modules", PROFILE_MAX_MODULES);
		p->modules[p->n_modules++] = (struct profile_module){ args[i], (enum profile_class)class };
	}
	return 0;
}

/* A mount point: absolute, no %v, not the root, no "." or ".." and no trailing slash. */
static int check_mount(const char *path, struct err *err)
{
	if (check_path(path, err) < 0)
		return -1;
	if (strchr(path, '%') || !strcmp(path, "/") || path[strlen(path) - 1] == '/' ||
	    strstr(path, "//") || strstr(path, "/./") || strstr(path, "/../") ||
	    !strcmp(strrchr(path, '/'), "/.") || !strcmp(strrchr(path, '/'), "/.."))
		return err_set(err, "'%s': not a mount point below /", path);
	return 0;
}

static int add_mounts(struct profile *p, char **args, size_t n, struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (check_mount(args[i], err) < 0)
			return -1;
		if (p->n_mounts == PROFILE_MAX_PATHS)
			return err_set(err, "more than %d mount points", PROFILE_MAX_PATHS);
		p->mounts[p->n_mounts++] = args[i];
	}
	return 0;
}

static int set_storage(struct profile *p, char **args, size_t n, struct err *err)
{
	(void)n;
	if (strcmp(args[0], "lvm"))
		return err_set(err, "unknown storage '%s' (lvm)", args[0]);
	p->lvm = 1;
	return 0;
}

struct keyword {
	const char *name;
	size_t min_args, max_args;
	int (*apply)(struct profile *p, char **args, size_t n, struct err *err);
};

static const struct keyword keywords[] = {
	{ "os-id", 1, PROFILE_MAX_IDS, add_os_ids },
	{ "kernel", 1, 1, set_kernel },
	{ "initrd", 1, 1, set_initrd },
	{ "links", 2, 2, add_links },
	{ "boot", 1, 1, add_boot },
	{ "esp", 1, 1, add_esp },
	{ "cmdline", 1, 2, add_cmdline },
	{ "modules", 2, PROFILE_MAX_LINE, add_modules },
	{ "mounts", 1, PROFILE_MAX_PATHS, add_mounts },
	{ "storage", 1, 1, set_storage },
};

/* Splits LINE in place at blanks, dropping a '#' comment; returns the count. */
static size_t split(char *line, char **tokens)
{
	size_t n = 0;
	char *save, *t;

	for (t = strtok_r(line, " \t\r", &save); t && t[0] != '#'; t = strtok_r(NULL, " \t\r", &save))
		tokens[n++] = t;
	return n;
}

static int parse_line(struct profile *p, char *line, struct err *err)
{
	/* A line of PROFILE_MAX_LINE bytes holds at most half as many tokens. */
	char *tokens[PROFILE_MAX_LINE / 2 + 1];
	size_t n = split(line, tokens);

	if (n == 0)
		return 0;
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		const struct keyword *k = &keywords[i];

		if (strcmp(tokens[0], k->name) != 0)
			continue;
		if (n - 1 < k->min_args || n - 1 > k->max_args)
			return err_set(err, "'%s' takes %zu to %zu arguments, not %zu", k->name,
				       k->min_args, k->max_args, n - 1);
		return k->apply(p, tokens + 1, n - 1, err);
	}
	return err_set(err, "unknown keyword '%s'", tokens[0]);
}

static int check_complete(const struct profile *p, struct err *err)
{
	if (p->n_os_ids == 0)
		return err_set(err, "no 'os-id' line");
	if (!p->kernel)
		return err_set(err, "no 'kernel' line");
	if (!p->initrd)
		return err_set(err, "no 'initrd' line");
	return 0;
}

static int parse_lines(struct profile *p, struct err *err)
{
	char *line = p->text, *end;
	unsigned number = 1;

	for (; *line; line = end + 1, number++) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line) - 1; /* the last line has no newline */
		else
			*end = '\0';
		if (strlen(line) > PROFILE_MAX_LINE)
			return err_set(err, "line %u: longer than %d bytes", number,
				       PROFILE_MAX_LINE);
		if (parse_line(p, line, err) < 0)
			return err_prefix(err, "line %u", number);
	}
	return check_complete(p, err);
}

int profile_parse(struct profile *p, const char *text, size_t len, struct err *err)
{
	memset(p, 0, sizeof(*p));
	if (len > PROFILE_MAX_SIZE)
		return err_set(err, "larger than %u bytes", PROFILE_MAX_SIZE);
	if (memchr(text, '\0', len))
		return err_set(err, "contains a NUL byte: not a text file");
	p->text = malloc(len + 1);
	if (!p->text)
		return err_set(err, "out of memory");
	memcpy(p->text, text, len);
	p->text[len] = '\0';
	if (parse_lines(p, err) == 0)
		return 0;
	profile_free(p);
	return -1;
}

int profile_load(struct profile *p, const char *path, struct err *err)
{
	/* One byte more than allowed, so that an oversized file shows. */
	static char buf[PROFILE_MAX_SIZE + 1];
	ssize_t n;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_sys(err, "cannot open");
	while (len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) != 0) {
		if (n < 0 && errno != EINTR) {
			err_sys(err, "cannot read");
			close(fd);
			return -1;
		}
		len += n > 0 ? (size_t)n : 0;
	}
	close(fd);
	return profile_parse(p, buf, len, err);
}

void profile_free(struct profile *p)
{
	free(p->text);
	memset(p, 0, sizeof(*p));
}
