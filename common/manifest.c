/* SPDX-License-Identifier: MIT */
/*
 * The manifest format, read and written. A line is first split into fields
 * (blanks, quotes, escapes, comments); the first field names the operation,
 * whose row in `syntax` says what the positional fields are and which
 * key=value options may follow. Every rule is in docs/manifest.md.
 */
#include "manifest.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 7 /* file GUEST_PATH SOURCE_PATH mode= owner= mtime= strict */

/* A field shares its line with at least "dir ": the line limit bounds the paths. */
_Static_assert(MANIFEST_MAX_LINE - (sizeof("dir ") - 1) <= MANIFEST_MAX_PATH,
	       "no field can exceed MANIFEST_MAX_PATH");

enum option { OPT_MODE = 1, OPT_OWNER = 2, OPT_MTIME = 4, OPT_STRICT = 8 };

/* What a positional field is, hence how it is checked and where it goes. */
enum role { GUEST_PATH, GUEST_PATH_OR_NONE, SOURCE, TARGET, TEXT, ARGS, ADDRESS, GATEWAY_OR_NONE };

struct syntax {
	const char *name;
	unsigned nargs;
	enum role roles[2];
	unsigned options;
	const char *usage; /* for messages */
};

static const struct syntax syntax[] = {
	[MANIFEST_FILE] = { "file", 2, { GUEST_PATH, SOURCE },
			    OPT_MODE | OPT_OWNER | OPT_MTIME | OPT_STRICT,
			    "GUEST_PATH SOURCE_PATH [mode=] [owner=] [mtime=] [strict]" },
	[MANIFEST_DIR] = { "dir", 1, { GUEST_PATH }, OPT_MODE | OPT_OWNER | OPT_STRICT,
			   "GUEST_PATH [mode=] [owner=] [strict]" },
	[MANIFEST_DELETE] = { "delete", 1, { GUEST_PATH }, OPT_STRICT, "GUEST_PATH [strict]" },
	[MANIFEST_SYMLINK] = { "symlink", 2, { GUEST_PATH, TARGET }, OPT_STRICT,
			       "GUEST_PATH TARGET [strict]" },
	[MANIFEST_LINE] = { "line", 2, { GUEST_PATH, TEXT }, OPT_STRICT,
			    "GUEST_PATH \"TEXT\" [strict]" },
	[MANIFEST_KERNEL] = { "kernel", 1, { GUEST_PATH }, 0, "GUEST_PATH" },
	[MANIFEST_INITRD] = { "initrd", 1, { GUEST_PATH_OR_NONE }, 0, "GUEST_PATH|none" },
	[MANIFEST_APPEND] = { "append", 1, { ARGS }, 0, "\"KERNEL ARGUMENTS\"" },
	[MANIFEST_RESCUE_KEY] = { "rescue-key", 1, { TEXT }, 0, "\"AUTHORIZED_KEYS LINE\"" },
	[MANIFEST_RESCUE_NET] = { "rescue-net", 2, { ADDRESS, GATEWAY_OR_NONE }, 0,
				  "ADDRESS/PREFIX GATEWAY|none" },
};

#define NOPS (sizeof(syntax) / sizeof(syntax[0]))

static const char *const role_name[] = {
	[GUEST_PATH] = "GUEST_PATH", [GUEST_PATH_OR_NONE] = "GUEST_PATH", [SOURCE] = "SOURCE_PATH",
	[TARGET] = "TARGET",	     [TEXT] = "TEXT",			  [ARGS] = "KERNEL ARGUMENTS",
	[ADDRESS] = "ADDRESS/PREFIX", [GATEWAY_OR_NONE] = "GATEWAY",
};

/* What parsing so far knows beyond the entries: for the whole-manifest rules. */
struct parse_state {
	unsigned kernel_line, initrd_line, net_line;
	size_t cmdline_len;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* ---- splitting a line into fields ---------------------------------------- */

/* Control characters are refused everywhere, comments included: they are typos or attacks. */
static int check_bytes(const char *p, size_t len, struct err *err)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == 0)
			return err_set(err, "NUL byte");
		if (c == '\r')
			return err_set(err, "carriage return (DOS line ending?)");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return err_set(err, "control character 0x%02x", c);
	}
	return 0;
}

