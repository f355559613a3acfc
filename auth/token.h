/* The device token store: <state_dir>/device-tokens.json, mode 0600, written atomically.
 * Keyed by gateway URL + device id:
 *   {"version":1,"tokens":[{"url":..,"deviceId":..,"token":..,"role":..,"scopes":[..],
 *     "issuedAtMs":..,"platform":..,"deviceFamily":..}]} */
#ifndef OC_AUTH_TOKEN_H
#define OC_AUTH_TOKEN_H

#include <stddef.h>
#include <stdint.h>

struct oc_err;

#define TOKEN_MAX_SCOPES 16

struct device_token {
	char *token;			/* sodium_malloc'd secret, NULL when none */
	char role[32];
	char scopes[TOKEN_MAX_SCOPES][48];
	size_t n_scopes;
	int64_t issued_at_ms;
	char platform[64];
	char device_family[64];
};

/* Find the token for (url, device_id).  1 found, 0 none, -1 error (bad permissions,
 * corrupt file: err says which and how to fix). */
int token_load(struct device_token *t, const char *state_dir, const char *url,
	       const char *device_id, struct oc_err *err);

/* Insert or replace the entry for (url, device_id); other entries are kept. 0 or -1. */
int token_save(const struct device_token *t, const char *state_dir, const char *url,
	       const char *device_id, struct oc_err *err);

/* Remove the entry for (url, device_id) if present. 0 or -1. */
int token_forget(const char *state_dir, const char *url, const char *device_id,
		 struct oc_err *err);

/* Set t->token to a sodium_malloc'd copy of value (replacing any previous one). 0 or -1. */
int token_set_secret(struct device_token *t, const char *value);

/* Wipe and free the secret. Safe on a zeroed struct. */
void token_free(struct device_token *t);

#endif
