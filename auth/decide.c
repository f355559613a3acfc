/* The explain engine's rule table.  Read it top to bottom: that is the order in which
 * the gateway checks a connect request (message-handler, connect-policy and
 * node-connect-reconcile modules; protocol brief 4.1).  The first rule whose release
 * condition holds (needs/lacks: capabilities of auth/release.c) and whose predicate
 * matches decides.  Facts derived once from the input live in struct decide_ctx; where a
 * fact differs between releases it asks the release table, never a version number. */
#include "auth/decide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/addr.h"
#include "auth/boolword.h"
#include "auth/err.h"
#include "auth/release.h"
#include "auth/scopes.h"

/*
 * Derived facts
 */

struct decide_ctx {
	const struct decide_input *in;
	const struct release *rel;	/* the release predicted for */
	struct client_facts f;
	bool id_known, mode_known;
	bool operator, node, role_ok, worker;
	bool cli;			/* isGatewayCliClient: mode cli (hint texts only) */
	bool webchat;
	bool local;			/* isLocalClient: direct loopback socket */
	bool has_origin;
	bool origin_parses;
	bool origin_ok;
	bool protocol_ok;
	bool shared_offered;		/* auth.token or auth.password sent */
	bool shared_ok;			/* …and correct, or gateway auth mode none */
	bool auth_mode_none;
	bool has_device;
	bool backend_self;		/* shouldSkipLocalBackendSelfPairing */
	bool keep_cli;			/* shouldPreserveLocalCliSharedAuthScopes */
	bool silent_ok;			/* shouldAllowSilentLocalPairing (first-time pairing) */
	bool cidr_ok;			/* autoApproveCidrs matches a first-time node */
	bool wrong_field;		/* the secret came in the field the auth mode does not read
					 * (auth.password on a token gateway): to that release it is missing */
	bool scope_upgrade;		/* a paired device asks for more than it was approved for */
};

static bool
has(const struct decide_ctx *c, enum release_cap cap)
{
	return release_has(c->rel, cap);
}

static bool
eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static bool
in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (eq(s, *list))
			return true;
	return false;
}

/* The closed enums: every release since 2026.3 has these ... */
static const char *const client_ids[] = {
	"webchat-ui", "openclaw-control-ui", "webchat", "cli", "gateway-client", "openclaw-macos",
	"openclaw-ios", "openclaw-android", "node-host", "test", "fingerprint", "openclaw-probe", NULL,
};
static const char *const client_modes[] = {
	"webchat", "cli", "ui", "backend", "node", "probe", "test", NULL,
};
/* ... and these only where the release has RELEASE_NEW_CLIENT_IDS. */
static const char *const new_client_ids[] = {
	"openclaw-browser-copilot", "openclaw-linux", "openclaw-watchos", "openclaw-worker", NULL,
};

/* "scheme://host[:port][/]" with no user info: the gateway's parseOrigin, simplified. */
static bool
origin_valid(const char *o)
{
	const char *p = strstr(o, "://");
	size_t i;

	if (!p || p == o || eq(o, "null"))
		return false;
	for (const char *c = o; c < p; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '+' || *c == '.' || *c == '-'))
			return false;
	p += 3;
	if (!*p || *p == '/')
		return false;
	for (i = 0; p[i]; i++)
		if (p[i] == '?' || p[i] == '#' || p[i] == '\\' || p[i] == '@' ||
		    (p[i] == '/' && p[i + 1] != '\0'))
			return false;
	return true;
}

static bool
origin_allowed(const struct decide_ctx *c)
{
	const struct decide_settings *s = &c->in->settings;
	char want[128];
	size_t n;

	snprintf(want, sizeof(want), "%s", c->in->origin_value);
	n = strlen(want);
	if (n && want[n - 1] == '/')
		want[n - 1] = '\0';
	for (size_t i = 0; i < s->n_allowed_origins; i++)
		if (eq(s->allowed_origins[i], "*") || strcasecmp(s->allowed_origins[i], want) == 0)
			return true;
	/* checkBrowserOrigin: a loopback origin passes only on a direct local socket */
	return c->in->origin == DECIDE_ORIGIN_LOOPBACK && c->local;
}

