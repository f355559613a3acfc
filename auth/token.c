#include "auth/token.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "auth/err.h"
#include "auth/fileio.h"
#include "auth/paths.h"

#define TOKEN_FILE	"device-tokens.json"
#define TOKEN_FILE_MAX	(1024 * 1024)
#define TOKEN_PATH	4096

int
token_set_secret(struct device_token *t, const char *value)
{
	size_t n = strlen(value);
	char *p;

	if (sodium_init() < 0)
		return -1;
	p = sodium_malloc(n + 1);
	if (!p)
		return -1;
	memcpy(p, value, n + 1);
	if (t->token)
		sodium_free(t->token);
	t->token = p;
	return 0;
}

void
token_free(struct device_token *t)
{
	if (t->token)
		sodium_free(t->token);	/* wipes before releasing */
	t->token = NULL;
}

/* Wipe every "token" string in the store before it is freed (jansson owns private copies). */
static void
token_wipe_json(json_t *root)
{
	json_t *arr = json_object_get(root, "tokens"), *e, *v;
	size_t i;

	json_array_foreach(arr, i, e) {
		v = json_object_get(e, "token");
		if (json_is_string(v))
			sodium_memzero((char *)json_string_value(v), json_string_length(v));
	}
}

static void
token_release_json(json_t *root)
{
	if (!root)
		return;
	token_wipe_json(root);
	json_decref(root);
}

static int
token_path(char *out, size_t size, const char *state_dir, struct oc_err *err)
{
	if (paths_join(out, size, state_dir, TOKEN_FILE) != 0)
		return oc_errf(err, "state directory path too long: %s", state_dir);
	return 0;
}

/* Read the store of state_dir, whose path goes to path (TOKEN_PATH bytes).  1 with *root
 * (owned by the caller; release with token_release_json), 0 when the file is missing,
 * -1 on error. */
static int
token_read_store(const char *state_dir, char *path, json_t **root, struct oc_err *err)
{
	json_error_t jerr;
	char *text = NULL;
	size_t len = 0, i;
	json_t *r, *arr, *e;
	int rc;

	*root = NULL;
	if (token_path(path, TOKEN_PATH, state_dir, err) != 0)
		return -1;
	rc = fileio_read_private(path, TOKEN_FILE_MAX, &text, &len, err);
	if (rc <= 0)
		return rc;
	r = json_loadb(text, len, 0, &jerr);
	sodium_memzero(text, len);
	free(text);
	if (!r)
		return oc_errf(err, "%s:%d: %s; move the file aside to start a new token store",
			       path, jerr.line, jerr.text);
	arr = json_object_get(r, "tokens");
	if (!json_is_object(r) || !json_is_integer(json_object_get(r, "version")) ||
	    json_integer_value(json_object_get(r, "version")) != 1 || !json_is_array(arr)) {
		token_release_json(r);
		return oc_errf(err, "%s: not a version 1 device token store; move the file "
			       "aside to start a new one", path);
	}
	json_array_foreach(arr, i, e) {
		if (!json_is_object(e)) {
			token_release_json(r);
			return oc_errf(err, "%s: entry %zu is not an object; move the file aside "
				       "to start a new token store", path, i);
		}
	}
	*root = r;
	return 1;
}

static bool
token_entry_matches(json_t *e, const char *url, const char *device_id)
{
	json_t *u = json_object_get(e, "url"), *d = json_object_get(e, "deviceId");

	return json_is_string(u) && json_is_string(d) && strcmp(json_string_value(u), url) == 0 &&
	       strcmp(json_string_value(d), device_id) == 0;
}

/* Copy an optional string member into a fixed buffer; -1 if present but not a string
 * or too long. */
static int
token_copy_field(json_t *e, const char *key, char *out, size_t size)
{
	json_t *v = json_object_get(e, key);

	out[0] = '\0';
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || json_string_length(v) >= size)
		return -1;
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

static int
token_fill(struct device_token *t, json_t *e, const char *path, struct oc_err *err)
{
	json_t *tok = json_object_get(e, "token"), *scopes = json_object_get(e, "scopes"), *v;
	json_t *issued = json_object_get(e, "issuedAtMs");
	size_t i;

	if (!json_is_string(tok) || json_string_length(tok) == 0)
		return oc_errf(err, "%s: entry has no token; remove it or move the file aside",
			       path);
	if (token_copy_field(e, "role", t->role, sizeof(t->role)) != 0 ||
	    token_copy_field(e, "platform", t->platform, sizeof(t->platform)) != 0 ||
	    token_copy_field(e, "deviceFamily", t->device_family, sizeof(t->device_family)) != 0)
		return oc_errf(err, "%s: entry has a bad role, platform or deviceFamily; "
			       "move the file aside to start a new token store", path);
	if (scopes && !json_is_array(scopes))
		return oc_errf(err, "%s: entry scopes is not an array; move the file aside "
			       "to start a new token store", path);
	if (json_array_size(scopes) > TOKEN_MAX_SCOPES)
		return oc_errf(err, "%s: entry has more than %d scopes", path, TOKEN_MAX_SCOPES);
	json_array_foreach(scopes, i, v) {
		if (!json_is_string(v) || json_string_length(v) >= sizeof(t->scopes[0]))
			return oc_errf(err, "%s: entry has a bad scope; move the file aside "
				       "to start a new token store", path);
		memcpy(t->scopes[i], json_string_value(v), json_string_length(v) + 1);
	}
	t->n_scopes = json_array_size(scopes);
	t->issued_at_ms = json_is_integer(issued) ? (int64_t)json_integer_value(issued) : 0;
	if (token_set_secret(t, json_string_value(tok)) != 0)
		return oc_errf(err, "out of memory for the device token");
	return 0;
}

