/* The explain engine against every row of tests/fixtures/frames/rejections.txt that can
 * be expressed as engine inputs, and against connect-accepted.json / connect-rejections.json. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "auth/decide.h"
#include "auth/err.h"
#include "tests/unit/check.h"
#include "tests/unit/fixture.h"

struct row {
	const char *id, *mode, *role, *auth, *device, *origin, *auto_approve;
	const char *outcome, *error_code, *details_code;
	int close;
};

/* rejections.txt, one line per row (rows about schema details, device-token scope and
 * metadata upgrades, removed devices and transport limits are not engine inputs). */
static const struct row rows[] = {
	{ "openclaw-tui", "ui", "operator", "token", "none", "none", "*", "rejected", "INVALID_REQUEST", "CONTROL_UI_DEVICE_IDENTITY_REQUIRED", 1008 },
	{ "openclaw-tui", "cli", "operator", "token", "none", "none", "*", "rejected", "INVALID_REQUEST", "CONTROL_UI_DEVICE_IDENTITY_REQUIRED", 1008 },
	{ "openclaw-tui", "ui", "operator", "none", "none", "none", "*", "rejected", "INVALID_REQUEST", "CONTROL_UI_DEVICE_IDENTITY_REQUIRED", 1008 },
	{ "openclaw-control-ui", "ui", "operator", "token", "none", "none", "*", "rejected", "INVALID_REQUEST", "CONTROL_UI_ORIGIN_NOT_ALLOWED", 1008 },
	{ "openclaw-control-ui", "webchat", "operator", "token", "none", "none", "*", "rejected", "INVALID_REQUEST", "CONTROL_UI_ORIGIN_NOT_ALLOWED", 1008 },
	{ "webchat-ui", "webchat", "operator", "token", "none", "none", "*", "rejected", "INVALID_REQUEST", "CONTROL_UI_ORIGIN_NOT_ALLOWED", 1008 },
	{ "webchat", "webchat", "operator", "token", "none", "none", "*", "rejected", "INVALID_REQUEST", "CONTROL_UI_ORIGIN_NOT_ALLOWED", 1008 },
	{ "openclaw-control-ui", "webchat", "operator", "token", "none", "loopback", "*", "rejected", "INVALID_REQUEST", "CONTROL_UI_DEVICE_IDENTITY_REQUIRED", 1008 },
	{ "cli", "cli", "operator", "token", "none", "none", "*", "accepted", NULL, NULL, 0 },
	{ "cli", "cli", "operator", "password", "none", "none", "*", "accepted", NULL, NULL, 0 },
	{ "gateway-client", "backend", "operator", "token", "none", "none", "*", "accepted", NULL, NULL, 0 },
	{ "gateway-client", "backend", "operator", "token", "unpaired", "none", "false", "accepted", NULL, NULL, 0 },
	{ "gateway-client", "ui", "operator", "token", "none", "none", "*", "cleared", NULL, NULL, 0 },
	{ "gateway-client", "cli", "operator", "token", "none", "none", "*", "cleared", NULL, NULL, 0 },
	{ "cli", "backend", "operator", "token", "none", "none", "*", "cleared", NULL, NULL, 0 },
	{ "cli", "ui", "operator", "token", "none", "none", "*", "cleared", NULL, NULL, 0 },
	{ "openclaw-linux", "ui", "operator", "token", "none", "none", "*", "cleared", NULL, NULL, 0 },
	{ "test", "test", "operator", "token", "none", "none", "*", "cleared", NULL, NULL, 0 },
	{ "openclaw-probe", "probe", "operator", "token", "none", "none", "*", "cleared", NULL, NULL, 0 },
	{ "cli", "cli", "operator", "token", "none", "loopback", "*", "cleared", NULL, NULL, 0 },
	{ "gateway-client", "backend", "operator", "token", "none", "loopback", "*", "cleared", NULL, NULL, 0 },
	{ "cli", "cli", "operator", "token", "none", "foreign", "*", "rejected", "INVALID_REQUEST", "CONTROL_UI_ORIGIN_NOT_ALLOWED", 1008 },
	{ "cli", "cli", "operator", "none", "none", "none", "*", "rejected", "NOT_PAIRED", "DEVICE_IDENTITY_REQUIRED", 1008 },
	{ "gateway-client", "backend", "operator", "none", "none", "none", "*", "rejected", "NOT_PAIRED", "DEVICE_IDENTITY_REQUIRED", 1008 },
	{ "gateway-client", "backend", "operator", "device-token", "none", "none", "*", "rejected", "NOT_PAIRED", "DEVICE_IDENTITY_REQUIRED", 1008 },
	{ "node-host", "node", "node", "token", "none", "none", "*", "rejected", "NOT_PAIRED", "DEVICE_IDENTITY_REQUIRED", 1008 },
	{ "cli", "cli", "operator", "token-wrong", "none", "none", "*", "rejected", "INVALID_REQUEST", "AUTH_TOKEN_MISMATCH", 1008 },
	{ "gateway-client", "backend", "operator", "token-wrong", "none", "none", "*", "rejected", "INVALID_REQUEST", "AUTH_TOKEN_MISMATCH", 1008 },
	{ "openclaw-tui", "ui", "operator", "token-wrong", "unpaired", "none", "*", "rejected", "INVALID_REQUEST", "AUTH_TOKEN_MISMATCH", 1008 },
	{ "openclaw-tui", "ui", "operator", "none", "unpaired", "none", "*", "rejected", "INVALID_REQUEST", "AUTH_TOKEN_MISSING", 1008 },
	{ "openclaw-tui", "ui", "operator", "token", "unpaired", "none", "false", "pairing", "NOT_PAIRED", "PAIRING_REQUIRED", 1008 },
	{ "cli", "cli", "operator", "token", "unpaired", "none", "false", "pairing", "NOT_PAIRED", "PAIRING_REQUIRED", 1008 },
	{ "openclaw-linux", "ui", "operator", "token", "unpaired", "none", "false", "pairing", "NOT_PAIRED", "PAIRING_REQUIRED", 1008 },
	{ "openclaw-tui", "ui", "operator", "token", "unpaired", "none", "true", "accepted", NULL, NULL, 0 },
	{ "cli", "cli", "operator", "token", "unpaired", "none", "true", "accepted", NULL, NULL, 0 },
	{ "cli", "cli", "operator", "token", "unpaired", "loopback", "true", "pairing", "NOT_PAIRED", "PAIRING_REQUIRED", 1008 },
	{ "openclaw-tui", "ui", "operator", "token", "paired", "none", "*", "accepted", NULL, NULL, 0 },
	{ "openclaw-tui", "ui", "operator", "device-token", "paired", "none", "*", "accepted", NULL, NULL, 0 },
	{ "cli", "cli", "operator", "device-token", "paired", "none", "*", "accepted", NULL, NULL, 0 },
	{ "openclaw-tui", "ui", "operator", "device-token-wrong", "paired", "none", "*", "rejected", "INVALID_REQUEST", "AUTH_DEVICE_TOKEN_MISMATCH", 1008 },
	{ "cli", "cli", "operator", "token", "stale-nonce", "none", "*", "rejected", "INVALID_REQUEST", "DEVICE_AUTH_NONCE_MISMATCH", 1008 },
	{ "cli", "cli", "operator", "token", "bad-signature", "none", "*", "rejected", "INVALID_REQUEST", "DEVICE_AUTH_SIGNATURE_INVALID", 1008 },
	{ "my-console", "cli", "operator", "token", "none", "none", "*", "rejected", "INVALID_REQUEST", NULL, 1008 },
	{ "cli", "operator", "operator", "token", "none", "none", "*", "rejected", "INVALID_REQUEST", NULL, 1008 },
	{ "cli", "cli", "admin", "token", "none", "none", "*", "rejected", "INVALID_REQUEST", NULL, 1008 },
};

