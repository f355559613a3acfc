#include "auth/creds.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "auth/err.h"
#include "auth/fileio.h"
#include "auth/paths.h"

#define CREDS_TOKEN_MAX		4096
#define CREDS_CONFIG_MAX	(4 * 1024 * 1024)
#define CREDS_PATH		4096

/* ---- JSON5 pre-pass ---------------------------------------------------------------- */

static bool
creds_is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static bool
creds_is_ident(char c)
{
	return creds_is_ident_start(c) || (c >= '0' && c <= '9');
}

/* First byte at or after p that is not whitespace or inside a comment. */
static const char *
creds_skip_blank(const char *p)
{
	for (;;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
		} else if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			if (!e)
				return p + strlen(p);
			p = e + 2;
		} else {
			return p;
		}
	}
}

/* Rewrite the simple JSON5 cases (comments, trailing commas, unquoted keys, single-quoted
 * strings) as strict JSON, keeping every newline so jansson's line numbers stay right.
 * Returns a malloc'd string (caller wipes and frees) or NULL with err. */
static char *
creds_json5_to_json(const char *in, const char *path, struct oc_err *err)
{
	size_t n = strlen(in);
	char *out, *o;
	const char *p = in;
	int line = 1;

	/* Worst case: a one-letter key becomes three bytes. */
	if (n > (SIZE_MAX - 1) / 3 || !(out = malloc(3 * n + 1))) {
		oc_errf(err, "out of memory reading %s", path);
		return NULL;
	}
	o = out;
	if ((unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
	    (unsigned char)p[2] == 0xbf)
		p += 3;	/* UTF-8 byte order mark */
	while (*p) {
		char c = *p;

		if (c == '"' || c == '\'') {
			char quote = c;
			int start = line;

			*o++ = '"';
			p++;
			while (*p && *p != quote && *p != '\n') {
				if (*p == '\\' && p[1]) {
					if (quote == '\'' && p[1] == '\'') {
						*o++ = '\'';
					} else {
						*o++ = p[0];
						*o++ = p[1];
					}
					p += 2;
				} else if (*p == '"') {
					*o++ = '\\';
					*o++ = *p++;
				} else {
					*o++ = *p++;
				}
			}
			if (*p != quote) {
				oc_errf(err, "%s:%d: unterminated string", path, start);
				goto fail;
			}
			*o++ = '"';
			p++;
		} else if (c == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				p++;
		} else if (c == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			if (!e) {
				oc_errf(err, "%s:%d: unterminated /* comment", path, line);
				goto fail;
			}
			*o++ = ' ';
			for (; p < e + 2; p++) {
				if (*p == '\n') {
					*o++ = '\n';
					line++;
				}
			}
		} else if (c == ',') {
			const char *q = creds_skip_blank(p + 1);

			if (*q != '}' && *q != ']')
				*o++ = ',';
			p++;
		} else if (creds_is_ident_start(c)) {
			const char *e = p;
			size_t len;
			bool keyword;

			while (creds_is_ident(*e))
				e++;
			len = (size_t)(e - p);
			keyword = (len == 4 && (!strncmp(p, "true", 4) || !strncmp(p, "null", 4))) ||
				  (len == 5 && !strncmp(p, "false", 5));
			if (!keyword && *creds_skip_blank(e) == ':') {
				*o++ = '"';
				memcpy(o, p, len);
				o += len;
				*o++ = '"';
			} else {
				memcpy(o, p, len);
				o += len;
			}
			p = e;
		} else {
			if (c == '\n')
				line++;
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
fail:
	sodium_memzero(out, (size_t)(o - out));
	free(out);
	return NULL;
}

struct json_t *
creds_parse_json5(const char *text, const char *path, struct oc_err *err)
{
	json_error_t jerr;
	json_t *root;
	char *strict;

	strict = creds_json5_to_json(text, path, err);
	if (!strict)
		return NULL;
	root = json_loads(strict, 0, &jerr);	/* new reference, returned to the caller */
	sodium_memzero(strict, strlen(strict));
	free(strict);
	if (!root)
		oc_errf(err, "%s:%d: %s", path, jerr.line, jerr.text);
	return root;
}

/* ---- Token sources ----------------------------------------------------------------- */

static const char *
creds_getenv(const char *name)
{
	return getenv(name);
}

/* A sodium_malloc'd copy of s[0..n). */
static char *
creds_secret_dup(const char *s, size_t n)
{
	char *p;

	if (sodium_init() < 0)
		return NULL;
	p = sodium_malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static int
creds_from_file(const char *path, char **token, struct oc_err *err)
{
	char *text = NULL;
	size_t len = 0, n;
	int rc;

	rc = fileio_read_private(path, CREDS_TOKEN_MAX, &text, &len, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return oc_errf(err, "token file %s does not exist", path);
	n = len;
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' ' ||
			 text[n - 1] == '\t'))
		n--;
	if (n == 0) {
		rc = oc_errf(err, "token file %s is empty; put the gateway token in it", path);
	} else if (memchr(text, '\0', n) || memchr(text, '\n', n)) {
		rc = oc_errf(err, "token file %s must hold the token on a single line", path);
	} else if (!(*token = creds_secret_dup(text, n))) {
		rc = oc_errf(err, "out of memory for the gateway token");
	} else {
		rc = 0;
	}
	sodium_memzero(text, len);
	free(text);
	return rc;
}

/* 1 token found, 0 none, -1 error. */
static int
creds_from_config(const char *(*env)(const char *), const char *home, char **token,
		  struct oc_err *err)
{
	char buf[CREDS_PATH], *text = NULL;
	const char *path = env("OPENCLAW_CONFIG_PATH");
	json_t *root, *tok;
	size_t len = 0;
	int rc;

	if (!path || !*path) {
		if (!home)
			home = env("HOME");
		if (!home || !*home)
			return 0;
		if (paths_join(buf, sizeof(buf), home, ".openclaw/openclaw.json") != 0)
			return oc_errf(err, "home directory path too long: %s", home);
		path = buf;
	}
	rc = fileio_read(path, CREDS_CONFIG_MAX, &text, &len, err);
	if (rc <= 0)
		return rc;
	root = creds_parse_json5(text, path, err);	/* owned here */
	sodium_memzero(text, len);
	free(text);
	if (!root)
		return -1;
	tok = json_object_get(json_object_get(json_object_get(root, "gateway"), "auth"),
			      "token");
	rc = 0;
	if (tok && !json_is_null(tok) && !json_is_string(tok)) {
		rc = oc_errf(err, "%s: gateway.auth.token is not a plain string; pass the token "
			     "with --token-file or OPENCLAW_GATEWAY_TOKEN", path);
	} else if (json_is_string(tok) && json_string_length(tok) > 0) {
		*token = creds_secret_dup(json_string_value(tok), json_string_length(tok));
		rc = *token ? 1 : oc_errf(err, "out of memory for the gateway token");
	}
	if (json_is_string(tok))
		sodium_memzero((char *)json_string_value(tok), json_string_length(tok));
	json_decref(root);
	return rc;
}

int
creds_find_token(const char *token_file, const char *(*env)(const char *),
		 const char *home, char **token, enum creds_source *source,
		 struct oc_err *err)
{
	const char *v;
	int rc;

	*token = NULL;
	*source = CREDS_NONE;
	if (!env)
		env = creds_getenv;
	if (token_file) {
		if (creds_from_file(token_file, token, err) != 0)
			return -1;
		*source = CREDS_TOKEN_FILE;
		return 0;
	}
	v = env("OPENCLAW_GATEWAY_TOKEN");
	if (v && *v) {
		*token = creds_secret_dup(v, strlen(v));
		if (!*token)
			return oc_errf(err, "out of memory for the gateway token");
		*source = CREDS_ENV;
		return 0;
	}
	rc = creds_from_config(env, home, token, err);
	if (rc < 0)
		return -1;
	if (rc > 0)
		*source = CREDS_CONFIG;
	return 0;
}

const char *
creds_source_name(enum creds_source s)
{
	switch (s) {
	case CREDS_TOKEN_FILE:
		return "--token-file";
	case CREDS_ENV:
		return "OPENCLAW_GATEWAY_TOKEN";
	case CREDS_CONFIG:
		return "gateway.auth.token in the OpenClaw config";
	case CREDS_NONE:
		break;
	}
	return "none";
}

void
creds_free(char *token)
{
	if (token)
		sodium_free(token);	/* wipes before releasing */
}
