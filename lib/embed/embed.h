/* SPDX-License-Identifier: MIT */
/*
 * Embedding as a whole-file operation, shared by `embed` and `update`: a
 * stock kernel (or an injector kernel, whose archive is then replaced) and an
 * initramfs archive in, a kernel carrying the archive out, either in the
 * kernel's own built-in initramfs slot (builtin.h) or behind the boot stub
 * (injector.h).
 */
#ifndef EMBED_H
#define EMBED_H

#include <stddef.h>

#include "err.h"
#include "image/pe_sign.h"

enum embed_method { EMBED_AUTO, EMBED_BUILTIN, EMBED_STUB };

struct embed_result {
	enum embed_method method; /* what was written: EMBED_BUILTIN or EMBED_STUB */
	struct err why_stub;      /* EMBED_AUTO chose the stub: why the builtin method did not do */
	size_t payload_spare;     /* EMBED_BUILTIN: payload bytes left over */
	const char *slot_codec;   /* EMBED_BUILTIN: the archive's compression there, or "none" */
	size_t slot_used, slot_capacity; /* EMBED_BUILTIN: its bytes, and the slot's */
	int signature_stripped;   /* STOCK was signed; the output is not */
	int efi_entry;            /* EMBED_STUB: the output has the stub's PE entry */
};

/*
 * Writes OUT (atomically; an existing OUT only with FORCE). EMBED_AUTO takes
 * the builtin method when the slot is not the kernel's default archive and
 * the archive and the recompressed payload fit, else the stub; a forced
 * builtin that cannot be done is an error ending in "use --method stub".
 * SIGN, when not NULL, signs OUT (Authenticode, pe_sign.h) before it appears.
 * ERR's path names STOCK, ARCHIVE, OUT or a SIGN file, the file at fault.
 */
int embed_file(const char *stock, const char *archive, const char *out, int force,
	       enum embed_method method, const struct pe_sign_key *sign, struct embed_result *res,
	       struct err *err);

#endif