/* Copies the quoted string at *P (past its opening quote) to *OUT, unescaped. */
static int quoted(const char **p, const char *end, char **out, struct err *err)
{
	const char *s = *p + 1;

	for (;;) {
		if (s == end)
			return err_set(err, "unterminated quoted string");
		if (*s == '"')
			break;
		if (*s == '\\') {
			if (++s == end)
				return err_set(err, "unterminated quoted string");
			if (*s != '"' && *s != '\\')
				return err_set(err, "unknown escape '\\%c' (only \\\" and \\\\)", *s);
		}
		*(*out)++ = *s++;
	}
	if (++s != end && !is_blank(*s))
		return err_set(err, "no blank after a closing quote");
	*p = s;
	return 0;
}

static int bare(const char **p, const char *end, char **out, struct err *err)
{
	const char *s = *p;

	for (; s != end && !is_blank(*s); s++) {
		if (*s == '"')
			return err_set(err, "quote inside an unquoted field");
		*(*out)++ = *s;
	}
	*p = s;
	return 0;
}

/*
 * Splits [P, END) into NUL-terminated fields in OUT, which needs one byte more
 * than the line: each field takes at most its raw bytes, and all but the last
 * are followed by a blank whose place its NUL takes.
 */
static int split(const char *p, const char *end, char *out, char **fields, unsigned *n,
		 struct err *err)
{
	*n = 0;
	for (;;) {
		while (p != end && is_blank(*p))
			p++;
		if (p == end || *p == '#')
			return 0;
		if (*n == MAX_FIELDS)
			return err_set(err, "too many fields");
		fields[(*n)++] = out;
		if ((*p == '"' ? quoted : bare)(&p, end, &out, err) < 0)
			return -1;
		*out++ = '\0';
	}
}

/* ---- fields ---------------------------------------------------------------- */

/* A decimal or octal number of at most MAX, nothing else (no sign, no blank). */
static int number(const char *s, size_t len, int base, unsigned long long max,
		  unsigned long long *v)
{
	*v = 0;
	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (d >= (unsigned)base || *v > (max - d) / (unsigned)base)
			return -1;
		*v = *v * (unsigned)base + d;
	}
	return 0;
}

static int check_guest_path(const char *s, const char *what, struct err *err)
{
	size_t len;

	if (s[0] != '/')
		return err_set(err, "%s '%s' is not absolute", what, s);
	if (strcmp(s, "/") == 0)
		return err_set(err, "%s '/' is the root directory", what);
	for (const char *c = s + 1;; c += len + 1) {
		len = strcspn(c, "/");
		if (len == 0)
			return err_set(err, c[0] ? "%s '%s' contains '//'" : "%s '%s' ends with '/'",
				       what, s);
		if (len == 1 && c[0] == '.')
			return err_set(err, "%s '%s' contains a '.' component", what, s);
		if (len == 2 && c[0] == '.' && c[1] == '.')
			return err_set(err, "%s '%s' contains a '..' component", what, s);
		if (!c[len])
			return 0;
	}
}

/* An IPv4 or IPv6 address, with a prefix length when WANT_PREFIX. */
static int check_address(const char *s, int want_prefix, const char *what, struct err *err)
{
	char addr[INET6_ADDRSTRLEN];
	unsigned char bin[16];
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	unsigned long long prefix = 0;
	int v6 = memchr(s, ':', len) != NULL;

	if (len >= sizeof(addr) || (want_prefix != !!slash))
		goto bad;
	memcpy(addr, s, len);
	addr[len] = '\0';
	if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, bin) != 1)
		goto bad;
	if (slash && number(slash + 1, strlen(slash + 1), 10, v6 ? 128 : 32, &prefix) < 0)
		goto bad;
	return 0;
bad:
	return err_set(err, "bad %s '%s'", what, s);
}

