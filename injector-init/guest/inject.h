/* SPDX-License-Identifier: MIT */
/*
 * Applying the manifest to the guest root: file, dir, delete, symlink and
 * line entries (kernel, initrd and append are for kernelpick). Every path
 * is resolved through guestfs (never outside ROOTFD), and every change is
 * atomic (replace.h). File parents that are missing are created 0755 root.
 * A final symlink is replaced, never written through.
 */
#ifndef INIT_INJECT_H
#define INIT_INJECT_H

#include "err.h"
#include "manifest.h"

#define INJECT_LINE_FILE_MAX (16u << 20) /* a file `line` edits */

#define INJECT_FAILED_LISTED 32 /* manifest lines the status line names */
/* Room for inject_failed_list: 32 numbers of up to 10 digits, commas, ",+N". */
#define INJECT_FAILED_LIST_MAX (INJECT_FAILED_LISTED * 11 + 16)

struct inject_result {
	unsigned ok, failed;
	unsigned strict_failed; /* of the failed: entries marked strict in the manifest */
	unsigned failed_line[INJECT_FAILED_LISTED]; /* the first ones, in manifest order */
};

/* One entry. SRCFD: the directory relative file sources are read from. */
int inject_one(int rootfd, int srcfd, const struct manifest_entry *e, struct err *err);

/* Told of each entry that failed, and why; the rest still run. */
typedef void inject_failed_fn(const struct manifest_entry *e, const struct err *err, void *ctx);

/* Every entry. FAILED (may be NULL) hears of each failure. */
void inject_all(int rootfd, int srcfd, const struct manifest *m, inject_failed_fn *failed,
		void *ctx, struct inject_result *res);

/*
 * Whether the failures stop the boot (the failure policy runs): a strict
 * entry failed, or any entry did and STRICT_ALL (injector.strict=1). Else
 * the guest's kernel still boots and the status line says partial.
 */
int inject_stops_boot(const struct inject_result *res, int strict_all);

/*
 * The status line's failed= value: the failed entries' manifest lines,
 * comma-separated ("4,9"), then "+N" for the N not listed; "" when none failed.
 */
void inject_failed_list(const struct inject_result *res, char *out, size_t size);

#endif
