/* The console's Ed25519 device identity (STYLE.md 7: minisign's key file, plus an
 * atomic write).  File: <state_dir>/identity.json, mode 0600:
 *   {"version":1,"alg":"ed25519","publicKey":"<b64url>","secretKey":"<b64url 32-byte seed>"} */
#ifndef OC_AUTH_IDENTITY_H
#define OC_AUTH_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

struct oc_err;

struct identity {
	unsigned char pk[32];		/* raw public key */
	unsigned char *sk;		/* 64-byte libsodium secret key, in sodium_malloc memory */
	char device_id[65];		/* lowercase hex SHA-256 of pk */
	char pk_b64[48];		/* base64url, no padding (43 chars) */
};

/* The gateway's device id of a raw 32-byte public key: the lowercase hex SHA-256 of it,
 * 64 characters + NUL into out. */
void identity_device_id(const unsigned char pk[32], char out[65]);

/* Derive a full identity from a 32-byte seed (tests use fixed seeds). 0 or -1. */
int identity_from_seed(struct identity *id, const unsigned char seed[32], struct oc_err *err);

/* Load <state_dir>/identity.json, creating the directory (0700) and a fresh key when the
 * file is missing (*created set to true).  Refuses files readable by group/other,
 * owned by someone else, corrupt, with a wrong alg/version, or whose public key does
 * not match the secret key.  After creating, signs and verifies a test message. */
int identity_load_or_create(struct identity *id, const char *state_dir, bool *created,
			    struct oc_err *err);

/* Load an existing identity; -1 with "no device identity at PATH" when missing. */
int identity_load(struct identity *id, const char *state_dir, struct oc_err *err);

/* Sign msg (detached Ed25519) and write the base64url-no-padding signature
 * (86 chars + NUL) into out (>= 96 bytes).  0 or -1. */
int identity_sign_b64(const struct identity *id, const char *msg, size_t len, char *out,
		      size_t out_size);

/* Wipe and free the secret key. Safe on a zeroed struct. */
void identity_free(struct identity *id);

#endif