/* Where a positional field of ROLE is kept. */
static char **slot(struct manifest_entry *e, enum role role)
{
	switch (role) {
	case GUEST_PATH:
	case GUEST_PATH_OR_NONE:
		return &e->path;
	case SOURCE:
		return &e->source;
	case GATEWAY_OR_NONE:
		return &e->gateway;
	default:
		return &e->text;
	}
}

static int set_arg(struct manifest_entry *e, enum role role, const char *s, struct err *err)
{
	const char *what = role_name[role];

	if (!s[0])
		return err_set(err, "empty %s", what);
	if ((role == GUEST_PATH_OR_NONE || role == GATEWAY_OR_NONE) && strcmp(s, "none") == 0)
		return 0;
	if ((role == GUEST_PATH || role == GUEST_PATH_OR_NONE) && check_guest_path(s, what, err) < 0)
		return -1;
	if ((role == ADDRESS || role == GATEWAY_OR_NONE) &&
	    check_address(s, role == ADDRESS, what, err) < 0)
		return -1;
	*slot(e, role) = strdup(s);
	return *slot(e, role) ? 0 : err_set(err, "out of memory");
}

static int set_owner(struct manifest_entry *e, const char *v, struct err *err)
{
	const char *colon = strchr(v, ':');
	unsigned long long uid, gid;

	if (!colon || number(v, (size_t)(colon - v), 10, MANIFEST_MAX_ID, &uid) < 0 ||
	    number(colon + 1, strlen(colon + 1), 10, MANIFEST_MAX_ID, &gid) < 0)
		return err_set(err, "bad owner '%s' (UID:GID, decimal, at most %u)", v,
			       MANIFEST_MAX_ID);
	e->has_owner = 1;
	e->uid = (uint32_t)uid;
	e->gid = (uint32_t)gid;
	return 0;
}

/* The option FIELD names (KEY=VALUE, or a bare flag when HAS_VALUE is 0), or 0. */
static unsigned option_bit(const char *field, size_t klen, int has_value)
{
	static const struct {
		const char *key;
		enum option bit;
		int has_value;
	} keys[] = { { "mode", OPT_MODE, 1 },
		     { "owner", OPT_OWNER, 1 },
		     { "mtime", OPT_MTIME, 1 },
		     { "strict", OPT_STRICT, 0 } };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].key) == klen && strncmp(field, keys[i].key, klen) == 0 &&
		    keys[i].has_value == has_value)
			return keys[i].bit;
	return 0;
}

static int set_option(struct manifest_entry *e, const char *field, unsigned *seen,
		      struct err *err)
{
	const struct syntax *op = &syntax[e->op];
	const char *v = strchr(field, '=');
	size_t klen = v ? (size_t)(v - field) : strlen(field);
	unsigned opt = option_bit(field, klen, v != NULL);
	unsigned long long n;

	if (!op->options)
		return err_set(err, "unexpected field '%s' (%s %s)", field, op->name, op->usage);
	if (!(opt & op->options))
		return err_set(err, "unknown option '%s' (%s %s)", field, op->name, op->usage);
	if (opt & *seen)
		return err_set(err, "option '%.*s' given twice", (int)klen, field);
	*seen |= opt;
	if (opt == OPT_STRICT) {
		e->strict = 1;
		return 0;
	}
	v++;
	if (opt == OPT_OWNER)
		return set_owner(e, v, err);
	if (opt == OPT_MODE) {
		if (number(v, strlen(v), 8, 07777, &n) < 0)
			return err_set(err, "bad mode '%s' (octal, at most 07777)", v);
		e->mode = (uint32_t)n;
		return 0;
	}
	if (number(v, strlen(v), 10, MANIFEST_MAX_MTIME, &n) < 0)
		return err_set(err, "bad mtime '%s' (seconds since 1970, at most %lld)", v,
			       MANIFEST_MAX_MTIME);
	e->has_mtime = 1;
	e->mtime = (int64_t)n;
	return 0;
}

/* ---- entries --------------------------------------------------------------- */

static int find_op(const char *name, enum manifest_op *op, struct err *err)
{
	for (size_t i = 0; i < NOPS; i++)
		if (strcmp(syntax[i].name, name) == 0) {
			*op = (enum manifest_op)i;
			return 0;
		}
	return err_set(err, "unknown operation '%s'", name);
}

