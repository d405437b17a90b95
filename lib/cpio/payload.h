/* SPDX-License-Identifier: MIT */
/*
 * The per-VM archive (`vmlinuz-tool payload`): a newc cpio holding the
 * manifest in its canonical form at PAYLOAD_MANIFEST_PATH and the content of
 * each `file` entry under PAYLOAD_FILES_DIR, and the per-boot token at
 * PAYLOAD_TOKEN_PATH when there is one, as docs/manifest.md describes.
 */
#ifndef PAYLOAD_H
#define PAYLOAD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "manifest.h"
#include "newc_writer.h"

/* The guest must hold the archive in RAM before it boots: file contents in all. */
#define PAYLOAD_MAX_CONTENT (256u << 20)

struct payload_options {
	const char *name;          /* the manifest as the user named it, for messages */
	const char *base_dir;      /* where relative SOURCE_PATHs start */
	enum cpio_compression compression;
	int64_t mtime;             /* of every archive member */
	const struct stat *output; /* an existing output file, which no source may be; or NULL */
	const char *token;         /* stored at PAYLOAD_TOKEN_PATH (payload_token_new); or NULL */
};

/*
 * Reads the sources M names and builds the archive in a new buffer *DATA.
 * Sources are trusted as docs/manifest.md ("Trust") says: relative, no '..',
 * regular files reached through no symlink, they and their directories
 * (BASE_DIR included) owned by root or the invoking user and writable by
 * their owner only (lib/util/trust.h).
 */
int payload_build(const struct manifest *m, const struct payload_options *o, uint8_t **data,
		  size_t *size, struct err *err);

#endif
