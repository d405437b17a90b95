/* SPDX-License-Identifier: MIT */
/*
 * grub.cfg as grub-mkconfig writes it (Debian, Ubuntu, Arch, pre-BLS Fedora):
 * menuentry and submenu blocks, linux/initrd lines, `set default`,
 * variables (grubenv's saved_entry, `set x=...`, `x=...`) and `source`.
 * Nothing is executed: conditionals are read straight through and the last
 * assignment wins, which gives grub-mkconfig's fall-back branch (`else set
 * default="0"` or `"${saved_entry}"`).
 */
#ifndef INIT_GRUBCFG_H
#define INIT_GRUBCFG_H

#include <stddef.h>

#include "bootentry.h"
#include "err.h"
#include "textload.h"
#include "vartab.h"

struct grub_item {
	int parent;         /* enclosing submenu's index, -1 at the top */
	int is_submenu;
	unsigned position;  /* among its siblings, as `set default=N` counts */
	struct boot_entry e;
};

struct grub_menu {
	struct grub_item *items;
	size_t n;
	char default_spec[256]; /* "0", "TITLE", "ID", "1>2", ... */
	int blscfg;             /* the menu comes from /boot/loader/entries */
};

/*
 * Parses TEXT. VARS holds what grub knows before the file runs (grubenv,
 * config_directory); it is updated as the file sets variables. LOADER reads
 * what a `source PATH` command names; it may be NULL. Fails only for lack of
 * memory: garbage yields fewer entries.
 */
int grubcfg_parse(const char *text, size_t len, struct vartab *vars, text_loader loader,
		  void *ctx, struct grub_menu *menu, struct err *err);
void grubcfg_free(struct grub_menu *menu);

/*
 * The index of the entry grub boots by default: default_spec resolved level
 * by level (position, id or title), a submenu's first entry, or the first
 * entry with a kernel when the spec names nothing. -1 when none has one.
 */
int grubcfg_default(const struct grub_menu *menu);

#endif
