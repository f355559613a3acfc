/* Where the gateway's shared token comes from, in order (never argv):
 *   1. --token-file FILE (must not be group/other readable),
 *   2. the environment variable OPENCLAW_GATEWAY_TOKEN,
 *   3. gateway.auth.token in $OPENCLAW_CONFIG_PATH, else ~/.openclaw/openclaw.json
 *      (JSON, plus the simple JSON5 cases: comments, trailing commas, unquoted keys,
 *      single-quoted strings). */
#ifndef OC_AUTH_CREDS_H
#define OC_AUTH_CREDS_H

struct oc_err;

enum creds_source {
	CREDS_NONE,
	CREDS_TOKEN_FILE,
	CREDS_ENV,
	CREDS_CONFIG,
};

/* Find the shared token.  On success returns 0, sets *token to a sodium_malloc'd string
 * (free with creds_free) or NULL when no source has one (*source = CREDS_NONE).
 * -1 with err when a named source exists but is unusable (unreadable token file, file
 * too open, config that cannot be parsed). env is a getenv-like lookup so tests can
 * inject it (NULL = getenv); home is the home directory (NULL = $HOME). */
int creds_find_token(const char *token_file, const char *(*env)(const char *),
		     const char *home, char **token, enum creds_source *source,
		     struct oc_err *err);

/* Human name of a source, e.g. "OPENCLAW_GATEWAY_TOKEN". */
const char *creds_source_name(enum creds_source s);

/* Parse JSON5-ish text into a jansson value (decref by caller). NULL with err on failure. */
struct json_t *creds_parse_json5(const char *text, const char *path, struct oc_err *err);

void creds_free(char *token);

#endif
