/* SPDX-License-Identifier: MIT */
#include "injector_status.h"

#include <string.h>

#include "util/file_io.h"

#define PREFIX	   "INJECTOR: "
#define DIGITS_MAX 19 /* fits an unsigned long */

/* A line being parsed: P moves forward, never past END. */
struct cursor {
	const char *p, *end;
};

int status_token_valid(const char *token)
{
	size_t n = strspn(token, "0123456789abcdef");

	return n == PAYLOAD_TOKEN_HEX && token[n] == '\0';
}

/* Whether all N bytes at V are in SET: the log is not NUL-terminated. */
static int all_in(const char *v, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (!v[i] || !strchr(set, v[i]))
			return 0;
	return 1;
}

/* Consumes WORD when the line continues with it. */
static int take(struct cursor *c, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return 0;
	c->p += n;
	return 1;
}

/* The value after KEY= up to the next blank or the end, into [*V, *V + *N). */
static int field(struct cursor *c, const char *key, const char **v, size_t *n)
{
	struct cursor save = *c;

	if (c->p < c->end && *c->p == ' ')
		c->p++;
	if (!take(c, key) || !take(c, "=")) {
		*c = save;
		return 0;
	}
	*v = c->p;
	while (c->p < c->end && *c->p != ' ')
		c->p++;
	*n = (size_t)(c->p - *v);
	return 1;
}

static int is_one_of(const char *v, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == n && memcmp(*words, v, n) == 0)
			return 1;
	return 0;
}

static int number(struct cursor *c, const char *key, unsigned long *out)
{
	const char *v;
	size_t n;

	if (!field(c, key, &v, &n) || n == 0 || n > DIGITS_MAX || !all_in(v, n, "0123456789"))
		return 0;
	for (*out = 0; n--; v++)
		*out = *out * 10 + (unsigned long)(*v - '0');
	return 1;
}

static int word(struct cursor *c, const char *key, const char *const *words, char *out, size_t size)
{
	const char *v;
	size_t n;

	if (!field(c, key, &v, &n) || !is_one_of(v, n, words) || n >= size)
		return 0;
	memcpy(out, v, n);
	out[n] = '\0';
	return 1;
}

/* [KEY=VALUE], VALUE of SET's bytes and shorter than SIZE, into OUT; absent is "". */
static int optional(struct cursor *c, const char *key, const char *set, char *out, size_t size)
{
	const char *v;
	size_t n;

	out[0] = '\0';
	if (!field(c, key, &v, &n))
		return 1;
	if (n == 0 || n >= size || !all_in(v, n, set))
		return 0;
	memcpy(out, v, n);
	out[n] = '\0';
	return 1;
}

/* The fields after "INJECTOR: " in their order; token= must be TOKEN, exactly. */
static int parse_line(struct cursor *c, const char *token, struct injector_status *st)
{
	static const char *const statuses[] = { "ok", "partial", "error", NULL };
	static const char *const stages[] = { "setup",	"root",	 "mount", "inject",
					      "kernel", "kexec", NULL };
	const char *v;
	size_t n;

	if (!word(c, "status", statuses, st->status, sizeof(st->status)) ||
	    !word(c, "stage", stages, st->stage, sizeof(st->stage)) ||
	    !number(c, "files", &st->files) || !number(c, "ms", &st->ms) ||
	    !optional(c, "failed", "0123456789,+", st->failed, sizeof(st->failed)) ||
	    !optional(c, "reason", "abcdefghijklmnopqrstuvwxyz-", st->reason, sizeof(st->reason)) ||
	    !field(c, "token", &v, &n))
		return 0;
	return n == PAYLOAD_TOKEN_HEX && memcmp(v, token, PAYLOAD_TOKEN_HEX) == 0;
}

static const char *line_end(const char *p, const char *end)
{
	while (p < end && *p != '\n' && *p != '\r')
		p++;
	return p;
}

enum status_found status_find(const char *log, size_t len, const char *token,
			      struct injector_status *st)
{
	const char *p = log, *end = log + len, *hit, *eol;
	enum status_found found = STATUS_NONE;
	struct injector_status cand;
	size_t line = 1;

	/* Kernel messages may run into the line: anchored on the prefix, not the line start. */
	while ((hit = memmem(p, (size_t)(end - p), PREFIX, strlen(PREFIX)))) {
		for (; p < hit; p++)
			line += *p == '\n';
		eol = line_end(hit, end);
		if (parse_line(&(struct cursor){ hit + strlen(PREFIX), eol }, token, &cand)) {
			*st = cand;
			st->line = line;
			found = STATUS_FOUND;
		}
		p = hit + 1;
	}
	return found;
}

int status_token_read(const char *file, char hex[PAYLOAD_TOKEN_HEX + 1], struct err *err)
{
	struct file_view v;
	size_t n;

	if (file_map(file, &v, err) < 0)
		return err_at(err, file);
	n = v.size;
	if (n == PAYLOAD_TOKEN_HEX + 1 && v.data[n - 1] == '\n')
		n--;
	if (n == PAYLOAD_TOKEN_HEX)
		memcpy(hex, v.data, n);
	hex[n == PAYLOAD_TOKEN_HEX ? n : 0] = '\0';
	file_unmap(&v);
	if (status_token_valid(hex))
		return 0;
	err_set(err, "not a token (%d lowercase hex digits)", PAYLOAD_TOKEN_HEX);
	return err_at(err, file);
}

int status_read(const char *log, const char *token, struct injector_status *st,
		enum status_found *found, struct err *err)
{
	struct file_view v;

	if (file_map(log, &v, err) < 0)
		return err_at(err, log);
	*found = status_find((const char *)v.data, v.size, token, st);
	file_unmap(&v);
	return 0;
}
