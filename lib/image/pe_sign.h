/* SPDX-License-Identifier: MIT */
/*
 * Authenticode signing of a PE image with the administrator's key, through
 * sbsign (Debian's sbsigntool) and openssl: both already trusted with keys
 * on a Secure Boot host, and a PKCS#7 signer written here would be a second
 * one to audit.
 */
#ifndef PE_SIGN_H
#define PE_SIGN_H

#include "err.h"

struct pe_sign_key {
	const char *key;       /* PEM private key, maybe passphrase-protected */
	const char *cert;      /* PEM X.509 certificate of that key */
	const char *pass_file; /* NULL, or a file whose first line is the key's passphrase */
};

/*
 * Signs the PE image IN into the new file OUT. WORKDIR is a directory only
 * the caller can read: the key, decrypted there (sbsign would prompt for a
 * passphrase on the terminal), is removed before this returns. ERR names the
 * key, the certificate or the passphrase file when one is at fault; sbsign's
 * own failure names no file.
 */
int pe_sign(const char *in, const char *out, const struct pe_sign_key *k, const char *workdir,
	    struct err *err);

#endif
