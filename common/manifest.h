/* SPDX-License-Identifier: MIT */
/*
 * The per-VM manifest: what to do to the guest's root filesystem. One parser
 * for both sides: `vmlinuz-tool payload` reads the administrator's manifest
 * on the host; injector-init reads the copy that payload puts in the per-VM
 * archive (PAYLOAD_MANIFEST_PATH), whose file sources point inside the
 * archive. Format: docs/manifest.md.
 *
 *     file    GUEST_PATH  SOURCE_PATH  [mode=0644] [owner=UID:GID] [mtime=EPOCH] [strict]
 *     dir     GUEST_PATH  [mode=0755] [owner=UID:GID] [strict]
 *     delete  GUEST_PATH  [strict]
 *     symlink GUEST_PATH  TARGET  [strict]
 *     line    GUEST_PATH  "TEXT"  [strict]
 *     kernel  GUEST_PATH
 *     initrd  GUEST_PATH|none
 *     append  "KERNEL ARGUMENTS"
 *     rescue-key "AUTHORIZED_KEYS LINE"
 *     rescue-net ADDRESS/PREFIX  GATEWAY|none
 */
#ifndef MANIFEST_H
#define MANIFEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

/* Where the per-VM archive carries the manifest and the files it names. */
#define PAYLOAD_MANIFEST_PATH "/injector/manifest"
#define PAYLOAD_FILES_DIR "/injector/files"
/*
 * The per-boot token (docs/injector-format.md): PAYLOAD_TOKEN_HEX lowercase
 * hex digits, which injector-init prints in its status line and the host
 * compares (docs/injector-init.md, "Authenticated status").
 */
#define PAYLOAD_TOKEN_PATH "/injector/token"
#define PAYLOAD_TOKEN_HEX 32

#define MANIFEST_MAX_SIZE (1u << 20)   /* bytes of manifest text */
#define MANIFEST_MAX_LINE 4096
#define MANIFEST_MAX_ENTRIES 10000
#define MANIFEST_MAX_PATH 4095
#define MANIFEST_MAX_CMDLINE 2047  /* all append texts, joined by blanks (x86 COMMAND_LINE_SIZE - 1) */
#define MANIFEST_MAX_ID 4294967294u  /* UID, GID: (uint32_t)-1 means "unchanged" to chown */
#define MANIFEST_MAX_MTIME 4294967295ll

enum manifest_op {
	MANIFEST_FILE,
	MANIFEST_DIR,
	MANIFEST_DELETE,
	MANIFEST_SYMLINK,
	MANIFEST_LINE,
	MANIFEST_KERNEL,
	MANIFEST_INITRD,
	MANIFEST_APPEND,
	MANIFEST_RESCUE_KEY,
	MANIFEST_RESCUE_NET,
};

struct manifest_entry {
	enum manifest_op op;
	unsigned line;  /* 1-based line in the manifest, for messages */
	char *path;     /* absolute, normalized guest path; NULL for the ops without one and "initrd none" */
	char *source;   /* file: where the content is (see manifest_parse) */
	char *text;     /* symlink target, line text, append arguments, rescue key, rescue address */
	char *gateway;  /* rescue-net: the default route, or NULL for none */
	uint32_t mode;  /* file, dir: permission bits (07777) */
	int has_owner;
	uint32_t uid, gid;
	int has_mtime;
	int64_t mtime;
	int strict;     /* its failure stops the boot (the failure policy), not only reported */
};

struct manifest {
	struct manifest_entry *entries;
	size_t n;
};

/*
 * Parses TEXT (LEN bytes; NUL bytes are an error). NAME is used in messages:
 * every error is "NAME:LINE: problem" in err->msg. file sources are kept as
 * written (relative to the manifest's directory on the host, or inside the
 * archive for the copy injector-init reads). Defaults: file mode 0644, dir
 * mode 0755, owner 0:0, mtime unset.
 */
int manifest_parse(const char *text, size_t len, const char *name, struct manifest *m,
		   struct err *err);
void manifest_free(struct manifest *m);

/* Writes M in the manifest syntax, one entry a line, quoting as needed. */
int manifest_write(const struct manifest *m, FILE *f);
/*
 * Writes one entry and its newline. manifest_parse of what it writes gives
 * back the same entry (but for .line): mode always, owner and mtime when set.
 */
int manifest_write_entry(const struct manifest_entry *e, FILE *f);

#endif
