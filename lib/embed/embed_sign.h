/* SPDX-License-Identifier: MIT */
/* The signed output of embed: built and signed in private scratch space, then written atomically. */
#ifndef EMBED_SIGN_H
#define EMBED_SIGN_H

#include "image/pe_sign.h"
#include "util/file_io.h"

#define EMBED_SIGN_MAX_INPUTS 2

/*
 * file_write_atomic() of PARTS to PATH, signed with K on the way: PATH gets
 * the signed image or stays as it was. ERR names the key, certificate or
 * passphrase file at fault, or PATH. At most EMBED_SIGN_MAX_INPUTS INPUTS.
 */
int embed_write_signed(const char *path, const struct out_part *parts, size_t nparts,
		       const struct file_out *out, const struct file_view *inputs, size_t ninputs,
		       const struct pe_sign_key *k, struct err *err);

#endif