static void
row_input(const struct row *r, struct decide_input *in)
{
	char auth[32];
	size_t n;

	decide_input_default(in);
	snprintf(in->client_id, sizeof(in->client_id), "%s", r->id);
	snprintf(in->mode, sizeof(in->mode), "%s", r->mode);
	snprintf(in->role, sizeof(in->role), "%s", r->role);
	decide_scopes_set(in, "operator.read,operator.write", NULL);
	snprintf(auth, sizeof(auth), "%s", r->auth);
	n = strlen(auth);
	if (n > 6 && strcmp(auth + n - 6, "-wrong") == 0) {
		auth[n - 6] = '\0';
		in->secret_ok = false;
	}
	decide_auth_parse(auth, &in->auth);
	decide_device_parse(r->device, &in->device);
	decide_origin_set(in, strcmp(r->origin, "loopback") == 0 ? "http://127.0.0.1:40521"
			      : strcmp(r->origin, "foreign") == 0 ? "http://evil.example" : NULL);
	in->settings.auto_approve_local = strcmp(r->auto_approve, "false") != 0;
}

static bool
eq_or_null(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void
test_rejections_table(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct decide_input in;
		struct decide_verdict v;
		/* "*" rows must hold for both values of autoApproveLocal */
		int passes = strcmp(r->auto_approve, "*") == 0 ? 2 : 1;

		for (int p = 0; p < passes; p++) {
			row_input(r, &in);
			if (passes == 2)
				in.settings.auto_approve_local = p == 0;
			decide_evaluate(&in, &v);
			if (strcmp(decide_outcome_key(v.outcome), r->outcome) != 0 ||
			    !eq_or_null(v.error_code, r->error_code) || !eq_or_null(v.details_code, r->details_code) ||
			    v.close_code != r->close)
				printf("    row %zu %s/%s auth=%s device=%s origin=%s auto=%d: got %s %s %s %d (%s)\n",
				       i, r->id, r->mode, r->auth, r->device, r->origin, in.settings.auto_approve_local,
				       decide_outcome_key(v.outcome), v.error_code ? v.error_code : "-",
				       v.details_code ? v.details_code : "-", v.close_code, v.rule_id);
			CHECK_STR(decide_outcome_key(v.outcome), r->outcome);
			CHECK(eq_or_null(v.error_code, r->error_code));
			CHECK(eq_or_null(v.details_code, r->details_code));
			CHECK(v.close_code == r->close);
		}
	}
}