/* The rules over the entries so far: one kernel, initrd and rescue-net; a bounded command line. */
static int check_cumulative(const struct manifest_entry *e, struct parse_state *st, struct err *err)
{
	unsigned *first = e->op == MANIFEST_KERNEL	 ? &st->kernel_line
			  : e->op == MANIFEST_INITRD	 ? &st->initrd_line
			  : e->op == MANIFEST_RESCUE_NET ? &st->net_line
							 : NULL;

	if (first && *first)
		return err_set(err, "second %s entry (the first is on line %u)", syntax[e->op].name,
			       *first);
	if (first)
		*first = e->line;
	if (e->op != MANIFEST_APPEND)
		return 0;
	st->cmdline_len += strlen(e->text) + (st->cmdline_len ? 1 : 0);
	if (st->cmdline_len > MANIFEST_MAX_CMDLINE)
		return err_set(err, "kernel arguments longer than %d bytes in all",
			       MANIFEST_MAX_CMDLINE);
	return 0;
}

static int fill_entry(struct manifest_entry *e, char **fields, unsigned n, struct parse_state *st,
		      struct err *err)
{
	const struct syntax *op;
	unsigned seen = 0;

	if (find_op(fields[0], &e->op, err) < 0)
		return -1;
	op = &syntax[e->op];
	e->mode = e->op == MANIFEST_DIR ? 0755 : e->op == MANIFEST_FILE ? 0644 : 0;
	if (n - 1 < op->nargs)
		return err_set(err, "%s expects %s", op->name, op->usage);
	for (unsigned i = 0; i < op->nargs; i++)
		if (set_arg(e, op->roles[i], fields[1 + i], err) < 0)
			return -1;
	for (unsigned i = 1 + op->nargs; i < n; i++)
		if (set_option(e, fields[i], &seen, err) < 0)
			return -1;
	return check_cumulative(e, st, err);
}

static void free_entry(struct manifest_entry *e)
{
	free(e->path);
	free(e->source);
	free(e->text);
	free(e->gateway);
}

void manifest_free(struct manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		free_entry(&m->entries[i]);
	free(m->entries);
	m->entries = NULL;
	m->n = 0;
}

static struct manifest_entry *new_entry(struct manifest *m, unsigned line, struct err *err)
{
	struct manifest_entry *grown;

	if (m->n == MANIFEST_MAX_ENTRIES) {
		err_set(err, "more than %d entries", MANIFEST_MAX_ENTRIES);
		return NULL;
	}
	/* Doubling at powers of two: the array's capacity is never stored. */
	if ((m->n & (m->n - 1)) == 0) {
		grown = realloc(m->entries, (m->n ? 2 * m->n : 1) * sizeof(*grown));
		if (!grown) {
			err_set(err, "out of memory");
			return NULL;
		}
		m->entries = grown;
	}
	memset(&m->entries[m->n], 0, sizeof(m->entries[0]));
	m->entries[m->n].line = line;
	return &m->entries[m->n++];
}

static int parse_line(const char *p, size_t len, unsigned line, struct manifest *m,
		      struct parse_state *st, struct err *err)
{
	char out[MANIFEST_MAX_LINE + 1];
	char *fields[MAX_FIELDS];
	struct manifest_entry *e;
	unsigned n;

	if (len > MANIFEST_MAX_LINE)
		return err_set(err, "line longer than %d bytes", MANIFEST_MAX_LINE);
	if (check_bytes(p, len, err) < 0 || split(p, p + len, out, fields, &n, err) < 0)
		return -1;
	if (n == 0)
		return 0;
	e = new_entry(m, line, err);
	return e ? fill_entry(e, fields, n, st, err) : -1;
}

/* ---- the whole manifest ---------------------------------------------------- */

static int by_path(const void *a, const void *b)
{
	const struct manifest_entry *x = *(const struct manifest_entry *const *)a;
	const struct manifest_entry *y = *(const struct manifest_entry *const *)b;
	int c = strcmp(x->path, y->path);

	return c ? c : x->line < y->line ? -1 : x->line > y->line;
}

