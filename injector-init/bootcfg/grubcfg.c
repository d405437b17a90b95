/* SPDX-License-Identifier: MIT */
#include "grubcfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shellword.h"

#define MAX_BLOCKS 32

struct parser {
	struct vartab *vars;
	text_loader loader;
	void *ctx;
	struct grub_menu *menu;
	int blocks[MAX_BLOCKS]; /* item index of each open block, -1 for others */
	size_t depth;           /* may exceed MAX_BLOCKS; deeper blocks are not kept */
	unsigned sources;       /* nesting of `source` */
	char (*words)[CMDLINE_MAX];
	size_t nwords;
	size_t cap; /* items allocated */
	int oom;
};

/* The open block's item when it is a menuentry (not a submenu), else NULL. */
static struct grub_item *open_entry(struct parser *p)
{
	int i;

	if (!p->depth || p->depth > MAX_BLOCKS)
		return NULL;
	i = p->blocks[p->depth - 1];
	if (i < 0 || p->menu->items[i].is_submenu)
		return NULL;
	return &p->menu->items[i];
}

static int open_submenu(const struct parser *p)
{
	for (size_t d = p->depth < MAX_BLOCKS ? p->depth : MAX_BLOCKS; d-- > 0;) {
		int i = p->blocks[d];

		if (i >= 0 && p->menu->items[i].is_submenu)
			return i;
	}
	return -1;
}

static void push_block(struct parser *p, int item)
{
	if (p->depth < MAX_BLOCKS)
		p->blocks[p->depth] = item;
	p->depth++;
}

static void join_words(struct parser *p, size_t from, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = from; i < p->nwords; i++) {
		if (i > from)
			vartab_put(out, size, &n, ' ');
		for (const char *c = p->words[i]; *c; c++)
			vartab_put(out, size, &n, *c);
	}
}

static unsigned next_position(const struct parser *p, int parent)
{
	unsigned pos = 0;

	for (size_t i = 0; i < p->menu->n; i++)
		pos += p->menu->items[i].parent == parent;
	return pos;
}

static int option_takes_arg(const char *w)
{
	return !strcmp(w, "--class") || !strcmp(w, "--users") || !strcmp(w, "--hotkey") ||
	       !strcmp(w, "--id");
}

/*
 * Room for one more item, grown as needed: the BOOTCFG_MAX_ENTRIES of
 * 7 KiB each at once were 1.8 MiB per parse, for a menu of a few entries.
 */
static int room(struct parser *p)
{
	size_t cap = p->cap ? 2 * p->cap : 8;
	struct grub_item *items;

	if (p->menu->n < p->cap)
		return 1;
	if (p->menu->n >= BOOTCFG_MAX_ENTRIES)
		return 0;
	cap = cap < BOOTCFG_MAX_ENTRIES ? cap : BOOTCFG_MAX_ENTRIES;
	items = realloc(p->menu->items, cap * sizeof(*items));
	if (!items) {
		p->oom = 1;
		return 0;
	}
	p->menu->items = items;
	p->cap = cap;
	return 1;
}

/* menuentry TITLE [--class C]... [--id ID | $menuentry_id_option ID] { */
static void new_item(struct parser *p, int is_submenu)
{
	size_t end = p->nwords - (!strcmp(p->words[p->nwords - 1], "{"));
	struct grub_item *it;
	int named = 0;

	if (!room(p)) {
		push_block(p, -1);
		return;
	}
	it = &p->menu->items[p->menu->n];
	memset(it, 0, sizeof(*it));
	it->is_submenu = is_submenu;
	it->parent = open_submenu(p);
	it->position = next_position(p, it->parent);
	for (size_t i = 1; i < end; i++) {
		const char *w = p->words[i];

		if (!strcmp(w, "--id") && i + 1 < end)
			snprintf(it->e.id, sizeof(it->e.id), "%s", p->words[i + 1]);
		if (option_takes_arg(w))
			i++;
		else if (!strncmp(w, "--", 2))
			continue;
		else if (!named++)
			snprintf(it->e.title, sizeof(it->e.title), "%s", w);
		else if (!it->e.id[0])
			snprintf(it->e.id, sizeof(it->e.id), "%s", w);
	}
	push_block(p, (int)p->menu->n++);
}