static void
ctx_init(struct decide_ctx *c, const struct decide_input *in)
{
	const struct decide_settings *s = &in->settings;
	const char *role = in->role[0] ? in->role : "operator";
	const struct release *rel = release_find(in->gateway_version, NULL);
	int proto = (rel ? rel : release_newest())->protocol;
	int mn = in->min_protocol ? in->min_protocol : proto;
	int mx = in->max_protocol ? in->max_protocol : proto;
	bool token_mode = eq(s->auth_mode, "token"), password_mode_ = eq(s->auth_mode, "password");
	const char *addr = in->remote_addr[0] ? in->remote_addr : "127.0.0.1";

	memset(c, 0, sizeof(*c));
	c->in = in;
	c->rel = rel ? rel : release_newest();
	c->f = classify_facts(in->client_id, in->mode);
	c->id_known = in_list(in->client_id, client_ids) ||
		      (has(c, RELEASE_NEW_CLIENT_IDS) && in_list(in->client_id, new_client_ids)) ||
		      (has(c, RELEASE_TUI_CLIENT_ID) && eq(in->client_id, "openclaw-tui"));
	c->mode_known = in_list(in->mode, client_modes) ||
			(has(c, RELEASE_NEW_CLIENT_IDS) && eq(in->mode, "worker"));
	c->operator = eq(role, "operator");
	c->node = eq(role, "node");
	c->role_ok = c->operator || c->node;
	c->worker = eq(in->client_id, "openclaw-worker") || eq(in->mode, "worker") || eq(role, "worker");
	c->cli = eq(in->mode, "cli");
	c->webchat = eq(in->mode, "webchat") || eq(in->client_id, "webchat-ui");
	c->local = in->locality == DECIDE_LOC_LOOPBACK;
	c->has_origin = in->origin != DECIDE_ORIGIN_ABSENT;
	c->origin_parses = c->has_origin && origin_valid(in->origin_value);
	c->origin_ok = c->origin_parses && origin_allowed(c);
	c->protocol_ok = mn <= proto && proto <= mx;
	c->auth_mode_none = eq(s->auth_mode, "none");
	c->shared_offered = in->auth == DECIDE_AUTH_TOKEN || in->auth == DECIDE_AUTH_PASSWORD;
	c->wrong_field = !has(c, RELEASE_PASSWORD_AS_TOKEN) &&
			 ((token_mode && in->auth == DECIDE_AUTH_PASSWORD) ||
			  (password_mode_ && in->auth == DECIDE_AUTH_TOKEN));
	c->shared_ok = c->auth_mode_none || (c->shared_offered && in->secret_ok && !c->wrong_field);
	c->has_device = in->device != DECIDE_DEVICE_NONE;
	c->backend_self = has(c, RELEASE_KEEP_BACKEND) &&
			  eq(in->client_id, "gateway-client") && eq(in->mode, "backend") && c->local &&
			  !c->has_origin &&
			  (c->auth_mode_none || c->shared_ok ||
			   (in->auth == DECIDE_AUTH_DEVICE_TOKEN && in->secret_ok &&
			    in->device == DECIDE_DEVICE_PAIRED));
	c->keep_cli = has(c, RELEASE_KEEP_CLI) && c->f.local_cli && c->local && !c->has_origin &&
		      c->shared_ok && !c->auth_mode_none;
	/* before autoApproveLocal existed (2026.8.2) local pairing was always silent */
	c->silent_ok = c->local && !(c->has_origin && !c->f.control_ui && !c->webchat) &&
		       (s->auto_approve_local || !has(c, RELEASE_AUTO_APPROVE_LOCAL));
	if (in->device == DECIDE_DEVICE_PAIRED && in->approved_known)
		for (size_t i = 0; i < in->n_scopes; i++) {
			const char *have[DECIDE_MAX_SCOPES];

			for (size_t j = 0; j < in->n_approved_scopes; j++)
				have[j] = in->approved_scopes[j];
			if (!scopes_list_satisfies(have, in->n_approved_scopes, in->scopes[i]))
				c->scope_upgrade = true;
		}
	/* The gateway matches autoApproveCidrs against the client address it reports, and it
	 * reports none for a loopback peer (reportedClientIp), so loopback never matches. */
	if (c->node && in->n_scopes == 0 && has(c, RELEASE_AUTO_APPROVE_CIDRS) && !c->local &&
	    !addr_is_loopback_ip(addr))
		for (size_t i = 0; i < s->n_auto_approve_cidrs; i++)
			if (addr_in_cidr(addr, s->auto_approve_cidrs[i]))
				c->cidr_ok = true;
}

/*
 * Messages that depend on the client class (formatGatewayAuthFailureMessage)
 */

static const char *
token_hint(const struct decide_ctx *c)
{
	if (c->cli)
		return c->local ? "use this gateway's gateway.auth.token or pair the device"
				: "set gateway.remote.token to match gateway.auth.token";
	if (c->f.control_ui || c->webchat)
		return "open the dashboard URL and paste the token in Control UI settings";
	return "provide gateway auth token";
}

static const char *
password_hint(const struct decide_ctx *c)
{
	if (c->cli)
		return c->local ? "use this gateway's gateway.auth.password"
				: "set gateway.remote.password to match gateway.auth.password";
	if (c->f.control_ui || c->webchat)
		return "enter the password in Control UI settings";
	return "provide gateway auth password";
}

static bool
password_mode(const struct decide_ctx *c)
{
	return eq(c->in->settings.auth_mode, "password");
}

static void
msg_secret_mismatch(const struct decide_ctx *c, char *buf, size_t n)
{
	if (password_mode(c))
		snprintf(buf, n, "unauthorized: gateway password mismatch (%s)", password_hint(c));
	else
		snprintf(buf, n, "unauthorized: gateway token mismatch (%s)", token_hint(c));
}

static void
msg_secret_missing(const struct decide_ctx *c, char *buf, size_t n)
{
	if (password_mode(c))
		snprintf(buf, n, "unauthorized: gateway password missing (%s)", password_hint(c));
	else
		snprintf(buf, n, "unauthorized: gateway token missing (%s)",
			 c->f.control_ui || c->webchat
				 ? "paste in Control UI settings or openclaw doctor --generate-gateway-token; restart"
				 : token_hint(c));
}

/* A shared secret in the field this release does not read counts as missing. */
static void
msg_secret_wrong(const struct decide_ctx *c, char *buf, size_t n)
{
	if (c->wrong_field)
		msg_secret_missing(c, buf, n);
	else
		msg_secret_mismatch(c, buf, n);
}

static const char *
details_secret_wrong(const struct decide_ctx *c)
{
	if (c->wrong_field)
		return password_mode(c) ? "AUTH_PASSWORD_MISSING" : "AUTH_TOKEN_MISSING";
	return password_mode(c) ? "AUTH_PASSWORD_MISMATCH" : "AUTH_TOKEN_MISMATCH";
}

static const char *
details_secret_missing(const struct decide_ctx *c)
{
	return password_mode(c) ? "AUTH_PASSWORD_MISSING" : "AUTH_TOKEN_MISSING";
}

static void
msg_schema_id(const struct decide_ctx *c, char *buf, size_t n)
{
	snprintf(buf, n, "%s", has(c, RELEASE_SCHEMA_ENUM_MSG)
		 ? "invalid connect params: at /client/id: must be equal to one of the allowed values"
		 : "invalid connect params: at /client/id: must be equal to constant; at /client/id: must match a schema in anyOf");
}