static int creates(const struct manifest_entry *e)
{
	return e->op == MANIFEST_FILE || e->op == MANIFEST_DIR || e->op == MANIFEST_SYMLINK;
}

/* Two entries creating one path: the second would silently undo the first. */
static int check_unique(const struct manifest *m, const char *name, struct err *err)
{
	const struct manifest_entry **v = malloc((m->n ? m->n : 1) * sizeof(*v));
	size_t n = 0;
	int ret = 0;

	if (!v)
		return err_set(err, "%s: out of memory", name);
	for (size_t i = 0; i < m->n; i++)
		if (creates(&m->entries[i]))
			v[n++] = &m->entries[i];
	qsort(v, n, sizeof(*v), by_path);
	for (size_t i = 1; i < n && ret == 0; i++)
		if (strcmp(v[i - 1]->path, v[i]->path) == 0)
			ret = err_set(err, "%s:%u: '%s' is created twice (also on line %u)", name,
				      v[i]->line, v[i]->path, v[i - 1]->line);
	free(v);
	return ret;
}

/* Sets *LINE to the line being parsed, for the message when one is bad. */
static int parse_lines(const char *text, size_t len, struct manifest *m, unsigned *line,
		       struct err *err)
{
	struct parse_state st = { 0 };
	const char *p = text, *end = text + len;

	for (*line = 1; p != end; (*line)++) {
		/* Looking no further than a line may be long bounds the work on huge input. */
		size_t room = (size_t)(end - p) < MANIFEST_MAX_LINE + 1 ? (size_t)(end - p)
									 : MANIFEST_MAX_LINE + 1;
		const char *eol = memchr(p, '\n', room);
		size_t n = eol ? (size_t)(eol - p) : room;

		if ((size_t)(p - text) + n > MANIFEST_MAX_SIZE)
			return err_set(err, "manifest longer than %u bytes", MANIFEST_MAX_SIZE);
		if (parse_line(p, n, *line, m, &st, err) < 0)
			return -1;
		p += eol ? n + 1 : n;
	}
	return 0;
}

int manifest_parse(const char *text, size_t len, const char *name, struct manifest *m,
		   struct err *err)
{
	unsigned line;

	*m = (struct manifest){ NULL, 0 };
	if (parse_lines(text, len, m, &line, err) < 0) {
		manifest_free(m);
		return err_prefix(err, "%s:%u", name, line);
	}
	if (check_unique(m, name, err) < 0) {
		manifest_free(m);
		return -1;
	}
	return 0;
}

/* ---- writing ---------------------------------------------------------------- */

/* Quotes what the splitter would otherwise read differently. */
static void put_field(FILE *f, const char *s, int quote)
{
	quote = quote || !s[0] || s[0] == '#' || strpbrk(s, " \t\"");
	fputs(quote ? " \"" : " ", f);
	for (; *s; s++) {
		if (quote && (*s == '"' || *s == '\\'))
			fputc('\\', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
}

int manifest_write_entry(const struct manifest_entry *e, FILE *f)
{
	const struct syntax *op = &syntax[e->op];

	fputs(op->name, f);
	for (unsigned i = 0; i < op->nargs; i++) {
		enum role r = op->roles[i];

		/* slot() only reads here. */
		const char *v = *slot((struct manifest_entry *)e, r);

		put_field(f, v ? v : "none", r == TEXT || r == ARGS);
	}
	if (op->options & OPT_MODE)
		fprintf(f, " mode=%04o", (unsigned)e->mode);
	if (e->has_owner)
		fprintf(f, " owner=%u:%u", (unsigned)e->uid, (unsigned)e->gid);
	if (e->has_mtime)
		fprintf(f, " mtime=%lld", (long long)e->mtime);
	if (e->strict)
		fputs(" strict", f);
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

int manifest_write(const struct manifest *m, FILE *f)
{
	for (size_t i = 0; i < m->n; i++)
		if (manifest_write_entry(&m->entries[i], f) < 0)
			return -1;
	return 0;
}