/* The exact messages of connect-rejections.json for the cases the engine models. */
static void
test_fixture_rejections(void)
{
	static const struct {
		const char *key, *id, *mode, *role, *auth, *device;
		int min, max;
	} cases[] = {
		{ "openclaw-tui/ui token, no device", "openclaw-tui", "ui", "operator", "token", "none", 4, 4 },
		{ "openclaw-control-ui/webchat token, no device, no Origin", "openclaw-control-ui", "webchat", "operator", "token", "none", 4, 4 },
		{ "cli/cli no auth, no device", "cli", "cli", "operator", "none", "none", 4, 4 },
		{ "cli/cli wrong token", "cli", "cli", "operator", "token-wrong", "none", 4, 4 },
		{ "openclaw-tui/ui device, no token", "openclaw-tui", "ui", "operator", "none", "unpaired", 4, 4 },
		{ "node-host/node token, no device", "node-host", "node", "node", "token", "none", 4, 4 },
		{ "cli/cli protocol 3..3", "cli", "cli", "operator", "token", "none", 3, 3 },
		{ "cli/cli bad signature", "cli", "cli", "operator", "token", "bad-signature", 4, 4 },
		{ "cli/cli wrong nonce", "cli", "cli", "operator", "token", "stale-nonce", 4, 4 },
		{ "unknown client.id", "my-console", "cli", "operator", "token", "none", 4, 4 },
		{ "openclaw-tui/ui revoked device token", "openclaw-tui", "ui", "operator", "device-token-wrong", "paired", 4, 4 },
	};
	json_t *fx = fixture_load("connect-rejections.json");

	CHECK(fx != NULL);
	for (size_t i = 0; fx && i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct row r = { cases[i].id, cases[i].mode, cases[i].role, cases[i].auth, cases[i].device,
				 "none", "false", NULL, NULL, NULL, 0 };
		json_t *c = json_object_get(fx, cases[i].key);
		json_t *err = json_object_get(json_object_get(c, "response"), "error");
		const char *dc = json_string_value(json_object_get(json_object_get(err, "details"), "code"));
		struct decide_input in;
		struct decide_verdict v;

		CHECK(err != NULL);
		row_input(&r, &in);
		in.min_protocol = cases[i].min;
		in.max_protocol = cases[i].max;
		decide_evaluate(&in, &v);
		if (!eq_or_null(v.message, json_string_value(json_object_get(err, "message"))))
			printf("    %s: \"%s\" [%s]\n", cases[i].key, v.message, v.rule_id);
		CHECK_STR(v.message, json_string_value(json_object_get(err, "message")));
		CHECK(eq_or_null(v.error_code, json_string_value(json_object_get(err, "code"))));
		CHECK(eq_or_null(v.details_code, dc));
		CHECK(v.close_code == json_integer_value(json_object_get(json_object_get(c, "close"), "code")));
	}
	json_decref(fx);
}