int
token_load(struct device_token *t, const char *state_dir, const char *url,
	   const char *device_id, struct oc_err *err)
{
	char path[TOKEN_PATH];
	json_t *root, *e;
	size_t i;
	int rc;

	memset(t, 0, sizeof(*t));
	rc = token_read_store(state_dir, path, &root, err);
	if (rc <= 0)
		return rc;
	rc = 0;
	json_array_foreach(json_object_get(root, "tokens"), i, e) {
		if (!token_entry_matches(e, url, device_id))
			continue;
		if (token_fill(t, e, path, err) != 0) {
			token_free(t);
			memset(t, 0, sizeof(*t));
			rc = -1;
		} else {
			rc = 1;
		}
		break;
	}
	token_release_json(root);
	return rc;
}

/* Drop every entry for (url, device_id); returns how many went. */
static size_t
token_remove_entries(json_t *arr, const char *url, const char *device_id)
{
	size_t i = 0, removed = 0;

	while (i < json_array_size(arr)) {
		json_t *e = json_array_get(arr, i);

		if (token_entry_matches(e, url, device_id)) {
			json_t *v = json_object_get(e, "token");

			if (json_is_string(v))
				sodium_memzero((char *)json_string_value(v), json_string_length(v));
			json_array_remove(arr, i);
			removed++;
		} else {
			i++;
		}
	}
	return removed;
}

static int
token_write_store(const char *path, const char *state_dir, json_t *root, struct oc_err *err)
{
	char *text;
	size_t len;
	int rc;

	if (fileio_mkdir_private(state_dir, err) != 0)
		return -1;
	text = json_dumps(root, JSON_INDENT(2));	/* malloc'd; holds secrets */
	if (!text)
		return oc_errf(err, "out of memory writing %s", path);
	len = strlen(text);
	rc = fileio_write_atomic(path, text, len, 0600, err);
	sodium_memzero(text, len);
	free(text);
	return rc;
}

/* Build the JSON entry for t (new reference, NULL on allocation failure). */
static json_t *
token_entry_new(const struct device_token *t, const char *url, const char *device_id)
{
	json_t *e = json_object(), *scopes = json_array();
	size_t i;
	int bad = !e || !scopes;

	for (i = 0; !bad && i < t->n_scopes && i < TOKEN_MAX_SCOPES; i++)
		bad |= json_array_append_new(scopes, json_string(t->scopes[i]));
	if (!bad) {
		bad |= json_object_set_new(e, "url", json_string(url));
		bad |= json_object_set_new(e, "deviceId", json_string(device_id));
		bad |= json_object_set_new(e, "token", json_string(t->token));
		bad |= json_object_set_new(e, "role", json_string(t->role));
		bad |= json_object_set(e, "scopes", scopes);
		bad |= json_object_set_new(e, "issuedAtMs", json_integer(t->issued_at_ms));
		bad |= json_object_set_new(e, "platform", json_string(t->platform));
		bad |= json_object_set_new(e, "deviceFamily", json_string(t->device_family));
	}
	json_decref(scopes);
	if (bad) {
		if (e) {
			json_t *v = json_object_get(e, "token");

			if (json_is_string(v))
				sodium_memzero((char *)json_string_value(v), json_string_length(v));
		}
		json_decref(e);
		return NULL;
	}
	return e;
}

int
token_save(const struct device_token *t, const char *state_dir, const char *url,
	   const char *device_id, struct oc_err *err)
{
	char path[TOKEN_PATH];
	json_t *root = NULL, *arr, *e;
	int rc;

	if (!t->token || !*t->token)
		return oc_errf(err, "no device token to save");
	rc = token_read_store(state_dir, path, &root, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		root = json_pack("{s:i, s:[]}", "version", 1, "tokens");
		if (!root)
			return oc_errf(err, "out of memory building %s", path);
	}
	arr = json_object_get(root, "tokens");
	token_remove_entries(arr, url, device_id);
	e = token_entry_new(t, url, device_id);
	if (!e || json_array_append_new(arr, e) != 0) {
		token_release_json(root);
		return oc_errf(err, "out of memory building %s", path);
	}
	rc = token_write_store(path, state_dir, root, err);
	token_release_json(root);
	return rc;
}

int
token_forget(const char *state_dir, const char *url, const char *device_id,
	     struct oc_err *err)
{
	char path[TOKEN_PATH];
	json_t *root;
	int rc;

	rc = token_read_store(state_dir, path, &root, err);
	if (rc <= 0)
		return rc;
	rc = 0;
	if (token_remove_entries(json_object_get(root, "tokens"), url, device_id) > 0)
		rc = token_write_store(path, state_dir, root, err);
	token_release_json(root);
	return rc;
}