static void
msg_pairing(const struct decide_ctx *c, char *buf, size_t n)
{
	if (!has(c, RELEASE_PAIRING_DETAILS))
		snprintf(buf, n, "pairing required");
	else if (c->scope_upgrade)
		snprintf(buf, n, "pairing required: device is asking for more scopes than currently approved");
	else
		snprintf(buf, n, "pairing required: device is not approved yet");
}

/*
 * Predicates, in the order the table uses them
 */

static bool p_bad_client_id(const struct decide_ctx *c) { return !c->id_known; }
static bool p_bad_mode(const struct decide_ctx *c) { return !c->mode_known; }
static bool p_worker(const struct decide_ctx *c) { return c->worker; }
static bool p_protocol(const struct decide_ctx *c) { return !c->protocol_ok; }
static bool p_bad_role(const struct decide_ctx *c) { return !c->role_ok; }

static bool
p_origin_missing(const struct decide_ctx *c)
{
	return (c->f.browser || c->has_origin) && !c->origin_parses;
}

static bool
p_origin_refused(const struct decide_ctx *c)
{
	return (c->f.browser || c->has_origin) && !c->origin_ok;
}

static bool
p_nodev_backend(const struct decide_ctx *c)
{
	return !c->has_device && c->backend_self && c->operator;
}

static bool
p_nodev_control_ui(const struct decide_ctx *c)
{
	/* a release that honours allowInsecureAuth lets a local control UI past this check
	 * (to nodev-insecure-ui, or to the credential rules when the secret is wrong) */
	return !c->has_device && c->f.control_ui &&
	       !(has(c, RELEASE_INSECURE_AUTH) && c->in->settings.allow_insecure_auth && c->local);
}

static bool
p_nodev_cli_keep(const struct decide_ctx *c)
{
	return !c->has_device && c->operator && c->keep_cli;
}

static bool
p_nodev_authnone_keep(const struct decide_ctx *c)
{
	return !c->has_device && c->operator && c->auth_mode_none;
}

static bool
p_nodev_cleared(const struct decide_ctx *c)
{
	return !c->has_device && c->operator && c->shared_ok;
}

static bool
p_nodev_secret_wrong(const struct decide_ctx *c)
{
	return !c->has_device && c->shared_offered && !c->shared_ok;
}

static bool p_nodev(const struct decide_ctx *c) { return !c->has_device; }
static bool p_expired(const struct decide_ctx *c) { return c->in->device == DECIDE_DEVICE_EXPIRED_SIGNATURE; }

/* resolveControlUiAuthPolicy: dangerouslyDisableDeviceAuth drops a control UI's device
 * and skips pairing; the shared secret must still be right. */
static bool
p_device_auth_disabled(const struct decide_ctx *c)
{
	return c->f.control_ui && c->in->settings.disable_device_auth && c->operator && c->shared_ok;
}

/* preserveInsecureLocalControlUiScopes: allowInsecureAuth lets a local control UI in
 * without a device, scopes kept. */
static bool
p_nodev_insecure_ui(const struct decide_ctx *c)
{
	return !c->has_device && c->f.control_ui && c->in->settings.allow_insecure_auth && c->local &&
	       c->operator && c->shared_ok && !c->auth_mode_none;
}

static bool
p_devtok_scope(const struct decide_ctx *c)
{
	return c->scope_upgrade && c->in->auth == DECIDE_AUTH_DEVICE_TOKEN;
}

static bool
p_upgrade_silent(const struct decide_ctx *c)
{
	return c->scope_upgrade && c->silent_ok && !c->has_origin &&
	       (c->shared_ok || c->auth_mode_none);
}

static bool p_upgrade(const struct decide_ctx *c) { return c->scope_upgrade; }
static bool p_bad_signature(const struct decide_ctx *c) { return c->in->device == DECIDE_DEVICE_BAD_SIGNATURE; }
static bool p_stale_nonce(const struct decide_ctx *c) { return c->in->device == DECIDE_DEVICE_STALE_NONCE; }

static bool
p_dev_secret_wrong(const struct decide_ctx *c)
{
	return c->shared_offered && !c->shared_ok;
}

static bool
p_dev_secret_missing(const struct decide_ctx *c)
{
	return c->in->auth == DECIDE_AUTH_NONE && !c->auth_mode_none;
}

static bool
p_dev_devtok_bad(const struct decide_ctx *c)
{
	return c->in->auth == DECIDE_AUTH_DEVICE_TOKEN && !c->auth_mode_none &&
	       !(c->in->secret_ok && c->in->device == DECIDE_DEVICE_PAIRED);
}

static bool
p_dev_bootstrap_bad(const struct decide_ctx *c)
{
	return c->in->auth == DECIDE_AUTH_BOOTSTRAP_TOKEN && !c->in->secret_ok && !c->auth_mode_none;
}

/* resolveControlUiBuildMismatch: an openclaw-control-ui page served by this gateway
 * (Origin host = Host header; a loopback Origin stands for that here) must carry the
 * gateway's build id.  Checked after pairing, so only when the device would pass. */
static bool
p_build_mismatch(const struct decide_ctx *c)
{
	return eq(c->in->client_id, "openclaw-control-ui") && c->in->origin == DECIDE_ORIGIN_LOOPBACK &&
	       !c->in->build_id_ok && (c->in->device == DECIDE_DEVICE_PAIRED || c->silent_ok || c->cidr_ok);
}

static bool p_dev_backend(const struct decide_ctx *c) { return c->backend_self; }
static bool p_paired(const struct decide_ctx *c) { return c->in->device == DECIDE_DEVICE_PAIRED; }
static bool p_cidr(const struct decide_ctx *c) { return c->cidr_ok; }
static bool p_silent(const struct decide_ctx *c) { return c->silent_ok; }
static bool p_always(const struct decide_ctx *c) { (void)c; return true; }

/*
 * The table
 */

