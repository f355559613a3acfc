#include "net/frame.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "net/text.h"

const char *
frame_str(const json_t *obj, const char *key)
{
	const json_t *v;

	if (!json_is_object(obj))
		return "";
	v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : "";
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

		root = json_loadb(fixed ? fixed : text, len, JSON_REJECT_DUPLICATES, &jerr);
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
	t = json_is_string(type) ? json_string_value(type) : "";
	id = json_object_get(root, "id");
	if (json_is_string(id))
		f->id = json_string_value(id);

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