static void
test_fixture_accepted(void)
{
	static const struct {
		const char *key, *id, *mode, *device, *origin;
	} cases[] = {
		{ "gateway-client/backend token, no device", "gateway-client", "backend", "none", "none" },
		{ "cli/cli token, no device", "cli", "cli", "none", "none" },
		{ "gateway-client/ui token, no device", "gateway-client", "ui", "none", "none" },
		{ "cli/cli token, no device, Origin http://127.0.0.1:40521", "cli", "cli", "none", "loopback" },
		{ "gateway-client/backend token, fresh unpaired device", "gateway-client", "backend", "unpaired", "none" },
	};
	json_t *fx = fixture_load("connect-accepted.json");

	CHECK(fx != NULL);
	for (size_t i = 0; fx && i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct row r = { cases[i].id, cases[i].mode, "operator", "token", cases[i].device,
				 cases[i].origin, "false", NULL, NULL, NULL, 0 };
		json_t *auth = json_object_get(json_object_get(fx, cases[i].key), "auth");
		size_t granted = json_array_size(json_object_get(auth, "scopes"));
		struct decide_input in;
		struct decide_verdict v;

		CHECK(auth != NULL);
		row_input(&r, &in);
		decide_evaluate(&in, &v);
		CHECK(v.outcome == (granted ? DECIDE_ACCEPTED_KEPT : DECIDE_ACCEPTED_CLEARED));
		CHECK(!v.device_token);
	}
	json_decref(fx);
}

static void
test_settings_and_origins(void)
{
	struct decide_input in;
	struct decide_verdict v;
	struct oc_err err;

	decide_input_default(&in);
	CHECK(decide_setting_apply(&in.settings, "gateway.controlUi.allowedOrigins=http://ui.example,https://x.test", &err) == 0);
	CHECK(in.settings.n_allowed_origins == 2);
	decide_origin_set(&in, "http://ui.example");
	CHECK(in.origin == DECIDE_ORIGIN_OTHER);
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_CLEARED);	/* allowed, but an Origin clears cli/cli */
	decide_origin_set(&in, "http://other.example");
	decide_evaluate(&in, &v);
	CHECK_STR(v.details_code, "CONTROL_UI_ORIGIN_NOT_ALLOWED");
	CHECK_STR(v.details_reason, "origin not allowed");
	/* a loopback origin from a LAN peer is not local */
	decide_origin_set(&in, "http://localhost:1234");
	CHECK(in.origin == DECIDE_ORIGIN_LOOPBACK);
	in.locality = DECIDE_LOC_LAN;
	decide_evaluate(&in, &v);
	CHECK_STR(v.details_code, "CONTROL_UI_ORIGIN_NOT_ALLOWED");
	/* retired switches change nothing */
	decide_input_default(&in);
	snprintf(in.client_id, sizeof(in.client_id), "openclaw-tui");
	snprintf(in.mode, sizeof(in.mode), "ui");
	CHECK(decide_setting_apply(&in.settings, "controlUi.dangerouslyDisableDeviceAuth=true", &err) == 0);
	CHECK(decide_setting_apply(&in.settings, "controlUi.allowInsecureAuth=true", &err) == 0);
	decide_evaluate(&in, &v);
	CHECK_STR(v.details_code, "CONTROL_UI_DEVICE_IDENTITY_REQUIRED");
	CHECK(v.n_remedies >= 2);
	/* bad settings */
	CHECK(decide_setting_apply(&in.settings, "gateway.auth.mode=bogus", &err) < 0);
	CHECK(decide_setting_apply(&in.settings, "nodes.pairing.autoApproveLocal=maybe", &err) < 0);
	CHECK(decide_setting_apply(&in.settings, "gateway.trustedLocalServices=cli", &err) < 0);
	CHECK(decide_setting_apply(&in.settings, "noequals", &err) < 0);
}

