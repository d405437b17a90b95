/* SPDX-License-Identifier: MIT */
#include "pe_sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/file_io.h"
#include "util/run.h"

#define SIGN_TIMEOUT 120

struct work {
	const struct pe_sign_key *k;
	char key[4096], key_pub[4096], cert_pub[4096];
};

/* Runs ARGV; its exit status, or -1 when it could not run. OUT_HAS is looked for in its output. */
static int tool(char *const argv[], const char *out_has, int *found, struct err *err)
{
	struct run r;
	int ret = run_program(argv, SIGN_TIMEOUT, NULL, NULL, &r, err);

	if (ret == 0) {
		ret = r.status;
		if (found)
			*found = r.out && strstr(r.out, out_has) != NULL;
	}
	free(r.out);
	return ret;
}

static int readable(const char *path, struct err *err)
{
	if (access(path, R_OK) < 0) {
		err_sys(err, "cannot read");
		return err_at(err, path);
	}
	return 0;
}

/* The key without its passphrase, 0600 in the work directory (openssl never prompts: -passin). */
static int decrypt_key(struct work *w, struct err *err)
{
	char pass[4200];
	char *argv[] = { "openssl", "pkey", "-in", (char *)w->k->key, "-passin", pass,
			 "-out",    w->key, NULL };
	int bad_pass = 0, ret;

	snprintf(pass, sizeof(pass), w->k->pass_file ? "file:%s" : "pass:", w->k->pass_file);
	ret = tool(argv, "bad decrypt", &bad_pass, err);
	if (ret < 0)
		return err_at(err, w->k->key);
	if (ret == 0)
		return 0;
	if (!bad_pass)
		err_set(err, "not a PEM private key");
	else if (w->k->pass_file)
		err_set(err, "cannot decrypt the key with the passphrase in %s", w->k->pass_file);
	else
		err_set(err, "the key is passphrase-protected: give its passphrase in a file "
			     "(--sign-pass-file)");
	return err_at(err, w->k->key);
}

/* Public keys of the key and of the certificate, for comparing them. */
static int public_keys(struct work *w, struct err *err)
{
	char *cert[] = { "openssl", "x509",	 "-in", (char *)w->k->cert, "-noout", "-pubkey",
			 "-out",    w->cert_pub, NULL };
	char *key[] = { "openssl", "pkey", "-in", w->key, "-pubout", "-out", w->key_pub, NULL };
	int ret = tool(cert, "", NULL, err);

	if (ret != 0) {
		if (ret > 0)
			err_set(err, "not a PEM X.509 certificate");
		return err_at(err, w->k->cert);
	}
	if (tool(key, "", NULL, err) != 0)
		return err_at(err, w->k->key);
	return 0;
}

static int key_matches_cert(struct work *w, struct err *err)
{
	struct file_view a = { .fd = -1 }, b = { .fd = -1 };
	int same;

	if (public_keys(w, err) < 0)
		return -1;
	if (file_map(w->key_pub, &a, err) < 0 || file_map(w->cert_pub, &b, err) < 0) {
		file_unmap(&a);
		return err_at(err, w->k->key);
	}
	same = a.size == b.size && memcmp(a.data, b.data, a.size) == 0;
	file_unmap(&a);
	file_unmap(&b);
	if (!same) {
		err_set(err, "the key does not match the certificate %s", w->k->cert);
		return err_at(err, w->k->key);
	}
	return 0;
}

static int sbsign(struct work *w, const char *in, const char *out, struct err *err)
{
	char *argv[] = { "sbsign",   "--key",	  w->key,     "--cert", (char *)w->k->cert,
			 "--output", (char *)out, (char *)in, NULL };

	return run_check(argv, SIGN_TIMEOUT, err);
}

int pe_sign(const char *in, const char *out, const struct pe_sign_key *k, const char *workdir,
	    struct err *err)
{
	struct work w = { .k = k };
	int ret;

	if (readable(k->key, err) < 0 || readable(k->cert, err) < 0 ||
	    (k->pass_file && readable(k->pass_file, err) < 0))
		return -1;
	snprintf(w.key, sizeof(w.key), "%s/key.pem", workdir);
	snprintf(w.key_pub, sizeof(w.key_pub), "%s/key.pub", workdir);
	snprintf(w.cert_pub, sizeof(w.cert_pub), "%s/cert.pub", workdir);
	ret = decrypt_key(&w, err);
	if (ret == 0)
		ret = key_matches_cert(&w, err);
	if (ret == 0)
		ret = sbsign(&w, in, out, err);
	unlink(w.key);
	unlink(w.key_pub);
	unlink(w.cert_pub);
	return ret;
}
