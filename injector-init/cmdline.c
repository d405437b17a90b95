/* SPDX-License-Identifier: MIT */
#include "cmdline.h"

#include <stdlib.h>
#include <string.h>

static int put(char *buf, size_t size, size_t *n, char c)
{
	if (*n + 1 >= size)
		return -1;
	buf[(*n)++] = c;
	return 0;
}

enum cmdline_word cmdline_next(const char **p, char *word, size_t wsize, char *raw, size_t rsize)
{
	const char *s = *p;
	size_t nw = 0, nr = 0;
	int quoted = 0, fit = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s) {
		*p = s;
		return CMDLINE_END;
	}
	for (; *s && (quoted || (*s != ' ' && *s != '\t' && *s != '\n')); s++) {
		if (raw)
			fit |= put(raw, rsize, &nr, *s);
		if (*s == '"')
			quoted = !quoted;
		else
			fit |= put(word, wsize, &nw, *s);
	}
	word[nw] = '\0';
	if (raw)
		raw[nr] = '\0';
	*p = s;
	return fit ? CMDLINE_TOO_LONG : CMDLINE_WORD;
}

static int copy_value(char *dst, size_t size, const char *key, const char *val, struct err *err)
{
	if (strlen(val) >= size)
		return err_set(err, "injector.%s: value too long", key);
	strcpy(dst, val);
	return 0;
}

static int parse_uint(const char *key, const char *val, unsigned max, unsigned *out,
		      struct err *err)
{
	char *end;
	unsigned long v;

	if (*val < '0' || *val > '9')
		return err_set(err, "injector.%s=%s: not a number", key, val);
	v = strtoul(val, &end, 10);
	if (*end || v > max)
		return err_set(err, "injector.%s=%s: not a number up to %u", key, val, max);
	*out = v;
	return 0;
}

static int parse_fail(const char *val, enum fail_action *out, struct err *err)
{
	static const char *const names[] = { "shell", "reboot", "poweroff", "continue" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(val, names[i])) {
			*out = (enum fail_action)i;
			return 0;
		}
	}
	return err_set(err, "injector.fail=%s: expected shell, reboot, poweroff or continue", val);
}

static int parse_option(const char *key, const char *val, struct init_config *cfg,
			struct err *err)
{
	unsigned v;

	if (!strcmp(key, "root"))
		return copy_value(cfg->root, sizeof(cfg->root), key, val, err);
	if (!strcmp(key, "rootfstype"))
		return copy_value(cfg->rootfstype, sizeof(cfg->rootfstype), key, val, err);
	if (!strcmp(key, "rootflags"))
		return copy_value(cfg->rootflags, sizeof(cfg->rootflags), key, val, err);
	if (!strcmp(key, "kernel"))
		return copy_value(cfg->kernel, sizeof(cfg->kernel), key, val, err);
	if (!strcmp(key, "initrd"))
		return copy_value(cfg->initrd, sizeof(cfg->initrd), key, val, err);
	if (!strcmp(key, "fail"))
		return parse_fail(val, &cfg->fail, err);
	if (!strcmp(key, "rootwait"))
		return parse_uint(key, val, ROOTWAIT_MAX, &cfg->rootwait, err);
	if (!strcmp(key, "shelltimeout"))
		return parse_uint(key, val, SHELLTIMEOUT_MAX, &cfg->shelltimeout, err);
	if (!strcmp(key, "fsck") || !strcmp(key, "strict")) {
		if (parse_uint(key, val, 1, &v, err) < 0)
			return -1;
		*(key[0] == 'f' ? &cfg->fsck : &cfg->strict) = v;
		return 0;
	}
	return err_set(err, "injector.%s: unknown option", key);
}

int cmdline_parse(const char *cmdline, struct init_config *cfg, struct err *err)
{
	char word[CMDLINE_MAX];
	enum cmdline_word r;

	*cfg = (struct init_config){ .rootwait = ROOTWAIT_DEFAULT,
				     .fail = FAIL_SHELL,
				     .shelltimeout = SHELLTIMEOUT_DEFAULT };
	while ((r = cmdline_next(&cmdline, word, sizeof(word), NULL, 0)) != CMDLINE_END) {
		char *eq;

		if (r == CMDLINE_TOO_LONG)
			return err_set(err, "command line: word too long");
		if (strncmp(word, "injector.", 9) != 0)
			continue;
		eq = strchr(word, '=');
		if (!eq)
			return err_set(err, "%s: expected injector.KEY=VALUE", word);
		*eq = '\0';
		if (parse_option(word + 9, eq + 1, cfg, err) < 0)
			return -1;
	}
	return 0;
}

static int append_word(char *out, size_t size, size_t *n, const char *w)
{
	size_t len = strlen(w);

	if (*n + (*n > 0) + len >= size)
		return -1;
	if (*n > 0)
		out[(*n)++] = ' ';
	memcpy(out + *n, w, len + 1);
	*n += len;
	return 0;
}

int cmdline_guest(const char *base, const char *extra, char *out, size_t size, struct err *err)
{
	char word[CMDLINE_MAX], raw[CMDLINE_MAX];
	size_t n = 0;
	enum cmdline_word r;

	out[0] = '\0';
	while ((r = cmdline_next(&base, word, sizeof(word), raw, sizeof(raw))) != CMDLINE_END) {
		if (r == CMDLINE_TOO_LONG)
			return err_set(err, "guest command line: word too long");
		if (strncmp(word, "injector.", 9) == 0)
			continue;
		if (append_word(out, size, &n, raw) < 0)
			return err_set(err, "guest command line: longer than %zu bytes", size - 1);
	}
	if (extra && *extra && append_word(out, size, &n, extra) < 0)
		return err_set(err, "guest command line: longer than %zu bytes", size - 1);
	return 0;
}