#define CLOSE_POLICY 1008
/* what the console offers (net/session.h SESSION_MIN/MAX_PROTOCOL; auth/ cannot include net/) */
#define SESSION_MIN_PROTOCOL_ 3
#define SESSION_MAX_PROTOCOL_ 4

struct decide_rule {
	const char *id;
	bool (*match)(const struct decide_ctx *c);
	enum decide_outcome outcome;
	const char *error_code;
	const char *details_code;
	const char *details_reason;
	const char *message;		/* NULL when message_fn builds it */
	void (*message_fn)(const struct decide_ctx *c, char *buf, size_t n);
	int close_code;
	const char *log_cause;
	bool device_token, silent;
	const char *rule;
	const char *remedies[DECIDE_MAX_REMEDIES];
	unsigned needs, lacks;		/* RELEASE_* the release must have / must not have */
	const char *(*details_fn)(const struct decide_ctx *c);	/* overrides details_code */
};

static const char R_NO_ORIGIN[] = "do not send an Origin header from a non-browser client";
static const char R_ADD_ORIGIN[] = "add the origin to gateway.controlUi.allowedOrigins";
static const char R_SIGN[] = "send a signed device identity and get it approved (openclaw-console devices approve)";
static const char R_CLI[] = "use client id cli, mode cli, with the shared token from loopback";
static const char R_BACKEND[] = "headless service on the gateway host: client id gateway-client, mode backend, shared token, from loopback";
static const char R_TOKEN[] = "send this gateway's gateway.auth.token in auth.token";
static const char R_APPROVE[] = "approve the pending request: openclaw-console devices approve <requestId> (or openclaw devices approve)";
static const char R_RETRY[] = "keep the same key and retry after approval; the request stays pending for 5 minutes";
static const char R_INSECURE[] = "on the gateway host: set gateway.controlUi.allowInsecureAuth true (this release still honours it) and connect from loopback";

/* Remedies that only help on some releases: R_CLI where cli/cli keeps its scopes, R_BACKEND
 * where gateway-client/backend does, R_INSECURE where allowInsecureAuth is live. */
static bool
remedy_applies(const struct decide_ctx *c, const char *r)
{
	if (r == R_CLI)
		return has(c, RELEASE_KEEP_CLI);
	if (r == R_BACKEND)
		return has(c, RELEASE_KEEP_BACKEND);
	if (r == R_INSECURE)
		return has(c, RELEASE_INSECURE_AUTH);
	return true;
}