static void
test_locality_and_cidrs(void)
{
	struct decide_input in;
	struct decide_verdict v;

	/* cli/cli from the LAN: not local, so scopes are cleared */
	decide_input_default(&in);
	decide_scopes_set(&in, "operator.read", NULL);
	in.locality = DECIDE_LOC_LAN;
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_CLEARED);
	/* a new device from the LAN is never approved silently */
	in.device = DECIDE_DEVICE_UNPAIRED;
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_PAIRING_REQUIRED);
	/* ... except a first-time node with no scopes from autoApproveCidrs */
	snprintf(in.client_id, sizeof(in.client_id), "node-host");
	snprintf(in.mode, sizeof(in.mode), "node");
	snprintf(in.role, sizeof(in.role), "node");
	in.n_scopes = 0;
	snprintf(in.remote_addr, sizeof(in.remote_addr), "192.168.1.20");
	decide_setting_apply(&in.settings, "gateway.nodes.pairing.autoApproveCidrs=192.168.1.0/24", NULL);
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_KEPT);
	CHECK_STR(v.rule_id, "pair-trusted-cidr");
	snprintf(in.remote_addr, sizeof(in.remote_addr), "192.168.2.20");
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_PAIRING_REQUIRED);
	/* IPv6 ranges match too (they used to pass validation and never match, issue #13) */
	in.settings.n_auto_approve_cidrs = 0;
	decide_setting_apply(&in.settings, "gateway.nodes.pairing.autoApproveCidrs=10.0.0.0/8,fd00:1::/32", NULL);
	snprintf(in.remote_addr, sizeof(in.remote_addr), "fd00:1:0:7::20");
	decide_evaluate(&in, &v);
	CHECK_STR(v.rule_id, "pair-trusted-cidr");
	snprintf(in.remote_addr, sizeof(in.remote_addr), "fd00:2::20");
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_PAIRING_REQUIRED);
	/* the gateway reports no address for a loopback peer: a loopback range never matches */
	in.settings.n_auto_approve_cidrs = 0;
	in.settings.auto_approve_local = false;
	decide_setting_apply(&in.settings, "gateway.nodes.pairing.autoApproveCidrs=127.0.0.0/8", NULL);
	in.locality = DECIDE_LOC_LOOPBACK;
	snprintf(in.remote_addr, sizeof(in.remote_addr), "127.0.0.1");
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_PAIRING_REQUIRED);
	/* where an address is: IP literals only, never a name that looks like one */
	CHECK(decide_locality_of("127.0.0.1") == DECIDE_LOC_LOOPBACK);
	CHECK(decide_locality_of("::ffff:127.0.0.2") == DECIDE_LOC_LOOPBACK);
	CHECK(decide_locality_of("localhost") == DECIDE_LOC_LOOPBACK);
	CHECK(decide_locality_of("127.evil.example") == DECIDE_LOC_REMOTE);
	CHECK(decide_locality_of("172.20.1.1") == DECIDE_LOC_LAN);
	CHECK(decide_locality_of("172.32.1.1") == DECIDE_LOC_REMOTE);
	CHECK(decide_locality_of("fd12::1") == DECIDE_LOC_LAN);
	CHECK(decide_locality_of("2001:db8::1") == DECIDE_LOC_REMOTE);
	/* a remote CLI gets the remote hint */
	decide_input_default(&in);
	in.secret_ok = false;
	in.locality = DECIDE_LOC_REMOTE;
	decide_evaluate(&in, &v);
	CHECK_STR(v.message, "unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)");
}

/* Seen live (differential row): a Control UI page from the gateway host with a fresh
 * device passes pairing, then fails the build check. */
