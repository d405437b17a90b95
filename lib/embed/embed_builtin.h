/* SPDX-License-Identifier: MIT */
/*
 * The builtin embed method: the archive replaces the kernel's own built-in
 * initramfs inside the vmlinux, which is recompressed with the payload's
 * codec into exactly the original payload's bytes (payload_fit.h). Nothing
 * moves, so every header field, the PE header and the decompressor's
 * baked-in lengths stay right: the result is an ordinary kernel, no stub,
 * bootable by every loader, EFI included.
 */
#ifndef EMBED_BUILTIN_H
#define EMBED_BUILTIN_H

#include "image/builtin_slot.h"
#include "image/bzimage.h"
#include "util/file_io.h"

#define EMBED_BUILTIN_PARTS 4

enum builtin_result {
	BUILTIN_OK = 0,
	BUILTIN_ARCHIVE_TOO_LARGE = 1, /* ERR says by how many bytes */
	BUILTIN_PAYLOAD_TOO_LARGE = 2, /* likewise */
};

struct embed_builtin_build {
	struct out_part parts[EMBED_BUILTIN_PARTS]; /* the new file, in order */
	uint8_t *setup;                       /* owned: rewritten when a signature is cut */
	uint8_t *payload;                     /* owned: the new payload */
	size_t payload_spare;                 /* padding bytes in it */
	const struct codec *slot_codec;       /* the archive's compression in the slot */
	size_t slot_used;                     /* its bytes there */
	int signature_stripped;
};

/*
 * Lays out STOCK with ARCHIVE in its built-in slot BS, compressed with the
 * best of CODECS (slot_archive.h) when that is smaller. VMLINUX is STOCK's
 * decompressed payload and is rewritten in place, also when the result is
 * a *_TOO_LARGE. The new payload is decompressed again and compared before
 * it is accepted. Returns an enum builtin_result, or -1 on error.
 */
int embed_builtin_build(struct embed_builtin_build *b, const struct bzimage *stock, uint8_t *vmlinux,
		  const struct builtin_slot *bs, const uint8_t *archive, size_t size,
		  unsigned codecs, struct err *err);
void embed_builtin_build_free(struct embed_builtin_build *b);

#endif