static const struct decide_rule rules[] = {
	/* 1. schema */
	{ "schema-client-id", p_bad_client_id, DECIDE_REJECTED, "INVALID_REQUEST", NULL, NULL,
	  NULL, msg_schema_id, CLOSE_POLICY, "invalid-handshake", false, false,
	  "client.id is a closed enum, and older releases know fewer ids (openclaw-tui from 2026.3.28; openclaw-linux, openclaw-watchos, openclaw-browser-copilot, openclaw-worker from 2026.8.2)",
	  { "use one of this release's client ids (cli, gateway-client, …)" }, .needs = 0 },
	{ "schema-mode", p_bad_mode, DECIDE_REJECTED, "INVALID_REQUEST", NULL, NULL,
	  "invalid connect params: at /client/mode: must be equal to one of the allowed values", NULL,
	  CLOSE_POLICY, "invalid-handshake", false, false,
	  "client.mode is a closed enum (webchat cli ui backend node worker probe test)",
	  { "use one of the gateway's client modes" }, .needs = 0 },
	{ "worker-refused", p_worker, DECIDE_REJECTED, NULL, NULL, NULL, "invalid-handshake", NULL,
	  CLOSE_POLICY, "invalid-handshake", false, false,
	  "workers (openclaw-worker, mode or role worker) are refused on the operator endpoint; the socket closes with no res frame",
	  { "connect workers through the worker endpoint, not the operator WebSocket" },
	  .needs = RELEASE_NEW_CLIENT_IDS },
	/* 2. protocol */
	{ "protocol-mismatch", p_protocol, DECIDE_REJECTED, "INVALID_REQUEST", "PROTOCOL_MISMATCH", NULL,
	  "protocol mismatch", NULL, 1002, "protocol-mismatch", false, false,
	  "the protocol range [minProtocol, maxProtocol] must contain the release's protocol (4 from 2026.5.12)",
	  { "offer a range that contains the gateway's protocol (details.expectedProtocol); this console offers 3..4" },
	  .needs = RELEASE_PROTOCOL_DETAILS },
	{ "protocol-mismatch-3", p_protocol, DECIDE_REJECTED, "INVALID_REQUEST", NULL, NULL,
	  "protocol mismatch", NULL, 1002, "protocol-mismatch", false, false,
	  "the protocol range [minProtocol, maxProtocol] must contain 3 (releases up to 2026.5.7); details carry only expectedProtocol",
	  { "offer a range that contains 3; this console offers 3..4" },
	  .lacks = RELEASE_PROTOCOL_DETAILS },
	/* 3. role */
	{ "invalid-role", p_bad_role, DECIDE_REJECTED, "INVALID_REQUEST", NULL, NULL, "invalid role", NULL,
	  CLOSE_POLICY, "invalid-role", false, false,
	  "role must be \"operator\" or \"node\"",
	  { "send role \"operator\"" }, .needs = 0 },
	/* 5. Origin check: browser ids, webchat, or any Origin header */
	{ "origin-missing", p_origin_missing, DECIDE_REJECTED, "INVALID_REQUEST",
	  "CONTROL_UI_ORIGIN_NOT_ALLOWED", "origin missing or invalid",
	  "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)",
	  NULL, CLOSE_POLICY, "origin-mismatch", false, false,
	  "browser client ids (openclaw-control-ui, webchat-ui, mode webchat) need a valid Origin header",
	  { "do not impersonate the Control UI: use client id cli/cli or gateway-client/backend",
	    "open the Control UI from the gateway host" }, .needs = 0 },
	{ "origin-not-allowed", p_origin_refused, DECIDE_REJECTED, "INVALID_REQUEST",
	  "CONTROL_UI_ORIGIN_NOT_ALLOWED", "origin not allowed",
	  "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)",
	  NULL, CLOSE_POLICY, "origin-mismatch", false, false,
	  "an Origin header is checked: only loopback origins on a loopback socket and gateway.controlUi.allowedOrigins pass",
	  { R_NO_ORIGIN, R_ADD_ORIGIN }, .needs = 0 },
	/* 7. missing device identity (evaluateMissingDeviceIdentity + scope clearing) */
	{ "control-ui-device-auth-disabled", p_device_auth_disabled, DECIDE_ACCEPTED_KEPT, NULL, NULL, NULL, "",
	  NULL, 0, NULL, false, false,
	  "gateway.controlUi.dangerouslyDisableDeviceAuth: a control UI with the shared secret is accepted with its scopes; its device is ignored and never paired",
	  { 0 }, .needs = RELEASE_INSECURE_AUTH },
	{ "nodev-insecure-ui", p_nodev_insecure_ui, DECIDE_ACCEPTED_KEPT, NULL, NULL, NULL, "", NULL, 0, NULL,
	  false, false,
	  "gateway.controlUi.allowInsecureAuth: a control UI (openclaw-tui, openclaw-control-ui) from loopback with the shared secret needs no device and keeps its scopes",
	  { 0 }, .needs = RELEASE_INSECURE_AUTH },
	{ "nodev-local-backend", p_nodev_backend, DECIDE_ACCEPTED_KEPT, NULL, NULL, NULL, "", NULL, 0, NULL,
	  false, false,
	  "gateway-client/backend from loopback with the shared secret and no Origin skips device identity and pairing; scopes kept",
	  { 0 }, .needs = RELEASE_KEEP_BACKEND },
	{ "nodev-control-ui", p_nodev_control_ui, DECIDE_REJECTED, "INVALID_REQUEST",
	  "CONTROL_UI_DEVICE_IDENTITY_REQUIRED", NULL,
	  "control ui requires device identity (use HTTPS or localhost secure context)", NULL,
	  CLOSE_POLICY, "control-ui-insecure-auth", false, false,
	  "operator-UI client ids (openclaw-tui, openclaw-control-ui, openclaw-browser-copilot) must send a signed device identity, whatever the mode and token",
	  { R_SIGN, R_INSECURE, R_CLI, R_BACKEND }, .needs = 0 },
	{ "nodev-local-cli", p_nodev_cli_keep, DECIDE_ACCEPTED_KEPT, NULL, NULL, NULL, "", NULL, 0, NULL,
	  false, false,
	  "cli/cli from loopback with the shared secret and no Origin keeps its requested scopes without a device",
	  { 0 }, .needs = RELEASE_KEEP_CLI },
	{ "nodev-auth-none", p_nodev_authnone_keep, DECIDE_ACCEPTED_KEPT, NULL, NULL, NULL, "", NULL, 0, NULL,
	  false, false,
	  "gateway.auth.mode is none: operators without a device are accepted with their scopes",
	  { 0 }, .needs = 0 },
	{ "nodev-scopes-cleared", p_nodev_cleared, DECIDE_ACCEPTED_CLEARED, NULL, NULL, NULL, "", NULL, 0,
	  NULL, false, false,
	  "an operator with the shared secret but no device is accepted, but its scopes are cleared to [] (on this release only the keep rules above preserve them)",
	  { R_SIGN, R_CLI, R_BACKEND, R_NO_ORIGIN }, .needs = 0 },
	{ "nodev-secret-wrong", p_nodev_secret_wrong, DECIDE_REJECTED, "INVALID_REQUEST", "AUTH_TOKEN_MISMATCH",
	  "token_mismatch", NULL, msg_secret_wrong, CLOSE_POLICY, "unauthorized", false, false,
	  "the shared secret was sent but is wrong (or, before 2026.8.2, in the field the auth mode does not read: auth.password on a token gateway), and there is no device to fall back on",
	  { R_TOKEN }, .details_fn = details_secret_wrong },
	{ "nodev-device-required", p_nodev, DECIDE_REJECTED, "NOT_PAIRED", "DEVICE_IDENTITY_REQUIRED", NULL,
	  "device identity required", NULL, CLOSE_POLICY, "device-required", false, false,
	  "without the shared secret (or for role node) a signed device identity is required",
	  { R_TOKEN, R_SIGN }, .needs = 0 },
	/* 8. device proof: id, then the signedAt window, then nonce, then signature */
	{ "device-signature-expired", p_expired, DECIDE_REJECTED, "INVALID_REQUEST",
	  "DEVICE_AUTH_SIGNATURE_EXPIRED", "device-signature-stale", "device signature expired", NULL,
	  CLOSE_POLICY, "device-auth-invalid", false, false,
	  "device.signedAt must be within 120 s of the gateway's clock",
	  { "sign with the connect.challenge ts (gateway time), not the local clock",
	    "or fix the clock of the client or of the gateway host (NTP)" }, .needs = 0 },
	{ "device-signature", p_bad_signature, DECIDE_REJECTED, "INVALID_REQUEST",
	  "DEVICE_AUTH_SIGNATURE_INVALID", "device-signature", "device signature invalid", NULL,
	  CLOSE_POLICY, "device-auth-invalid", false, false,
	  "the device signature does not verify over the v3 (or v2) payload",
	  { "sign v3|deviceId|client.id|mode|role|scopes|signedAt|token|nonce|platform|deviceFamily exactly as sent" }, .needs = 0 },
	{ "device-nonce", p_stale_nonce, DECIDE_REJECTED, "INVALID_REQUEST", "DEVICE_AUTH_NONCE_MISMATCH",
	  "device-nonce-mismatch", "device nonce mismatch", NULL, CLOSE_POLICY, "device-auth-invalid",
	  false, false,
	  "device.nonce must be this socket's connect.challenge nonce",
	  { "wait for connect.challenge on each socket and sign its nonce" }, .needs = 0 },
	/* 9. credentials when a device is present */
	{ "device-secret-wrong", p_dev_secret_wrong, DECIDE_REJECTED, "INVALID_REQUEST", "AUTH_TOKEN_MISMATCH",
	  "token_mismatch", NULL, msg_secret_wrong, CLOSE_POLICY, "unauthorized", false, false,
	  "the shared secret is wrong, or in a field this release does not read for its auth mode (the gateway also tried it as a device token)",
	  { R_TOKEN, "retry once with the stored device token in auth.deviceToken" },
	  .details_fn = details_secret_wrong },
	{ "device-secret-missing", p_dev_secret_missing, DECIDE_REJECTED, "INVALID_REQUEST", "AUTH_TOKEN_MISSING",
	  "token_missing", NULL, msg_secret_missing, CLOSE_POLICY, "unauthorized", false, false,
	  "a signed device still needs a credential: the shared secret, a device token or a bootstrap token",
	  { R_TOKEN, "after approval, send the issued device token in auth.deviceToken" },
	  .details_fn = details_secret_missing },
	{ "device-token-mismatch", p_dev_devtok_bad, DECIDE_REJECTED, "INVALID_REQUEST",
	  "AUTH_DEVICE_TOKEN_MISMATCH", "device_token_mismatch",
	  "unauthorized: device token mismatch (rotate/reissue device token)", NULL, CLOSE_POLICY,
	  "unauthorized", false, false,
	  "the device token is unknown, rotated or revoked, or the device was removed",
	  { "drop the stored device token and reconnect with the shared token (a new pairing request follows)" }, .needs = 0 },
	{ "bootstrap-invalid", p_dev_bootstrap_bad, DECIDE_REJECTED, "INVALID_REQUEST",
	  "AUTH_BOOTSTRAP_TOKEN_INVALID", "bootstrap_token_invalid",
	  "unauthorized: setup code invalid, expired, revoked, or already used (create a new code; review `openclaw devices list`)",
	  NULL, CLOSE_POLICY, "unauthorized", false, false,
	  "the bootstrap token (setup code) is invalid, expired or used",
	  { "create a new setup code" }, .needs = 0 },
	/* 10. pairing, then the session checks that follow it */
	{ "control-ui-build-mismatch", p_build_mismatch, DECIDE_REJECTED, "UNAVAILABLE", "PROTOCOL_MISMATCH", NULL,
	  "protocol mismatch: Control UI updated; reload this page to continue", NULL, CLOSE_POLICY,
	  "control-ui-build-mismatch", false, false,
	  "an openclaw-control-ui page served by this gateway must send the gateway's build id in client.buildId",
	  { "reload the Control UI page from the gateway", "non-browser clients: do not use client id openclaw-control-ui" },
	  .needs = RELEASE_BUILD_ID_CHECK },
	{ "device-local-backend", p_dev_backend, DECIDE_ACCEPTED_KEPT, NULL, NULL, NULL, "", NULL, 0, NULL,
	  false, false,
	  "gateway-client/backend from loopback is never paired: accepted with scopes, no pairing record, no device token",
	  { 0 }, .needs = RELEASE_KEEP_BACKEND },
	{ "device-token-scope-mismatch", p_devtok_scope, DECIDE_REJECTED, "INVALID_REQUEST", "AUTH_SCOPE_MISMATCH",
	  "scope_mismatch", "unauthorized: device token scope mismatch (re-pair or approve scope upgrade)", NULL,
	  CLOSE_POLICY, "unauthorized", false, false,
	  "a device token only covers the scopes it was issued for (--approved-scopes)",
	  { "ask for no more than the approved scopes", "or connect with the shared token to raise a scope-upgrade request" }, .needs = 0 },
	{ "scope-upgrade-silent", p_upgrade_silent, DECIDE_ACCEPTED_KEPT, NULL, NULL, NULL, "", NULL, 0, NULL,
	  true, true,
	  "a paired device asking for more scopes than approved, from loopback without Origin with the shared secret, is upgraded silently while autoApproveLocal is true",
	  { 0 }, .needs = RELEASE_SILENT_UPGRADE },
	{ "scope-upgrade", p_upgrade, DECIDE_PAIRING_REQUIRED, "NOT_PAIRED", "PAIRING_REQUIRED", "scope-upgrade",
	  NULL, msg_pairing, CLOSE_POLICY, "pairing-required", false, false,
	  "a paired device asking for more scopes than approved needs an operator's approval of the upgrade (releases before 2026.8.2 never upgrade silently)",
	  { R_APPROVE, "or ask for no more than the approved scopes (a subset is accepted)" }, .needs = 0 },
	{ "device-paired", p_paired, DECIDE_ACCEPTED_KEPT, NULL, NULL, NULL, "", NULL, 0, NULL, true, false,
	  "a paired device is accepted with its approved scopes and receives its device token",
	  { 0 }, .needs = 0 },
	{ "pair-trusted-cidr", p_cidr, DECIDE_ACCEPTED_KEPT, NULL, NULL, NULL, "", NULL, 0, NULL, true, true,
	  "a first-time role-node device with no scopes from gateway.nodes.pairing.autoApproveCidrs is approved silently",
	  { 0 }, .needs = RELEASE_AUTO_APPROVE_CIDRS },
	{ "pair-silent-local", p_silent, DECIDE_ACCEPTED_KEPT, NULL, NULL, NULL, "", NULL, 0, NULL, true, true,
	  "a new device on a direct loopback socket without Origin is approved silently while gateway.nodes.pairing.autoApproveLocal is true",
	  { 0 }, .needs = RELEASE_AUTO_APPROVE_LOCAL },
	{ "pair-silent-local-always", p_silent, DECIDE_ACCEPTED_KEPT, NULL, NULL, NULL, "", NULL, 0, NULL, true, true,
	  "a new device on a direct loopback socket without Origin (a browser client even with one) is always approved silently: this release has no autoApproveLocal",
	  { 0 }, .lacks = RELEASE_AUTO_APPROVE_LOCAL },
	{ "pair-required", p_always, DECIDE_PAIRING_REQUIRED, "NOT_PAIRED", "PAIRING_REQUIRED", "not-paired",
	  NULL, msg_pairing, CLOSE_POLICY, "pairing-required", false, false,
	  "a new device needs an operator's approval (autoApproveLocal is off, the peer is not loopback, or an Origin header was sent)",
	  { R_APPROVE, R_RETRY, "or set gateway.nodes.pairing.autoApproveLocal true and connect from loopback without Origin" }, .needs = 0 },
};