static void
test_control_ui_build(void)
{
	struct decide_input in;
	struct decide_verdict v;

	decide_input_default(&in);
	snprintf(in.client_id, sizeof(in.client_id), "openclaw-control-ui");
	snprintf(in.mode, sizeof(in.mode), "webchat");
	in.device = DECIDE_DEVICE_UNPAIRED;
	decide_origin_set(&in, "http://127.0.0.1:40521");
	decide_evaluate(&in, &v);
	CHECK_STR(v.error_code, "UNAVAILABLE");
	CHECK_STR(v.details_code, "PROTOCOL_MISMATCH");
	in.build_id_ok = true;
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_KEPT && v.silent_pairing);
	in.build_id_ok = false;
	in.settings.auto_approve_local = false;		/* pairing comes first */
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_PAIRING_REQUIRED);
}

static void
test_table_shape(void)
{
	CHECK(decide_rule_count() >= 20);
	for (size_t i = 0; i < decide_rule_count(); i++)
		for (size_t j = i + 1; j < decide_rule_count(); j++)
			CHECK(strcmp(decide_rule_id(i), decide_rule_id(j)) != 0);
	CHECK(decide_rule_id(decide_rule_count()) == NULL);
}

/* One handshake, predicted for a release. */
static void
eval_for(const char *version, const char *id, const char *mode, const char *auth, const char *device,
	 const char *origin, struct decide_verdict *v)
{
	struct row r = { id, mode, "operator", auth, device, origin, "*", NULL, NULL, NULL, 0 };
	struct decide_input in;

	row_input(&r, &in);
	CHECK(decide_release_set(&in, version, NULL) == 0);
	decide_evaluate(&in, v);
}

/* The releases differ where the real gateways differ (each case measured on 2026.3.31,
 * 2026.6.11 and 2026.9.6; tests/live/30-explain-differential.sh checks them live). */
static void
test_rules_by_release(void)
{
	struct decide_verdict v;

	/* cli/cli without a device: cleared before 8.2, kept after */
	eval_for("2026.3.31", "cli", "cli", "token", "none", "none", &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_CLEARED);
	CHECK_STR(v.gateway_version, "2026.3.31");
	CHECK_STR(v.rules, "3.x");
	eval_for("2026.6.11", "cli", "cli", "token", "none", "none", &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_CLEARED);
	eval_for("2026.9.6", "cli", "cli", "token", "none", "none", &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_KEPT);
	/* gateway-client/backend: cleared on 3.x, kept from 4.29 */
	eval_for("2026.3.31", "gateway-client", "backend", "token", "none", "none", &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_CLEARED);
	eval_for("2026.6.11", "gateway-client", "backend", "token", "none", "none", &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_KEPT);
	/* openclaw-linux: unknown to the schema before 8.2 */
	eval_for("2026.6.11", "openclaw-linux", "ui", "token", "none", "none", &v);
	CHECK(v.outcome == DECIDE_REJECTED && !v.details_code);
	CHECK(strstr(v.message, "one of the allowed values") != NULL);
	eval_for("2026.3.31", "openclaw-linux", "ui", "token", "none", "none", &v);
	CHECK(strstr(v.message, "must be equal to constant") != NULL);
	/* openclaw-tui: unknown before 3.28 */
	eval_for("2026.3.13", "openclaw-tui", "ui", "token", "unpaired", "none", &v);
	CHECK(v.outcome == DECIDE_REJECTED && strcmp(v.rule_id, "schema-client-id") == 0);
	/* a new device with a loopback Origin: a browser client is paired silently before 8.2
	 * (no autoApproveLocal, no build-id check); 9.6 refuses the page's missing build id */
	eval_for("2026.6.11", "openclaw-control-ui", "webchat", "token", "unpaired", "loopback", &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_KEPT && v.silent_pairing);
	eval_for("2026.9.6", "openclaw-control-ui", "webchat", "token", "unpaired", "loopback", &v);
	CHECK(v.outcome == DECIDE_REJECTED);
	/* a backend with a device is paired (silently) on 3.x, never paired later */
	eval_for("2026.3.31", "gateway-client", "backend", "token", "unpaired", "none", &v);
	CHECK(v.device_token && v.silent_pairing);
	eval_for("2026.6.11", "gateway-client", "backend", "token", "unpaired", "none", &v);
	CHECK(!v.device_token && v.outcome == DECIDE_ACCEPTED_KEPT);
	/* the shared secret in auth.password on a token gateway: missing before 8.2 */
	eval_for("2026.6.11", "cli", "cli", "password", "none", "none", &v);
	CHECK(v.outcome == DECIDE_REJECTED);
	CHECK_STR(v.details_code, "AUTH_TOKEN_MISSING");
	CHECK(strstr(v.message, "gateway token missing") != NULL);
	eval_for("2026.9.6", "cli", "cli", "password", "none", "none", &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_KEPT);
	/* protocol: 3..3 is fine on 3.x (details carry only expectedProtocol), refused on 4 */
	{
		struct decide_input in;

		decide_input_default(&in);
		in.min_protocol = in.max_protocol = 4;
		decide_release_set(&in, "2026.3.31", NULL);
		decide_evaluate(&in, &v);
		CHECK(v.outcome == DECIDE_REJECTED && !v.details_code && v.close_code == 1002);
		in.min_protocol = in.max_protocol = 3;
		decide_evaluate(&in, &v);
		CHECK(v.outcome != DECIDE_REJECTED);
		decide_release_set(&in, "2026.6.11", NULL);
		decide_evaluate(&in, &v);
		CHECK_STR(v.details_code, "PROTOCOL_MISMATCH");
	}
	/* pairing message: short on 3.x */
	{
		struct decide_input in;

		decide_input_default(&in);
		in.device = DECIDE_DEVICE_UNPAIRED;
		decide_origin_set(&in, "http://127.0.0.1:1");
		decide_release_set(&in, "2026.3.31", NULL);
		decide_evaluate(&in, &v);
		CHECK(v.outcome == DECIDE_PAIRING_REQUIRED);
		CHECK_STR(v.message, "pairing required");
	}
}

