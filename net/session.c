#include "net/session.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "auth/identity.h"
#include "auth/scopes.h"
#include "auth/sign.h"
#include "net/frame.h"
#include "net/rows.h"
#include "net/text.h"

static json_t *
build_client(const struct session_client *c)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "id", c->client_id, "mode", c->client_mode,
			      "version", c->version, "platform", c->platform);

	if (!o)
		return NULL;
	if (c->device_family && *c->device_family)
		json_object_set_new(o, "deviceFamily", json_string(c->device_family));
	if (c->display_name && *c->display_name)
		json_object_set_new(o, "displayName", json_string(c->display_name));
	if (c->instance_id && *c->instance_id)
		json_object_set_new(o, "instanceId", json_string(c->instance_id));
	return o;
}

static json_t *
build_device(const struct session_client *c, const struct identity *id, const char *slot_token,
	     const char *nonce, int64_t signed_at_ms, struct oc_err *err)
{
	struct sign_input in = {
		.device_id = id->device_id, .client_id = c->client_id, .client_mode = c->client_mode,
		.role = c->role, .scopes = c->scopes, .n_scopes = c->n_scopes,
		.signed_at_ms = signed_at_ms, .token = slot_token, .nonce = nonce,
		.platform = c->platform, .device_family = c->device_family,
	};
	char sig[128];
	char *payload = sign_payload_v3(&in);
	json_t *dev;
	int rc;

	if (!payload) {
		oc_errf(err, "out of memory building the signature payload");
		return NULL;
	}
	rc = identity_sign_b64(id, payload, strlen(payload), sig, sizeof(sig));
	sodium_memzero(payload, strlen(payload));
	free(payload);
	if (rc < 0) {
		oc_errf(err, "could not sign the connect challenge");
		return NULL;
	}
	dev = json_pack("{s:s, s:s, s:s, s:I, s:s}", "id", id->device_id, "publicKey", id->pk_b64,
			"signature", sig, "signedAt", (json_int_t)signed_at_ms, "nonce", nonce);
	if (!dev)
		oc_errf(err, "out of memory building the device block");
	return dev;
}

char *
session_build_connect(const struct session_client *c, const struct identity *id,
		      enum session_auth auth, const char *secret, const char *req_id,
		      const char *nonce, int64_t signed_at_ms, struct oc_err *err)
{
	json_t *params, *scopes, *client, *authobj;
	char *out;

	params = json_pack("{s:i, s:i, s:s}", "minProtocol", SESSION_MIN_PROTOCOL, "maxProtocol",
			   SESSION_MAX_PROTOCOL, "role",
			   c->role ? c->role : "operator");
	scopes = json_array();
	client = build_client(c);
	authobj = json_object();
	if (!params || !scopes || !client || !authobj)
		goto oom;
	for (size_t i = 0; i < c->n_scopes; i++)
		json_array_append_new(scopes, json_string(c->scopes[i]));
	json_object_set_new(params, "client", client);
	client = NULL;
	json_object_set_new(params, "scopes", scopes);
	scopes = NULL;
	json_object_set_new(params, "caps", json_array());
	if (auth == SESSION_AUTH_SHARED_TOKEN && secret)
		json_object_set_new(authobj, "token", json_string(secret));
	else if (auth == SESSION_AUTH_DEVICE_TOKEN && secret)
		json_object_set_new(authobj, "deviceToken", json_string(secret));
	json_object_set_new(params, "auth", authobj);
	authobj = NULL;
	json_object_set_new(params, "userAgent", json_string("openclaw-console/" OC_VERSION));
	if (id) {
		json_t *dev = build_device(c, id, auth == SESSION_AUTH_NONE ? NULL : secret, nonce,
					   signed_at_ms, err);
		if (!dev) {
			json_decref(params);
			return NULL;
		}
		json_object_set_new(params, "device", dev);
	}
	out = frame_build_req(req_id, "connect", params);
	if (!out)
		oc_errf(err, "out of memory building the connect frame");
	return out;
oom:
	json_decref(params);
	json_decref(scopes);
	json_decref(client);
	json_decref(authobj);
	oc_errf(err, "out of memory building the connect frame");
	return NULL;
}

static void
copy_clean(char *dst, size_t size, const char *src)
{
	text_sanitize(src ? src : "", dst, size);
}

static size_t
copy_scopes(char dst[][48], const json_t *arr)
{
	size_t i, n = 0;
	json_t *v;

	if (!json_is_array(arr))
		return 0;
	json_array_foreach(arr, i, v) {
		if (n >= SESSION_MAX_SCOPES)
			break;
		if (json_is_string(v))
			frame_clean(v, dst[n++], 48);
	}
	return n;
}