#define N_RULES (sizeof(rules) / sizeof(rules[0]))

void
decide_evaluate(const struct decide_input *in, struct decide_verdict *v)
{
	struct decide_ctx c;
	const struct decide_rule *r = &rules[N_RULES - 1];

	ctx_init(&c, in);
	for (size_t i = 0; i < N_RULES; i++)
		if ((c.rel->caps & rules[i].needs) == rules[i].needs && !(c.rel->caps & rules[i].lacks) &&
		    rules[i].match(&c)) {
			r = &rules[i];
			break;
		}
	memset(v, 0, sizeof(*v));
	v->cls = classify_client(in->client_id, in->mode, in->role[0] ? in->role : "operator");
	v->outcome = r->outcome;
	v->rule_id = r->id;
	v->rule = r->rule;
	v->error_code = r->error_code;
	v->details_code = r->details_fn ? r->details_fn(&c) : r->details_code;
	v->details_reason = r->details_reason;
	if (r->message_fn)
		r->message_fn(&c, v->message, sizeof(v->message));
	else
		snprintf(v->message, sizeof(v->message), "%s", r->message ? r->message : "");
	v->close_code = r->close_code;
	v->log_cause = r->log_cause;
	v->device_token = r->device_token;
	v->silent_pairing = r->silent;
	for (size_t i = 0; i < DECIDE_MAX_REMEDIES && r->remedies[i]; i++)
		if (remedy_applies(&c, r->remedies[i]))
			v->remedies[v->n_remedies++] = r->remedies[i];
	snprintf(v->gateway_version, sizeof(v->gateway_version), "%s",
		 in->gateway_version[0] ? in->gateway_version : release_newest_version());
	v->rules = c.rel->rules;
}