/* The original report (2026.3.x): openclaw-tui without a device.  allowInsecureAuth was
 * live there, and the remedy "use cli/cli with the shared token" is exactly the handshake
 * that loses its scopes on that release: it must not be offered. */
static void
test_original_report_remedies(void)
{
	struct decide_verdict v;
	struct decide_input in;
	bool cli = false, insecure = false;

	eval_for("2026.3.31", "openclaw-tui", "ui", "token", "none", "none", &v);
	CHECK(v.outcome == DECIDE_REJECTED);
	CHECK_STR(v.details_code, "CONTROL_UI_DEVICE_IDENTITY_REQUIRED");
	for (size_t i = 0; i < v.n_remedies; i++) {
		cli |= strstr(v.remedies[i], "client id cli, mode cli") != NULL;
		insecure |= strstr(v.remedies[i], "allowInsecureAuth") != NULL;
	}
	CHECK(!cli && insecure);
	eval_for("2026.9.6", "openclaw-tui", "ui", "token", "none", "none", &v);
	cli = insecure = false;
	for (size_t i = 0; i < v.n_remedies; i++) {
		cli |= strstr(v.remedies[i], "client id cli, mode cli") != NULL;
		insecure |= strstr(v.remedies[i], "allowInsecureAuth") != NULL;
	}
	CHECK(cli && !insecure);
	/* with allowInsecureAuth, from loopback: accepted with scopes on 3.31 and 6.11 */
	decide_input_default(&in);
	snprintf(in.client_id, sizeof(in.client_id), "openclaw-tui");
	snprintf(in.mode, sizeof(in.mode), "ui");
	decide_scopes_set(&in, "operator.read", NULL);
	CHECK(decide_setting_apply(&in.settings, "gateway.controlUi.allowInsecureAuth=true", NULL) == 0);
	decide_release_set(&in, "2026.3.31", NULL);
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_KEPT);
	CHECK_STR(v.rule_id, "nodev-insecure-ui");
	decide_release_set(&in, "2026.9.6", NULL);
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_REJECTED);
	/* from another host it does not help */
	decide_release_set(&in, "2026.3.31", NULL);
	in.locality = DECIDE_LOC_LAN;
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_REJECTED);
}

/* Scope upgrades (--approved-scopes): a subset is accepted, more is a scope upgrade that
 * needs an operator unless the release upgrades silently (2026.8.2 and later, from
 * loopback with the shared secret and autoApproveLocal). */