static void
parse_hello(const json_t *p, struct session_result *r)
{
	const json_t *server = json_object_get(p, "server");
	const json_t *auth = json_object_get(p, "auth");
	const json_t *policy = json_object_get(p, "policy");
	const char *tok;

	r->outcome = SESSION_OK;
	r->protocol = (int)frame_int(p, "protocol", 0);
	copy_clean(r->server_version, sizeof(r->server_version), frame_str(server, "version"));
	copy_clean(r->conn_id, sizeof(r->conn_id), frame_str(server, "connId"));
	copy_clean(r->role, sizeof(r->role), frame_str(auth, "role"));
	copy_clean(r->auth_method, sizeof(r->auth_method), frame_str(auth, "method"));
	r->n_scopes = copy_scopes(r->scopes, json_object_get(auth, "scopes"));
	r->grant_known = json_is_array(json_object_get(auth, "scopes"));
	r->tick_interval_ms = frame_int(policy, "tickIntervalMs", 30000);
	r->issued_at_ms = frame_int(auth, "issuedAtMs", 0);
	tok = frame_str(auth, "deviceToken");
	if (*tok) {
		size_t len = strlen(tok);

		r->device_token = sodium_malloc(len + 1);
		if (r->device_token)
			memcpy(r->device_token, tok, len + 1);
	}
}

static enum session_outcome
classify_failure(const struct session_result *r)
{
	if (strcmp(r->details_code, "PAIRING_REQUIRED") == 0 || strcmp(r->code, "NOT_PAIRED") == 0) {
		/* DEVICE_IDENTITY_REQUIRED also comes as NOT_PAIRED but no pairing can fix it. */
		if (strcmp(r->details_code, "DEVICE_IDENTITY_REQUIRED") == 0)
			return SESSION_AUTH;
		return SESSION_PAIRING;
	}
	if (strcmp(r->code, "UNAVAILABLE") == 0)
		return SESSION_UNAVAILABLE;
	if (strncmp(r->details_code, "AUTH_", 5) == 0 || strncmp(r->details_code, "DEVICE_", 7) == 0 ||
	    strncmp(r->details_code, "CONTROL_UI_", 11) == 0 || strcmp(r->code, "FORBIDDEN") == 0)
		return SESSION_AUTH;
	return SESSION_FATAL;
}

int
session_parse_response(const struct frame *res, struct session_result *r)
{
	const json_t *d;

	memset(r, 0, sizeof(*r));
	if (res->type != FRAME_RES) {
		r->outcome = SESSION_FATAL;
		snprintf(r->message, sizeof(r->message), "expected a res frame for connect");
		return -1;
	}
	if (res->ok) {
		if (strcmp(frame_str(res->payload, "type"), "hello-ok") != 0) {
			r->outcome = SESSION_FATAL;
			snprintf(r->message, sizeof(r->message), "connect succeeded without hello-ok");
			return -1;
		}
		parse_hello(res->payload, r);
		return 0;
	}
	copy_clean(r->code, sizeof(r->code), res->err_code);
	copy_clean(r->message, sizeof(r->message), res->err_message);
	copy_clean(r->details_code, sizeof(r->details_code), res->err_details_code);
	d = res->err_details;
	copy_clean(r->reason, sizeof(r->reason), *frame_str(d, "reason") ? frame_str(d, "reason")
								      : frame_str(d, "authReason"));
	copy_clean(r->request_id, sizeof(r->request_id), frame_str(d, "requestId"));
	copy_clean(r->next_step, sizeof(r->next_step), frame_str(d, "recommendedNextStep"));
	copy_clean(r->remediation, sizeof(r->remediation), frame_str(d, "remediationHint"));
	copy_clean(r->requested_role, sizeof(r->requested_role), frame_str(d, "requestedRole"));
	r->n_requested_scopes = copy_scopes(r->requested_scopes, json_object_get(d, "requestedScopes"));
	r->retryable = json_is_true(json_object_get(d, "retryable"));
	r->pause_reconnect = json_is_true(json_object_get(d, "pauseReconnect"));
	r->can_retry_with_device_token = json_is_true(json_object_get(d, "canRetryWithDeviceToken"));
	r->expected_protocol = (int)frame_int(d, "expectedProtocol", 0);
	r->retry_after_ms = frame_int(res->root ? json_object_get(res->root, "error") : NULL,
				      "retryAfterMs", 0);
	r->outcome = classify_failure(r);
	return 0;
}

void
session_result_clear(struct session_result *r)
{
	if (r->device_token) {
		sodium_memzero(r->device_token, strlen(r->device_token));
		sodium_free(r->device_token);
	}
	r->device_token = NULL;
}

