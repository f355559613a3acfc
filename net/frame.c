#include "net/frame.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "net/text.h"

/* A string with an embedded U+0000 is no id, code or name the gateway would send. */
static const char *
whole_str(const json_t *v)
{
	const char *s;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	return strlen(s) == json_string_length(v) ? s : NULL;
}

const char *
frame_str(const json_t *obj, const char *key)
{
	const char *s;

	if (!json_is_object(obj))
		return "";
	s = whole_str(json_object_get(obj, key));
	return s ? s : "";
}

size_t
frame_clean(const json_t *v, char *out, size_t size)
{
	if (!json_is_string(v)) {
		if (size)
			out[0] = '\0';
		return 0;
	}
	return text_sanitize_n(json_string_value(v), json_string_length(v), out, size);
}

char *
frame_clean_dup(const json_t *v)
{
	return json_is_string(v) ? text_sanitize_dup_n(json_string_value(v), json_string_length(v))
				 : NULL;
}

int64_t
frame_int(const json_t *obj, const char *key, int64_t def)
{
	const json_t *v;

	if (!json_is_object(obj))
		return def;
	v = json_object_get(obj, key);
	if (json_is_integer(v))
		return (int64_t)json_integer_value(v);
	if (json_is_real(v)) {
		double d = json_real_value(v);

		/* converting a double outside int64 range is undefined (found by fuzzing) */
		if (!(d > -9.2e18 && d < 9.2e18))
			return def;
		return (int64_t)d;
	}
	return def;
}

static int
parse_error_object(struct frame *f, json_t *error, struct oc_err *err)
{
	json_t *details;

	if (!json_is_object(error))
		return oc_errf(err, "res frame with ok:false has no error object");
	f->err_code = frame_str(error, "code");
	f->err_message = frame_str(error, "message");
	details = json_object_get(error, "details");
	if (json_is_object(details)) {
		f->err_details = details;
		f->err_details_code = frame_str(details, "code");
	}
	return 0;
}

int
frame_parse(const char *text, size_t len, struct frame *f, struct oc_err *err)
{
	json_error_t jerr;
	json_t *root, *type, *id;
	const char *t;

	memset(f, 0, sizeof(*f));
	f->err_code = f->err_message = f->err_details_code = "";
	if (len > FRAME_MAX_BYTES)
		return oc_errf(err, "frame of %zu bytes exceeds the %u byte limit", len, FRAME_MAX_BYTES);
	{
		char *fixed = text_json_fix_surrogates(text, len);

		/* JSON_ALLOW_NUL: any client can put "\u0000" in its display name, and the
		 * gateway echoes it in every list; refusing the frame would blind us */
		root = json_loadb(fixed ? fixed : text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
				  &jerr);
		if (fixed)
			sodium_memzero(fixed, len);	/* a copy of the frame: it may hold a token */
		free(fixed);
	}
	if (!root) {
		char why[sizeof jerr.text];

		/* jansson quotes the offending input in its message: defang it */
		text_sanitize(jerr.text, why, sizeof why);
		return oc_errf(err, "frame is not JSON: %s at offset %d", why, jerr.position);
	}
	f->root = root;
	if (!json_is_object(root)) {
		frame_free(f);
		return oc_errf(err, "frame is not a JSON object");
	}
	type = json_object_get(root, "type");
	t = whole_str(type) ? whole_str(type) : "";
	id = json_object_get(root, "id");
	f->id = whole_str(id);

	if (strcmp(t, "event") == 0) {
		json_t *seq = json_object_get(root, "seq");

		f->type = FRAME_EVENT;
		f->event = frame_str(root, "event");
		if (!*f->event) {
			frame_free(f);
			return oc_errf(err, "event frame without an event name");
		}
		f->payload = json_object_get(root, "payload");
		if (json_is_integer(seq)) {
			f->has_seq = true;
			f->seq = (int64_t)json_integer_value(seq);
		}
		return 0;
	}
	if (strcmp(t, "res") == 0) {
		json_t *ok = json_object_get(root, "ok");

		f->type = FRAME_RES;
		if (!f->id || !json_is_boolean(ok)) {
			frame_free(f);
			return oc_errf(err, "res frame without a string id or a boolean ok");
		}
		f->ok = json_is_true(ok);
		if (f->ok) {
			f->payload = json_object_get(root, "payload");
		} else if (parse_error_object(f, json_object_get(root, "error"), err) < 0) {
			frame_free(f);
			return -1;
		}
		return 0;
	}
	if (strcmp(t, "req") == 0) {
		f->type = FRAME_REQ;
		f->method = frame_str(root, "method");
		f->payload = json_object_get(root, "params");
		if (!f->id || !*f->method) {
			frame_free(f);
			return oc_errf(err, "req frame without a string id or method");
		}
		return 0;
	}
	{
		char shown[40];

		/* t points into root: copy (sanitised) before freeing it */
		text_sanitize(t, shown, sizeof shown);
		frame_free(f);
		return oc_errf(err, "frame has unknown type \"%s\"", shown);
	}
}

/*
 * Reading the envelope of a frame jansson refused: a tiny scanner over the top-level
 * object that skips every value it does not need, so the answer a NUL key or a depth
 * limit spoiled can still be matched to its request.
 */

