/* SPDX-License-Identifier: MIT */
#include "embed_sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/dir_walk.h"

/* The unsigned image and the decrypted key stay in a 0700 directory of our own. */
static int scratch(char *dir, size_t size, struct err *err)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, size, "%s/vmlinuz-tool-sign.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		err_sys(err, "cannot create scratch space");
		return err_at(err, dir);
	}
	return 0;
}

static int sign_into(const char *dir, const char *path, const struct out_part *parts, size_t nparts,
		     const struct file_out *out, const struct file_view *inputs, size_t ninputs,
		     const struct pe_sign_key *k, struct err *err)
{
	char unsigned_path[4200], signed_path[4200];
	struct file_view views[EMBED_SIGN_MAX_INPUTS + 1];
	struct file_view *signed_view = &views[ninputs];
	struct out_part whole;
	int ret;

	snprintf(unsigned_path, sizeof(unsigned_path), "%s/unsigned", dir);
	snprintf(signed_path, sizeof(signed_path), "%s/signed", dir);
	if (file_write_atomic(unsigned_path, parts, nparts, &(struct file_out){ 0600, 0 }, inputs,
			      ninputs, err) < 0 ||
	    pe_sign(unsigned_path, signed_path, k, dir, err) < 0) {
		err_prefix(err, "cannot sign %s", path);
		return err_at(err, path);
	}
	if (file_map(signed_path, signed_view, err) < 0)
		return err_at(err, path);
	/* The inputs stay in the list: OUT must still never be one of them. */
	memcpy(views, inputs, ninputs * sizeof(*inputs));
	whole = (struct out_part){ signed_view->data, signed_view->size };
	ret = file_write_atomic(path, &whole, 1, out, views, ninputs + 1, err);
	file_unmap(signed_view);
	return ret < 0 ? err_at(err, path) : 0;
}

int embed_write_signed(const char *path, const struct out_part *parts, size_t nparts,
		       const struct file_out *out, const struct file_view *inputs, size_t ninputs,
		       const struct pe_sign_key *k, struct err *err)
{
	char dir[4096];
	int ret;

	if (ninputs > EMBED_SIGN_MAX_INPUTS)
		return err_set(err, "internal error: too many inputs");
	if (scratch(dir, sizeof(dir), err) < 0)
		return -1;
	ret = sign_into(dir, path, parts, nparts, out, inputs, ninputs, k, err);
	dir_remove(dir);
	return ret;
}