static void assign(struct parser *p, const char *word)
{
	char name[64];
	const char *eq = strchr(word, '=');
	size_t k = eq ? (size_t)(eq - word) : 0;

	if (!k || k >= sizeof(name))
		return;
	for (size_t i = 0; i < k; i++)
		if (!vartab_name_char(word[i], i == 0))
			return;
	memcpy(name, word, k);
	name[k] = '\0';
	vartab_set(p->vars, name, eq + 1);
}

static void parse_text(struct parser *p, const char *text, size_t len);

static void source(struct parser *p, const char *path)
{
	size_t len;
	char *text;

	if (!p->loader || p->sources >= BOOTCFG_MAX_DEPTH)
		return;
	text = p->loader(p->ctx, path, &len);
	if (!text)
		return;
	p->sources++;
	parse_text(p, text, len > BOOTCFG_MAX_SIZE ? BOOTCFG_MAX_SIZE : len);
	p->sources--;
	free(text);
}

static void entry_line(struct parser *p, int is_kernel)
{
	struct grub_item *it = open_entry(p);
	struct boot_entry *e = it ? &it->e : NULL;

	if (!e || p->nwords < 2)
		return;
	if (is_kernel) {
		snprintf(e->kernel, sizeof(e->kernel), "%s", p->words[1]);
		bootentry_strip_device(e->kernel);
		join_words(p, 2, e->args, sizeof(e->args));
		return;
	}
	for (size_t i = 1; i < p->nwords; i++)
		bootentry_strip_device(p->words[i]);
	join_words(p, 1, e->initrd, sizeof(e->initrd));
}

static int is_any(const char *w, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(w, *names))
			return 1;
	return 0;
}

static void command(struct parser *p)
{
	static const char *const kernels[] = { "linux", "linux16", "linuxefi", NULL };
	static const char *const initrds[] = { "initrd", "initrd16", "initrdefi", NULL };
	static const char *const keywords[] = { "then", "else", "do", NULL };
	const char *w;

	while (p->nwords && is_any(p->words[0], keywords)) {
		memmove(p->words, p->words + 1, (p->nwords - 1) * sizeof(p->words[0]));
		p->nwords--;
	}
	if (!p->nwords)
		return;
	w = p->words[0];
	if (!strcmp(w, "}")) {
		p->depth -= p->depth > 0;
	} else if (!strcmp(w, "menuentry") || !strcmp(w, "submenu")) {
		new_item(p, w[0] == 's');
	} else if (!strcmp(p->words[p->nwords - 1], "{")) {
		push_block(p, -1);
	} else if (is_any(w, kernels) || is_any(w, initrds)) {
		entry_line(p, is_any(w, kernels));
	} else if (!strcmp(w, "set")) {
		for (size_t i = 1; i < p->nwords; i++)
			assign(p, p->words[i]);
	} else if (!strcmp(w, "blscfg")) {
		p->menu->blscfg = 1;
	} else if (!strcmp(w, "source") && p->nwords > 1) {
		source(p, p->words[1]);
	} else if (strchr(w, '=')) {
		assign(p, w);
	}
}

struct lexer {
	const char *s, *end;
};

enum lexed { LEX_END, LEX_WORD, LEX_NOTHING };

/*
 * One word into WORD; LEX_END at the end of the command (';', '#', line
 * end), LEX_NOTHING for unquoted variables that expanded to nothing.
 */