size_t
decide_rule_count(void)
{
	return N_RULES;
}

const char *
decide_rule_id(size_t i)
{
	return i < N_RULES ? rules[i].id : NULL;
}

/*
 * Inputs and names
 */

static const struct {
	const char *key, *text;
} outcome_info[] = {
#define X(e, key, text) { key, text },
	DECIDE_OUTCOME_LIST(X)
#undef X
};

const char *
decide_outcome_key(enum decide_outcome o)
{
	return outcome_info[o].key;
}

const char *
decide_outcome_text(enum decide_outcome o)
{
	return outcome_info[o].text;
}

static const char *const auth_keys[] = { "none", "token", "password", "device-token", "bootstrap-token" };
static const char *const device_keys[] = { "none", "paired", "unpaired", "bad-signature", "stale-nonce",
					    "expired-signature" };

const char *
decide_auth_key(enum decide_auth a)
{
	return auth_keys[a];
}

const char *
decide_device_key(enum decide_device d)
{
	return device_keys[d];
}

int
decide_auth_parse(const char *s, enum decide_auth *out)
{
	for (size_t i = 0; i < sizeof(auth_keys) / sizeof(auth_keys[0]); i++)
		if (eq(s, auth_keys[i])) {
			*out = (enum decide_auth)i;
			return 0;
		}
	return -1;
}

int
decide_device_parse(const char *s, enum decide_device *out)
{
	if (eq(s, "new")) {
		*out = DECIDE_DEVICE_UNPAIRED;
		return 0;
	}
	for (size_t i = 0; i < sizeof(device_keys) / sizeof(device_keys[0]); i++)
		if (eq(s, device_keys[i])) {
			*out = (enum decide_device)i;
			return 0;
		}
	return -1;
}

void
decide_settings_default(struct decide_settings *s)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->auth_mode, sizeof(s->auth_mode), "token");
	s->auto_approve_local = true;
}

void
decide_input_default(struct decide_input *in)
{
	memset(in, 0, sizeof(*in));
	snprintf(in->client_id, sizeof(in->client_id), "cli");
	snprintf(in->mode, sizeof(in->mode), "cli");
	snprintf(in->role, sizeof(in->role), "operator");
	in->auth = DECIDE_AUTH_TOKEN;
	in->secret_ok = true;
	in->min_protocol = SESSION_MIN_PROTOCOL_;
	in->max_protocol = SESSION_MAX_PROTOCOL_;
	decide_settings_default(&in->settings);
}

int
decide_approved_scopes_set(struct decide_input *in, const char *csv, struct oc_err *err)
{
	struct decide_input tmp;

	if (decide_scopes_set(&tmp, csv, err) < 0)
		return -1;
	memcpy(in->approved_scopes, tmp.scopes, sizeof(in->approved_scopes));
	in->n_approved_scopes = tmp.n_scopes;
	in->approved_known = true;
	return 0;
}

int
decide_release_set(struct decide_input *in, const char *version, struct oc_err *err)
{
	if (!release_find(version, err))
		return -1;
	snprintf(in->gateway_version, sizeof(in->gateway_version), "%s", version ? version : "");
	return 0;
}

bool
decide_signature_expired(long long signed_at_ms, long long now_ms)
{
	long long d = now_ms - signed_at_ms;

	return d > DECIDE_SIGNATURE_SKEW_MS || d < -DECIDE_SIGNATURE_SKEW_MS;
}