static void
test_scope_upgrade(void)
{
	struct decide_input in;
	struct decide_verdict v;

	decide_input_default(&in);
	snprintf(in.client_id, sizeof(in.client_id), "openclaw-tui");
	snprintf(in.mode, sizeof(in.mode), "ui");
	in.device = DECIDE_DEVICE_PAIRED;
	CHECK(decide_approved_scopes_set(&in, "operator.read,operator.write", NULL) == 0);
	decide_scopes_set(&in, "operator.read", NULL);
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_KEPT && strcmp(v.rule_id, "device-paired") == 0);
	decide_scopes_set(&in, "operator.read,operator.admin", NULL);
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_KEPT && v.silent_pairing);	/* 9.6 default policy */
	in.settings.auto_approve_local = false;
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_PAIRING_REQUIRED);
	CHECK_STR(v.details_reason, "scope-upgrade");
	CHECK(strstr(v.message, "more scopes than currently approved") != NULL);
	in.settings.auto_approve_local = true;
	decide_release_set(&in, "2026.6.11", NULL);
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_PAIRING_REQUIRED);
	/* admin implies the rest */
	decide_approved_scopes_set(&in, "operator.admin", NULL);
	decide_scopes_set(&in, "operator.read,operator.pairing", NULL);
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_ACCEPTED_KEPT);
	/* a device token covers only its own scopes */
	decide_approved_scopes_set(&in, "operator.read", NULL);
	in.auth = DECIDE_AUTH_DEVICE_TOKEN;
	decide_evaluate(&in, &v);
	CHECK_STR(v.details_code, "AUTH_SCOPE_MISMATCH");
}

/* The signature window: +-120 s around the gateway's clock (operator-queues.md 6). */
static void
test_expired_signature(void)
{
	struct decide_input in;
	struct decide_verdict v;

	CHECK(!decide_signature_expired(1000000, 1000000 + 115000));
	CHECK(!decide_signature_expired(1000000 + 115000, 1000000));
	CHECK(decide_signature_expired(1000000, 1000000 + 125000));
	CHECK(decide_signature_expired(1000000 + 125000, 1000000));
	CHECK(!decide_signature_expired(1000000, 1000000 + DECIDE_SIGNATURE_SKEW_MS));
	decide_input_default(&in);
	CHECK(decide_device_parse("expired-signature", &in.device) == 0);
	decide_evaluate(&in, &v);
	CHECK(v.outcome == DECIDE_REJECTED);
	CHECK_STR(v.details_code, "DEVICE_AUTH_SIGNATURE_EXPIRED");
	CHECK_STR(v.details_reason, "device-signature-stale");
	CHECK_STR(v.message, "device signature expired");
	CHECK_STR(decide_device_key(in.device), "expired-signature");
	CHECK(decide_release_set(&in, "next", NULL) < 0);
}

/* --scopes: split at commas and blanks; too many or too long is said */
static void
test_scopes_set_limits(void)
{
	struct decide_input in;
	struct oc_err err = { "" };
	char many[16 * 4 + 8] = "";

	memset(&in, 0, sizeof(in));
	CHECK(decide_scopes_set(&in, " operator.read,, operator.write ", &err) == 0);
	CHECK(in.n_scopes == 2);
	CHECK_STR(in.scopes[1], "operator.write");
	CHECK(decide_scopes_set(&in, "operator.read,x123456789012345678901234567890123456789012345678",
				&err) < 0);
	CHECK_STR(err.msg, "scope too long: \"x123456789012345678901234567890123456789012345678\"");
	for (int i = 0; i <= DECIDE_MAX_SCOPES; i++)
		strcat(many, "s,");
	CHECK(decide_scopes_set(&in, many, &err) < 0);
	CHECK_STR(err.msg, "too many scopes (at most 16)");
}

int
main(void)
{
	RUN(test_rules_by_release);
	RUN(test_scopes_set_limits);
	RUN(test_original_report_remedies);
	RUN(test_scope_upgrade);
	RUN(test_expired_signature);
	RUN(test_rejections_table);
	RUN(test_fixture_rejections);
	RUN(test_fixture_accepted);
	RUN(test_settings_and_origins);
	RUN(test_locality_and_cidrs);
	RUN(test_control_ui_build);
	RUN(test_table_shape);
	return CHECK_DONE();
}