static enum lexed lex_word(struct parser *p, struct lexer *lx, char *word, size_t size)
{
	while (lx->s < lx->end && (*lx->s == ' ' || *lx->s == '\t' || *lx->s == '\r'))
		lx->s++;
	if (lx->s >= lx->end || *lx->s == ';' || *lx->s == '#')
		return LEX_END;
	return shellword_read(&lx->s, lx->end, p->vars, word, size) ? LEX_WORD : LEX_NOTHING;
}

/* Commands end at ';', '#', the line's end, and after a block's opening '{'. */
static void parse_line(struct parser *p, const char *line, size_t len)
{
	struct lexer lx = { line, line + len };

	while (lx.s < lx.end) {
		enum lexed r;

		p->nwords = 0;
		while ((r = lex_word(p, &lx, p->words[p->nwords], CMDLINE_MAX)) != LEX_END) {
			int opens = r == LEX_WORD && !strcmp(p->words[p->nwords], "{");

			if (r == LEX_WORD && p->nwords + 1 < BOOTCFG_MAX_WORDS)
				p->nwords++;
			if (opens)
				break;
		}
		command(p);
		if (lx.s < lx.end && *lx.s == '#')
			break;
		if (lx.s < lx.end && *lx.s == ';')
			lx.s++;
		else if (r == LEX_END)
			break;
	}
}

static void parse_text(struct parser *p, const char *text, size_t len)
{
	const char *end = text + len, *line;
	size_t n;

	while (text_line(&text, end, &line, &n))
		if (n <= BOOTCFG_MAX_LINE)
			parse_line(p, line, n);
}

int grubcfg_parse(const char *text, size_t len, struct vartab *vars, text_loader loader,
		  void *ctx, struct grub_menu *menu, struct err *err)
{
	struct parser p = { .vars = vars, .loader = loader, .ctx = ctx, .menu = menu };
	const char *def;

	*menu = (struct grub_menu){ 0 };
	p.words = malloc(BOOTCFG_MAX_WORDS * sizeof(*p.words));
	if (!p.words)
		return err_set(err, "grub.cfg: out of memory");
	parse_text(&p, text, len > BOOTCFG_MAX_SIZE ? BOOTCFG_MAX_SIZE : len);
	free(p.words);
	if (p.oom) {
		grubcfg_free(menu);
		return err_set(err, "grub.cfg: out of memory");
	}
	def = vartab_get(vars, "default");
	snprintf(menu->default_spec, sizeof(menu->default_spec), "%s", def && *def ? def : "0");
	return 0;
}

void grubcfg_free(struct grub_menu *menu)
{
	free(menu->items);
	*menu = (struct grub_menu){ 0 };
}

static int is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int find_child(const struct grub_menu *m, int parent, const char *key)
{
	int by_pos = is_number(key);
	unsigned long pos = by_pos ? strtoul(key, NULL, 10) : 0;

	for (size_t i = 0; i < m->n; i++) {
		const struct grub_item *it = &m->items[i];

		if (it->parent != parent)
			continue;
		if (by_pos ? it->position == pos
			   : !strcmp(it->e.id, key) || !strcmp(it->e.title, key))
			return (int)i;
	}
	return -1;
}

static int first_bootable(const struct grub_menu *m, int parent)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->items[i].e.kernel[0] && (parent < 0 || m->items[i].parent == parent))
			return (int)i;
	return -1;
}

int grubcfg_default(const struct grub_menu *m)
{
	char spec[sizeof(m->default_spec)];
	char *save = NULL;
	int cur = -1;

	snprintf(spec, sizeof(spec), "%s", m->default_spec);
	for (char *key = strtok_r(spec, ">", &save); key; key = strtok_r(NULL, ">", &save)) {
		if (cur >= 0 && !m->items[cur].is_submenu)
			return first_bootable(m, -1);
		cur = find_child(m, cur, key);
		if (cur < 0)
			return first_bootable(m, -1);
	}
	if (cur >= 0 && m->items[cur].is_submenu)
		cur = first_bootable(m, cur);
	if (cur < 0 || !m->items[cur].e.kernel[0])
		return first_bootable(m, -1);
	return cur;
}