static size_t
peek_ws(const char *t, size_t len, size_t i)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* Skip the string starting at t[i] == '"'; index past it, or 0 when unterminated.
 * *plain is set when it holds no escape (its bytes are then t[i+1 .. end-2]). */
static size_t
peek_string(const char *t, size_t len, size_t i, bool *plain)
{
	*plain = true;
	for (i++; i < len; i++) {
		if (t[i] == '\\') {
			*plain = false;
			i++;
		} else if (t[i] == '"') {
			return i + 1;
		}
	}
	return 0;
}

/* Skip any value at t[i] (nesting counted, strings honoured); index past it. */
static size_t
peek_value(const char *t, size_t len, size_t i)
{
	size_t depth = 0;
	bool plain;

	while (i < len) {
		char c = t[i];

		if (c == '"') {
			i = peek_string(t, len, i, &plain);
			if (i == 0)
				return len;
			if (depth == 0)
				return i;
		} else if (c == '{' || c == '[') {
			depth++;
			i++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return i;
			i++;
			if (--depth == 0)
				return i;
		} else if (depth == 0 && c == ',') {
			return i;
		} else {
			i++;
		}
	}
	return len;
}

/* Copy the plain string t[from..to) into out when it is a short run of safe id bytes. */
static void
peek_copy(const char *t, size_t from, size_t to, char *out, size_t size)
{
	size_t n = to - from;

	if (n == 0 || n >= size)
		return;
	for (size_t k = from; k < to; k++)
		if (!((t[k] >= '0' && t[k] <= '9') || (t[k] >= 'a' && t[k] <= 'z') ||
		      (t[k] >= 'A' && t[k] <= 'Z') || t[k] == '-' || t[k] == '_' || t[k] == '.' ||
		      t[k] == ':'))
			return;
	memcpy(out, t + from, n);
	out[n] = '\0';
}

int
frame_peek(const char *text, size_t len, char *type, size_t type_size, char *id, size_t id_size)
{
	size_t i = peek_ws(text, len, 0);

	if (type_size)
		type[0] = '\0';
	if (id_size)
		id[0] = '\0';
	if (i >= len || text[i] != '{')
		return 0;
	i++;
	for (;;) {
		size_t ks, ke, vs, ve;
		bool kplain, vplain;

		i = peek_ws(text, len, i);
		if (i >= len || text[i] != '"')
			break;
		ks = i;
		ke = peek_string(text, len, i, &kplain);
		if (ke == 0)
			break;
		i = peek_ws(text, len, ke);
		if (i >= len || text[i] != ':')
			break;
		vs = peek_ws(text, len, i + 1);
		if (vs < len && text[vs] == '"') {
			ve = peek_string(text, len, vs, &vplain);
			if (ve == 0)
				break;
			if (kplain && vplain && ke - ks == 6 && memcmp(text + ks, "\"type\"", 6) == 0)
				peek_copy(text, vs + 1, ve - 1, type, type_size);
			if (kplain && vplain && ke - ks == 4 && memcmp(text + ks, "\"id\"", 4) == 0)
				peek_copy(text, vs + 1, ve - 1, id, id_size);
			i = ve;
		} else {
			i = peek_value(text, len, vs);
		}
		i = peek_ws(text, len, i);
		if (i >= len || text[i] != ',')
			break;
		i++;
	}
	return id_size && id[0] ? 1 : 0;
}

void
frame_free(struct frame *f)
{
	if (f->root)
		json_decref(f->root);
	f->root = NULL;
	f->payload = NULL;
	f->err_details = NULL;
}

char *
frame_build_req(const char *id, const char *method, json_t *params)
{
	json_t *req;
	char *out;

	req = json_pack("{s:s, s:s, s:s}", "type", "req", "id", id, "method", method);
	if (!req) {
		json_decref(params);
		return NULL;
	}
	if (params && json_object_set_new(req, "params", params) < 0) {
		json_decref(req);
		return NULL;
	}
	out = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	return out;
}

void
frame_describe_failure(const struct frame *res, const char *failure, char *out, size_t size)
{
	char msg[300], code[64], det[64];

	if (!res) {
		text_sanitize(failure ? failure : "no response", out, size);
		return;
	}
	text_sanitize(res->err_message, msg, sizeof(msg));
	text_sanitize(res->err_code, code, sizeof(code));
	text_sanitize(res->err_details_code, det, sizeof(det));
	snprintf(out, size, "%s (%s%s%s)", msg, code, det[0] ? "/" : "", det);
}

bool
frame_missing_scope(const struct frame *res, char *scope, size_t size)
{
	const char *m, *which = "";
	size_t n;

	if (!res || res->type != FRAME_RES || res->ok)
		return false;
	m = res->err_message ? res->err_message : "";
	if (strcmp(res->err_details_code, "MISSING_SCOPE") == 0)
		which = frame_str(res->err_details, "missingScope");
	else if (strncmp(m, "missing scope: ", 15) == 0)
		which = m + 15;
	else
		return false;
	if (scope && size) {
		char raw[64];

		n = strcspn(which ? which : "", " ,;()");
		snprintf(raw, sizeof(raw), "%.*s", (int)n, which ? which : "");
		text_sanitize(raw, scope, size);
	}
	return true;
}