enum session_step
session_next_step(const struct session_result *r, enum session_auth used, bool have_shared_token)
{
	switch (r->outcome) {
	case SESSION_OK:
		return STEP_STOP;
	case SESSION_PAIRING:
		return r->pause_reconnect ? STEP_STOP : STEP_WAIT_PAIRING;
	case SESSION_UNAVAILABLE:
		return STEP_BACKOFF;
	case SESSION_AUTH:
		/* A revoked/rotated device token, or one that does not cover what we ask for:
		 * fall back to the shared token, which raises a fresh (or upgrade) request. */
		if (used == SESSION_AUTH_DEVICE_TOKEN && have_shared_token &&
		    (strcmp(r->details_code, "AUTH_DEVICE_TOKEN_MISMATCH") == 0 ||
		     strcmp(r->details_code, "AUTH_SCOPE_MISMATCH") == 0 ||
		     strcmp(r->details_code, "AUTH_TOKEN_MISMATCH") == 0))
			return STEP_RETRY_SHARED;
		return STEP_STOP;
	case SESSION_FATAL:
		break;
	}
	return STEP_STOP;
}

const char *
session_fallback_client_id(const char *sent, const struct session_result *r)
{
	/* 2026.3.x says "at /client/id: must be equal to constant", 2026.6.x "must be equal to
	 * one of the allowed values": either way the id is not in that release's list. */
	if (r->outcome != SESSION_FATAL || strcmp(r->code, "INVALID_REQUEST") != 0 ||
	    !strstr(r->message, "at /client/id:") || !sent || strcmp(sent, "openclaw-tui") != 0)
		return NULL;
	return "cli";
}

int
session_exit_code(const struct session_result *r)
{
	switch (r->outcome) {
	case SESSION_OK:
		return 0;
	case SESSION_PAIRING:
		return 3;
	case SESSION_AUTH:
		return 4;
	case SESSION_UNAVAILABLE:
	case SESSION_FATAL:
		break;
	}
	return 1;
}

void
session_describe(const struct session_result *r, char *out, size_t size)
{
	if (r->outcome == SESSION_OK) {
		snprintf(out, size, "connected");
		return;
	}
	if (r->expected_protocol)
		snprintf(out, size, "%s (%s%s%s): the gateway speaks protocol %d, this console %d..%d",
			 r->message, r->code, *r->details_code ? "/" : "", r->details_code,
			 r->expected_protocol, SESSION_MIN_PROTOCOL, SESSION_MAX_PROTOCOL);
	else if (*r->details_code)
		snprintf(out, size, "%s (%s/%s)", r->message, r->code, r->details_code);
	else if (*r->code)
		snprintf(out, size, "%s (%s)", r->message, r->code);
	else
		snprintf(out, size, "%s", r->message);
}

void
session_describe_http_refusal(unsigned status, char *out, size_t size)
{
	const char *why;

	switch (status) {
	case 503:	/* the preauth budget, or a gateway that is starting, draining or suspended */
		why = "more than 32 unauthenticated sockets from this address, or the gateway is "
		      "starting or draining";
		break;
	case 429:
		why = "rate limit for this address";
		break;
	case 401:
	case 403:
		why = "a proxy or HTTP auth in front of the gateway refused it";
		break;
	case 404:
		why = "no gateway WebSocket at this URL path";
		break;
	case 400:
		why = "not a WebSocket endpoint, or a proxy mangled the upgrade";
		break;
	case 502:
	case 504:
		why = "a proxy in front of the gateway cannot reach it";
		break;
	default:
		why = "not a WebSocket upgrade";
		break;
	}
	snprintf(out, size, "HTTP %u instead of a WebSocket upgrade: %s", status, why);
}

bool
session_granted(const struct session_result *r, const char *scope)
{
	const char *list[SESSION_MAX_SCOPES];
	size_t n = r->n_scopes < SESSION_MAX_SCOPES ? r->n_scopes : SESSION_MAX_SCOPES;

	/* an old release that did not say what it granted: let the gateway decide */
	if (!r->grant_known && r->outcome == SESSION_OK)
		return true;
	for (size_t i = 0; i < n; i++)
		list[i] = r->scopes[i];
	return scopes_list_satisfies(list, n, scope);
}

const char *
session_scopes_join(const char (*scopes)[48], size_t n, char *buf, size_t size)
{
	char *list[SESSION_MAX_SCOPES];

	if (n > SESSION_MAX_SCOPES)
		n = SESSION_MAX_SCOPES;
	for (size_t i = 0; i < n; i++)
		list[i] = (char *)scopes[i];
	return rows_join(list, n, ",", buf, size);
}