void
decide_origin_set(struct decide_input *in, const char *origin)
{
	static const char *const loop_hosts[] = { "127.0.0.1", "localhost", "[::1]", NULL };
	const char *h;
	size_t n;

	in->origin_value[0] = '\0';
	if (!origin || !*origin) {
		in->origin = DECIDE_ORIGIN_ABSENT;
		return;
	}
	snprintf(in->origin_value, sizeof(in->origin_value), "%s", origin);
	in->origin = DECIDE_ORIGIN_OTHER;
	h = strstr(origin, "://");
	if (!h)
		return;
	h += 3;
	for (const char *const *l = loop_hosts; *l; l++) {
		n = strlen(*l);
		if (strncasecmp(h, *l, n) == 0 && (h[n] == '\0' || h[n] == ':' || h[n] == '/'))
			in->origin = DECIDE_ORIGIN_LOOPBACK;
	}
}

enum decide_locality
decide_locality_of(const char *addr)
{
	static const char *const lan[] = { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
					   "fc00::/7", "fe80::/10", NULL };

	if (addr_is_loopback_host(addr))
		return DECIDE_LOC_LOOPBACK;
	for (const char *const *l = lan; *l; l++)
		if (addr_in_cidr(addr, *l))
			return DECIDE_LOC_LAN;
	return DECIDE_LOC_REMOTE;
}

/* Split v at commas and blanks into at most max entries of width bytes at base, *count
 * of them.  0, or -1 for too many entries (*bad NULL) or one too long (*bad, *bad_len). */
static int
parse_list(const char *v, char *base, size_t width, size_t max, size_t *count, const char **bad,
	   size_t *bad_len)
{
	const char *p = v;

	*count = 0;
	*bad = NULL;
	*bad_len = 0;
	while (*p) {
		size_t n = strcspn(p, ", ");

		if (n > 0) {
			if (*count >= max)
				return -1;
			if (n >= width) {
				*bad = p, *bad_len = n;
				return -1;
			}
			memcpy(base + *count * width, p, n);
			base[*count * width + n] = '\0';
			(*count)++;
		}
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return 0;
}

int
decide_scopes_set(struct decide_input *in, const char *csv, struct oc_err *err)
{
	const char *bad;
	size_t bad_len;

	if (parse_list(csv ? csv : "", &in->scopes[0][0], sizeof(in->scopes[0]), DECIDE_MAX_SCOPES,
		       &in->n_scopes, &bad, &bad_len) == 0)
		return 0;
	if (bad)
		return oc_errf(err, "scope too long: \"%.*s\"", (int)bad_len, bad);
	return oc_errf(err, "too many scopes (at most %d)", DECIDE_MAX_SCOPES);
}

/* A boolean setting (boolword_parse's words) into *out: 0, or -1 for another word. */
static int
parse_bool(const char *v, bool *out)
{
	int b = boolword_parse(v);

	if (b >= 0)
		*out = b == 1;
	return b < 0 ? -1 : 0;
}

int
decide_setting_apply(struct decide_settings *s, const char *kv, struct oc_err *err)
{
	char key[96];
	const char *eqs = strchr(kv, '=');
	const char *k, *v, *bad;
	size_t bad_len;
	size_t kn;

	if (!eqs || eqs == kv)
		return oc_errf(err, "setting \"%s\" is not key=value", kv);
	kn = (size_t)(eqs - kv);
	if (kn >= sizeof(key))
		return oc_errf(err, "setting key too long");
	memcpy(key, kv, kn);
	key[kn] = '\0';
	k = strncmp(key, "gateway.", 8) == 0 ? key + 8 : key;
	v = eqs + 1;
	if (eq(k, "auth.mode")) {
		static const char *const modes[] = { "token", "password", "none", "trusted-proxy", NULL };

		if (!in_list(v, modes))
			return oc_errf(err, "auth.mode must be token, password, none or trusted-proxy, not \"%s\"", v);
		snprintf(s->auth_mode, sizeof(s->auth_mode), "%s", v);
		return 0;
	}
	if (eq(k, "controlUi.allowInsecureAuth"))
		return parse_bool(v, &s->allow_insecure_auth) < 0
			       ? oc_errf(err, "%s needs true or false", key) : 0;
	if (eq(k, "controlUi.dangerouslyDisableDeviceAuth"))
		return parse_bool(v, &s->disable_device_auth) < 0
			       ? oc_errf(err, "%s needs true or false", key) : 0;
	if (eq(k, "nodes.pairing.autoApproveLocal"))
		return parse_bool(v, &s->auto_approve_local) < 0
			       ? oc_errf(err, "%s needs true or false", key) : 0;
	if (eq(k, "controlUi.allowedOrigins"))
		return parse_list(v, &s->allowed_origins[0][0], sizeof(s->allowed_origins[0]),
				  DECIDE_MAX_LIST, &s->n_allowed_origins, &bad, &bad_len) < 0
			       ? oc_errf(err, "%s: too many or too long entries", key) : 0;
	if (eq(k, "nodes.pairing.autoApproveCidrs"))
		return parse_list(v, &s->auto_approve_cidrs[0][0], sizeof(s->auto_approve_cidrs[0]),
				  DECIDE_MAX_LIST, &s->n_auto_approve_cidrs, &bad, &bad_len) < 0
			       ? oc_errf(err, "%s: too many or too long entries", key) : 0;
	return oc_errf(err, "unknown setting \"%s\" (known: gateway.auth.mode, "
			    "gateway.controlUi.allowedOrigins, gateway.controlUi.allowInsecureAuth, "
			    "gateway.controlUi.dangerouslyDisableDeviceAuth, "
			    "gateway.nodes.pairing.autoApproveLocal, gateway.nodes.pairing.autoApproveCidrs)", key);
}
