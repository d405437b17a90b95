/* SPDX-License-Identifier: MIT */
/*
 * Embedding as a whole-file operation, shared by `embed` and `update`: a
 * stock kernel (or an injector kernel, whose archive is then replaced) and an
 * initramfs archive in, an injector kernel out.
 */
#ifndef EMBED_H
#define EMBED_H

#include "err.h"

struct embed_result {
	int signature_stripped; /* STOCK was signed; the output is not */
	const char *culprit;    /* on error: STOCK, ARCHIVE or OUT, the file at fault */
};

/* Writes OUT (atomically; an existing OUT only with FORCE). */
int embed_file(const char *stock, const char *archive, const char *out, int force,
	       struct embed_result *res, struct err *err);

#endif
