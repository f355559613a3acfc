#include "auth/identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "auth/err.h"
#include "auth/fileio.h"
#include "auth/paths.h"

#define IDENTITY_FILE	"identity.json"
#define IDENTITY_MAX	4096	/* bytes; the real file is about 150 */
#define IDENTITY_PATH	4096

static int
identity_init_sodium(struct oc_err *err)
{
	if (sodium_init() < 0)
		return oc_errf(err, "libsodium could not be initialised");
	return 0;
}

void
identity_device_id(const unsigned char pk[32], char out[65])
{
	unsigned char hash[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(hash, pk, 32);
	sodium_bin2hex(out, 65, hash, sizeof(hash));
}

int
identity_from_seed(struct identity *id, const unsigned char seed[32], struct oc_err *err)
{
	memset(id, 0, sizeof(*id));
	if (identity_init_sodium(err) != 0)
		return -1;
	id->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	if (!id->sk)
		return oc_errf(err, "out of memory for the device key");
	if (crypto_sign_seed_keypair(id->pk, id->sk, seed) != 0) {
		identity_free(id);
		return oc_errf(err, "cannot derive the device key");
	}
	sodium_mprotect_readonly(id->sk);
	identity_device_id(id->pk, id->device_id);
	sodium_bin2base64(id->pk_b64, sizeof(id->pk_b64), id->pk, sizeof(id->pk),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

/* Decode base64url-no-padding s into exactly n bytes. 0 or -1. */
static int
identity_b64_decode(const char *s, unsigned char *out, size_t n)
{
	size_t got = 0, slen = strlen(s);
	const char *end = NULL;

	if (sodium_base642bin(out, n, s, slen, NULL, &got, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	if (got != n || end != s + slen)
		return -1;
	return 0;
}

/* Overwrite a jansson string's storage in place before the value is freed (jansson owns
 * a private copy, so writing to it is safe; it is never read again). */
static void
identity_wipe_json_string(json_t *v)
{
	if (json_is_string(v))
		sodium_memzero((char *)json_string_value(v), json_string_length(v));
}

static int
identity_corrupt(struct oc_err *err, const char *path, const char *why)
{
	return oc_errf(err, "%s: %s; move the file aside to create a new device identity",
		       path, why);
}

/* Parse the text of an identity file into id. */
static int
identity_parse(struct identity *id, const char *path, const char *text, size_t len,
	       struct oc_err *err)
{
	unsigned char seed[crypto_sign_SEEDBYTES], pk[crypto_sign_PUBLICKEYBYTES];
	json_error_t jerr;
	json_t *root, *version, *alg, *pkv, *skv;
	int rc = -1;

	root = json_loadb(text, len, 0, &jerr);	/* owned here */
	if (!root)
		return identity_corrupt(err, path, "not valid JSON (corrupt or truncated)");
	version = json_object_get(root, "version");
	alg = json_object_get(root, "alg");
	pkv = json_object_get(root, "publicKey");
	skv = json_object_get(root, "secretKey");
	if (!json_is_object(root)) {
		identity_corrupt(err, path, "not a JSON object");
	} else if (!json_is_integer(version) || json_integer_value(version) != 1) {
		identity_corrupt(err, path, "unsupported version (want 1)");
	} else if (!json_is_string(alg) || strcmp(json_string_value(alg), "ed25519") != 0) {
		identity_corrupt(err, path, "unsupported alg (want \"ed25519\")");
	} else if (!json_is_string(pkv) || identity_b64_decode(json_string_value(pkv), pk,
							      sizeof(pk)) != 0) {
		identity_corrupt(err, path, "publicKey is not 32 bytes of base64url");
	} else if (!json_is_string(skv) || identity_b64_decode(json_string_value(skv), seed,
							      sizeof(seed)) != 0) {
		identity_corrupt(err, path, "secretKey is not a 32-byte base64url seed");
	} else if (identity_from_seed(id, seed, err) != 0) {
		/* err is set */
	} else if (sodium_memcmp(pk, id->pk, sizeof(pk)) != 0) {
		identity_free(id);
		identity_corrupt(err, path, "publicKey does not match secretKey");
	} else {
		rc = 0;
	}
	sodium_memzero(seed, sizeof(seed));
	identity_wipe_json_string(skv);
	json_decref(root);
	return rc;
}

/* Read and parse; 1 loaded, 0 missing, -1 error. */
static int
identity_read(struct identity *id, const char *path, struct oc_err *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	rc = fileio_read_private(path, IDENTITY_MAX, &text, &len, err);
	if (rc <= 0)
		return rc;
	rc = identity_parse(id, path, text, len, err);
	sodium_memzero(text, len);
	free(text);
	return rc == 0 ? 1 : -1;
}

static int
identity_path(char *out, size_t size, const char *state_dir, struct oc_err *err)
{
	if (paths_join(out, size, state_dir, IDENTITY_FILE) != 0)
		return oc_errf(err, "state directory path too long: %s", state_dir);
	return 0;
}

/* Make a fresh key, write it to path, and prove it signs. */
static int
identity_create(struct identity *id, const char *state_dir, const char *path,
		struct oc_err *err)
{
	static const char test_msg[] = "openclaw-console identity self-test";
	unsigned char seed[crypto_sign_SEEDBYTES], sig[crypto_sign_BYTES];
	char seed_b64[sodium_base64_ENCODED_LEN(crypto_sign_SEEDBYTES,
					       sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char text[256];
	int n, rc = -1;

	if (fileio_mkdir_private(state_dir, err) != 0)
		return -1;
	randombytes_buf(seed, sizeof(seed));
	if (identity_from_seed(id, seed, err) != 0)
		goto out;
	sodium_bin2base64(seed_b64, sizeof(seed_b64), seed, sizeof(seed),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	n = snprintf(text, sizeof(text),
		     "{\n  \"version\": 1,\n  \"alg\": \"ed25519\",\n"
		     "  \"publicKey\": \"%s\",\n  \"secretKey\": \"%s\"\n}\n",
		     id->pk_b64, seed_b64);
	if (n < 0 || (size_t)n >= sizeof(text)) {
		oc_errf(err, "internal error formatting %s", path);
		goto out;
	}
	if (crypto_sign_detached(sig, NULL, (const unsigned char *)test_msg,
				 sizeof(test_msg) - 1, id->sk) != 0 ||
	    crypto_sign_verify_detached(sig, (const unsigned char *)test_msg,
					sizeof(test_msg) - 1, id->pk) != 0) {
		oc_errf(err, "the new device key failed its sign/verify self-test");
		goto out;
	}
	if (fileio_write_atomic(path, text, (size_t)n, 0600, err) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		identity_free(id);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(seed_b64, sizeof(seed_b64));
	sodium_memzero(text, sizeof(text));
	return rc;
}

int
identity_load_or_create(struct identity *id, const char *state_dir, bool *created,
			struct oc_err *err)
{
	char path[IDENTITY_PATH];
	int rc;

	memset(id, 0, sizeof(*id));
	if (created)
		*created = false;
	if (identity_init_sodium(err) != 0 || identity_path(path, sizeof(path), state_dir, err))
		return -1;
	rc = identity_read(id, path, err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return 0;
	if (identity_create(id, state_dir, path, err) != 0)
		return -1;
	if (created)
		*created = true;
	return 0;
}

int
identity_load(struct identity *id, const char *state_dir, struct oc_err *err)
{
	char path[IDENTITY_PATH];
	int rc;

	memset(id, 0, sizeof(*id));
	if (identity_init_sodium(err) != 0 || identity_path(path, sizeof(path), state_dir, err))
		return -1;
	rc = identity_read(id, path, err);
	if (rc == 0)
		return oc_errf(err, "no device identity at %s", path);
	return rc < 0 ? -1 : 0;
}

int
identity_sign_b64(const struct identity *id, const char *msg, size_t len, char *out,
		  size_t out_size)
{
	unsigned char sig[crypto_sign_BYTES];

	if (!id->sk || out_size < sodium_base64_ENCODED_LEN(crypto_sign_BYTES,
							    sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	if (crypto_sign_detached(sig, NULL, (const unsigned char *)msg, len, id->sk) != 0)
		return -1;
	sodium_bin2base64(out, out_size, sig, sizeof(sig),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

void
identity_free(struct identity *id)
{
	if (id->sk)
		sodium_free(id->sk);	/* sodium_free wipes before releasing */
	id->sk = NULL;
}
