/* `openclaw-console explain …`: what a gateway release would do with a handshake, and why
 * (auth/decide.h).  Offline by default: the newest release (or --gateway-version), its
 * default settings plus --setting; --live reads the settings with config.get (needs
 * operator.read) and the release from hello-ok's server.version. */
#include "tui/commands.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/addr.h"
#include "auth/decide.h"
#include "auth/err.h"
#include "auth/release.h"
#include "net/client.h"
#include "net/gwop.h"
#include "net/text.h"

static void
explain_usage(FILE *f)
{
	fprintf(f,
		"usage: openclaw-console explain [--client-id ID] [--mode M] [--role R] [--scopes a,b]\n"
		"         [--auth token|password|device-token|bootstrap-token|none] [--secret-wrong]\n"
		"         [--device none|paired|unpaired|bad-signature|stale-nonce|expired-signature]\n"
		"         [--approved-scopes a,b] [--origin URL] [--remote ADDR] [--protocol MIN..MAX]\n"
		"         [--setting key=value]... [--frame FILE] [--build-id-ok]\n"
		"         [--gateway-version V] [--live] [--json]\n"
		"  Predict how a gateway release treats a handshake: client class, outcome, error\n"
		"  code and message, the deciding rule, and the smallest remedies.\n"
		"  Defaults: the newest release (%s), cli/cli operator, shared token (correct), no\n"
		"  device, no Origin, loopback, the protocol range this console offers (3..4).\n"
		"  --gateway-version V  predict for release V (e.g. 2026.3.31); --live takes it from\n"
		"                  the gateway's hello-ok\n"
		"  --approved-scopes a,b  the scopes a paired device was approved for: asking for more\n"
		"                  is a scope upgrade, a subset is accepted\n"
		"  --device expired-signature  device.signedAt outside the gateway's 120 s window\n"
		"  --auth KIND-wrong (e.g. token-wrong) or --secret-wrong: the secret sent is wrong.\n"
		"  --build-id-ok   openclaw-control-ui sends the gateway's build id (else a page served\n"
		"                  by the gateway is refused with PROTOCOL_MISMATCH after pairing)\n"
		"  --frame FILE    take client id/mode/role/scopes/auth kind/device presence from a\n"
		"                  connect request frame or its params (secret values are ignored;\n"
		"                  a device block counts as unpaired unless --device says otherwise,\n"
		"                  and as expired-signature when its signedAt is more than 120 s\n"
		"                  from now)\n"
		"  --setting K=V   gateway.auth.mode, gateway.controlUi.allowedOrigins (comma list),\n"
		"                  gateway.controlUi.allowInsecureAuth, gateway.controlUi.dangerouslyDisableDeviceAuth,\n"
		"                  gateway.nodes.pairing.autoApproveLocal, gateway.nodes.pairing.autoApproveCidrs\n"
		"  --live          read those settings from the gateway with config.get (opt-in, so\n"
		"                  explain stays fast and works offline); --setting still overrides\n",
		release_newest_version());
}

static int
explain_frame(struct decide_input *in, const char *path)
{
	json_error_t e;
	json_t *root = json_load_file(path, 0, &e), *p, *c, *a, *s;
	const char *v;

	if (!root) {
		cli_errorf("explain: %s:%d: %s", path, e.line, e.text);
		return -1;
	}
	p = json_object_get(root, "params");
	if (!json_is_object(p))
		p = root;
	c = json_object_get(p, "client");
	if ((v = json_string_value(json_object_get(c, "id"))))
		snprintf(in->client_id, sizeof(in->client_id), "%s", v);
	if ((v = json_string_value(json_object_get(c, "mode"))))
		snprintf(in->mode, sizeof(in->mode), "%s", v);
	if ((v = json_string_value(json_object_get(p, "role"))))
		snprintf(in->role, sizeof(in->role), "%s", v);
	if (json_is_integer(json_object_get(p, "minProtocol")))
		in->min_protocol = (int)json_integer_value(json_object_get(p, "minProtocol"));
	if (json_is_integer(json_object_get(p, "maxProtocol")))
		in->max_protocol = (int)json_integer_value(json_object_get(p, "maxProtocol"));
	s = json_object_get(p, "scopes");
	in->n_scopes = 0;
	for (size_t i = 0; json_is_array(s) && i < json_array_size(s) && in->n_scopes < DECIDE_MAX_SCOPES; i++)
		if ((v = json_string_value(json_array_get(s, i))))
			snprintf(in->scopes[in->n_scopes++], sizeof(in->scopes[0]), "%s", v);
	a = json_object_get(p, "auth");
	in->auth = json_object_get(a, "token") ? DECIDE_AUTH_TOKEN
		 : json_object_get(a, "password") ? DECIDE_AUTH_PASSWORD
		 : json_object_get(a, "deviceToken") ? DECIDE_AUTH_DEVICE_TOKEN
		 : json_object_get(a, "bootstrapToken") ? DECIDE_AUTH_BOOTSTRAP_TOKEN
		 : DECIDE_AUTH_NONE;
	in->device = json_is_object(json_object_get(p, "device")) ? DECIDE_DEVICE_UNPAIRED
								  : DECIDE_DEVICE_NONE;
	{
		/* the gateway checks signedAt against its clock: this host's clock stands in */
		json_t *at = json_object_get(json_object_get(p, "device"), "signedAt");
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		if (json_is_integer(at) &&
		    decide_signature_expired((long long)json_integer_value(at),
					     (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000))
			in->device = DECIDE_DEVICE_EXPIRED_SIGNATURE;
	}
	json_decref(root);
	return 0;
}

static const json_t *
jpath(const json_t *o, const char *const *keys)
{
	for (; *keys && o; keys++)
		o = json_object_get(o, *keys);
	return o;
}

/* Read the settings from config.get's resolved config. */
static int
explain_live(const struct opts *opts, struct decide_settings *s, char *version, size_t vsize)
{
	static const char *const k_mode[] = { "gateway", "auth", "mode", NULL };
	static const char *const k_ins[] = { "gateway", "controlUi", "allowInsecureAuth", NULL };
	static const char *const k_dis[] = { "gateway", "controlUi", "dangerouslyDisableDeviceAuth", NULL };
	static const char *const k_orig[] = { "gateway", "controlUi", "allowedOrigins", NULL };
	static const char *const k_auto[] = { "gateway", "nodes", "pairing", "autoApproveLocal", NULL };
	static const char *const k_cidr[] = { "gateway", "nodes", "pairing", "autoApproveCidrs", NULL };
	struct oneshot o;
	json_t *res = NULL;
	const json_t *cfg, *v;
	int rc;

	rc = oneshot_open(&o, opts, "cli", "cli");
	if (rc != EXIT_OK) {
		oneshot_close(&o);
		return rc;
	}
	snprintf(version, vsize, "%s", client_result(o.client)->server_version);
	if (oneshot_call(&o, GW_OP_CONFIG_GET, NULL, &res) < 0) {
		cli_errorf("explain --live: %s: %s", gw_op_method(GW_OP_CONFIG_GET), o.call_error);
		oneshot_close(&o);
		return EXIT_RUNTIME;
	}
	cfg = gw_config_runtime(res);
	if ((v = jpath(cfg, k_mode)) && json_is_string(v))
		snprintf(s->auth_mode, sizeof(s->auth_mode), "%s", json_string_value(v));
	if ((v = jpath(cfg, k_ins)) && json_is_boolean(v))
		s->allow_insecure_auth = json_is_true(v);
	if ((v = jpath(cfg, k_dis)) && json_is_boolean(v))
		s->disable_device_auth = json_is_true(v);
	if ((v = jpath(cfg, k_auto)) && json_is_boolean(v))
		s->auto_approve_local = json_is_true(v);
	if ((v = jpath(cfg, k_orig)) && json_is_array(v))
		for (size_t i = 0; i < json_array_size(v) && s->n_allowed_origins < DECIDE_MAX_LIST; i++)
			if (json_is_string(json_array_get(v, i)))
				snprintf(s->allowed_origins[s->n_allowed_origins++], sizeof(s->allowed_origins[0]),
					 "%s", json_string_value(json_array_get(v, i)));
	if ((v = jpath(cfg, k_cidr)) && json_is_array(v))
		for (size_t i = 0; i < json_array_size(v) && s->n_auto_approve_cidrs < DECIDE_MAX_LIST; i++)
			if (json_is_string(json_array_get(v, i)))
				snprintf(s->auto_approve_cidrs[s->n_auto_approve_cidrs++],
					 sizeof(s->auto_approve_cidrs[0]), "%s", json_string_value(json_array_get(v, i)));
	json_decref(res);
	oneshot_close(&o);
	return EXIT_OK;
}

static json_t *
explain_json(const struct decide_input *in, const struct decide_verdict *v)
{
	json_t *o = json_object(), *rem = json_array(), *inp = json_object(), *sc = json_array();
	json_t *set = json_object(), *orig = json_array();

	for (size_t i = 0; i < v->n_remedies; i++)
		json_array_append_new(rem, json_string(v->remedies[i]));
	for (size_t i = 0; i < in->n_scopes; i++)
		json_array_append_new(sc, json_string(in->scopes[i]));
	if (in->approved_known) {
		json_t *ap = json_array();

		for (size_t i = 0; i < in->n_approved_scopes; i++)
			json_array_append_new(ap, json_string(in->approved_scopes[i]));
		json_object_set_new(inp, "approvedScopes", ap);
	}
	for (size_t i = 0; i < in->settings.n_allowed_origins; i++)
		json_array_append_new(orig, json_string(in->settings.allowed_origins[i]));
	json_object_set_new(inp, "clientId", json_string(in->client_id));
	json_object_set_new(inp, "mode", json_string(in->mode));
	json_object_set_new(inp, "role", json_string(in->role[0] ? in->role : "operator"));
	json_object_set_new(inp, "scopes", sc);
	json_object_set_new(inp, "auth", json_string(decide_auth_key(in->auth)));
	json_object_set_new(inp, "secretOk", json_boolean(in->secret_ok));
	json_object_set_new(inp, "device", json_string(decide_device_key(in->device)));
	json_object_set_new(inp, "origin", in->origin_value[0] ? json_string(in->origin_value) : json_null());
	json_object_set_new(inp, "remote", json_string(in->remote_addr[0] ? in->remote_addr : "127.0.0.1"));
	json_object_set_new(set, "authMode", json_string(in->settings.auth_mode));
	json_object_set_new(set, "autoApproveLocal", json_boolean(in->settings.auto_approve_local));
	json_object_set_new(set, "allowedOrigins", orig);
	{
		bool live = release_has(release_find(v->gateway_version, NULL), RELEASE_INSECURE_AUTH);

		json_object_set_new(set, "allowInsecureAuth", json_boolean(in->settings.allow_insecure_auth));
		json_object_set_new(set, "dangerouslyDisableDeviceAuth", json_boolean(in->settings.disable_device_auth));
		json_object_set_new(set, "allowInsecureAuthIgnored", json_boolean(in->settings.allow_insecure_auth && !live));
		json_object_set_new(set, "dangerouslyDisableDeviceAuthIgnored",
				    json_boolean(in->settings.disable_device_auth && !live));
	}
	json_object_set_new(o, "gatewayVersion", json_string(v->gateway_version));
	json_object_set_new(o, "rules", json_string(v->rules));
	json_object_set_new(o, "class", json_string(classify_key(v->cls)));
	json_object_set_new(o, "classLabel", json_string(classify_label(v->cls)));
	json_object_set_new(o, "outcome", json_string(decide_outcome_key(v->outcome)));
	json_object_set_new(o, "errorCode", v->error_code ? json_string(v->error_code) : json_null());
	json_object_set_new(o, "detailsCode", v->details_code ? json_string(v->details_code) : json_null());
	json_object_set_new(o, "detailsReason", v->details_reason ? json_string(v->details_reason) : json_null());
	json_object_set_new(o, "message", v->message[0] ? json_string(v->message) : json_null());
	json_object_set_new(o, "closeCode", v->close_code ? json_integer(v->close_code) : json_null());
	json_object_set_new(o, "logCause", v->log_cause ? json_string(v->log_cause) : json_null());
	json_object_set_new(o, "deviceToken", json_boolean(v->device_token));
	json_object_set_new(o, "silentPairing", json_boolean(v->silent_pairing));
	json_object_set_new(o, "ruleId", json_string(v->rule_id));
	json_object_set_new(o, "rule", json_string(v->rule));
	json_object_set_new(o, "remedies", rem);
	json_object_set_new(o, "input", inp);
	json_object_set_new(o, "settings", set);
	return o;
}

static void
explain_print(const struct decide_input *in, const struct decide_verdict *v)
{
	char id[64], mode[32];

	text_sanitize(in->client_id, id, sizeof(id));
	text_sanitize(in->mode, mode, sizeof(mode));
	cli_linef("gateway:   %s (rules %s)", v->gateway_version, v->rules);
	cli_linef("handshake: %s/%s role=%s auth=%s%s device=%s origin=%s remote=%s", id, mode,
	          in->role[0] ? in->role : "operator", decide_auth_key(in->auth),
	          in->auth != DECIDE_AUTH_NONE && !in->secret_ok ? "(wrong)" : "",
	          decide_device_key(in->device), in->origin_value[0] ? in->origin_value : "none",
	          in->remote_addr[0] ? in->remote_addr : "127.0.0.1");
	cli_linef("class:     %s (%s)", classify_label(v->cls), classify_key(v->cls));
	cli_linef("outcome:   %s — %s", decide_outcome_key(v->outcome), decide_outcome_text(v->outcome));
	if (v->error_code || v->details_code)
		cli_linef("code:      %s / %s", v->error_code ? v->error_code : "(no res frame)",
		          v->details_code ? v->details_code : "-");
	if (v->message[0])
		cli_linef("message:   %s", v->message);
	if (v->close_code)
		cli_linef("close:     %d", v->close_code);
	if (v->device_token)
		cli_linef("token:     hello-ok carries a device token%s",
		          v->silent_pairing ? " (approved silently)" : "");
	cli_linef("rule:      %s [%s]", v->rule, v->rule_id);
	if (v->n_remedies) {
		cli_linef("remedies:");
		for (size_t i = 0; i < v->n_remedies; i++)
			cli_linef("  - %s", v->remedies[i]);
	}
	if ((in->settings.allow_insecure_auth || in->settings.disable_device_auth) &&
	    !release_has(release_find(v->gateway_version, NULL), RELEASE_INSECURE_AUTH))
		cli_linef("note:      gateway.controlUi.allowInsecureAuth and dangerouslyDisableDeviceAuth are "
		          "retired in %s and ignored", v->gateway_version);
}

static bool
explain_value(const struct opts *opts, int *i, const char *name, const char **out)
{
	if (strcmp(opts->argv[*i], name) != 0)
		return false;
	if (*i + 1 >= opts->argc) {
		*out = NULL;
		return true;
	}
	*out = opts->argv[++*i];
	return true;
}

int
cmd_explain(const struct opts *opts)
{
	struct decide_input in;
	struct decide_verdict v;
	struct oc_err err;
	const char *frame = NULL, *val;
	bool live = false;

	decide_input_default(&in);
	/* --frame first, so that explicit flags override what it says */
	for (int i = 0; i < opts->argc; i++)
		if (strcmp(opts->argv[i], "--frame") == 0) {
			if (i + 1 >= opts->argc) {
				cli_errorf("explain: --frame needs a value");
				return EXIT_USAGE;
			}
			frame = opts->argv[i + 1];
		}
	if (frame && explain_frame(&in, frame) < 0)
		return EXIT_USAGE;
	for (int i = 0; i < opts->argc; i++) {
		const char *a = opts->argv[i];

		val = NULL;
		if (strcmp(a, "help") == 0) {
			explain_usage(stdout);
			return EXIT_OK;
		} else if (strcmp(a, "--live") == 0) {
			live = true;
			continue;
		} else if (strcmp(a, "--build-id-ok") == 0) {
			in.build_id_ok = true;
			continue;
		} else if (strcmp(a, "--secret-wrong") == 0) {
			in.secret_ok = false;
			continue;
		} else if (explain_value(opts, &i, "--frame", &val)) {
		} else if (explain_value(opts, &i, "--client-id", &val)) {
			if (val)
				snprintf(in.client_id, sizeof(in.client_id), "%s", val);
		} else if (explain_value(opts, &i, "--mode", &val)) {
			if (val)
				snprintf(in.mode, sizeof(in.mode), "%s", val);
		} else if (explain_value(opts, &i, "--role", &val)) {
			if (val)
				snprintf(in.role, sizeof(in.role), "%s", val);
		} else if (explain_value(opts, &i, "--scopes", &val)) {
			if (val && decide_scopes_set(&in, val, &err) < 0) {
				cli_errorf("explain: --scopes: %s", err.msg);
				return EXIT_USAGE;
			}
		} else if (explain_value(opts, &i, "--approved-scopes", &val)) {
			if (val && decide_approved_scopes_set(&in, val, &err) < 0) {
				cli_errorf("explain: --approved-scopes: %s", err.msg);
				return EXIT_USAGE;
			}
		} else if (explain_value(opts, &i, "--gateway-version", &val)) {
			if (val && decide_release_set(&in, val, &err) < 0) {
				cli_errorf("explain: --gateway-version: %s", err.msg);
				return EXIT_USAGE;
			}
		} else if (explain_value(opts, &i, "--auth", &val)) {
			char kind[32];
			size_t n;

			if (!val)
				goto missing;
			snprintf(kind, sizeof(kind), "%s", val);
			n = strlen(kind);
			in.secret_ok = true;
			if (n > 6 && strcmp(kind + n - 6, "-wrong") == 0) {
				kind[n - 6] = '\0';
				in.secret_ok = false;
			}
			if (decide_auth_parse(kind, &in.auth) < 0) {
				cli_errorf("explain: --auth must be token, password, device-token, bootstrap-token "
					   "or none (optionally with -wrong), not \"%s\"", val);
				return EXIT_USAGE;
			}
		} else if (explain_value(opts, &i, "--device", &val)) {
			if (val && decide_device_parse(val, &in.device) < 0) {
				cli_errorf("explain: --device must be none, paired, unpaired, bad-signature, "
					   "stale-nonce or expired-signature, not \"%s\"", val);
				return EXIT_USAGE;
			}
		} else if (explain_value(opts, &i, "--origin", &val)) {
			if (val)
				decide_origin_set(&in, strcmp(val, "none") == 0 ? "" : val);
		} else if (explain_value(opts, &i, "--remote", &val)) {
			if (val) {
				struct addr_ip ip;

				/* the gateway judges the peer's address, never a name */
				if (strcmp(val, "localhost") != 0 && addr_parse_ip(val, &ip) < 0) {
					cli_errorf("explain: --remote must be an IP address (like 127.0.0.1, "
						   "::1 or 203.0.113.7), not \"%.80s\"", val);
					return EXIT_USAGE;
				}
				snprintf(in.remote_addr, sizeof(in.remote_addr), "%s", val);
				in.locality = decide_locality_of(val);
			}
		} else if (explain_value(opts, &i, "--protocol", &val)) {
			if (val && sscanf(val, "%d..%d", &in.min_protocol, &in.max_protocol) != 2) {
				cli_errorf("explain: --protocol needs MIN..MAX, not \"%s\"", val);
				return EXIT_USAGE;
			}
		} else if (explain_value(opts, &i, "--setting", &val)) {
			if (val && decide_setting_apply(&in.settings, val, &err) < 0) {
				cli_errorf("explain: --setting: %s", err.msg);
				return EXIT_USAGE;
			}
		} else {
			cli_errorf("explain: unexpected argument \"%s\"", a);
			return EXIT_USAGE;
		}
		if (!val && strcmp(a, "--frame") != 0)
			goto missing;
		continue;
missing:
		cli_errorf("explain: %s needs a value", a);
		return EXIT_USAGE;
	}
	if (in.auth == DECIDE_AUTH_NONE)
		in.secret_ok = true;
	/* --scopes is also a global option (the scopes the console asks for): main.c takes it
	 * out of argv, so read it from there when explain's own flag did not come */
	if (opts->scopes && decide_scopes_set(&in, opts->scopes, &err) < 0) {
		cli_errorf("explain: --scopes: %s", err.msg);
		return EXIT_USAGE;
	}
	if (live) {
		struct decide_settings live_s;
		struct opts conn = *opts;
		char version[48] = "";
		int rc;

		conn.scopes = NULL;	/* they describe the handshake explained, not our own */
		decide_settings_default(&live_s);
		rc = explain_live(&conn, &live_s, version, sizeof(version));
		if (rc != EXIT_OK)
			return rc;
		if (!in.gateway_version[0] && decide_release_set(&in, version, &err) < 0)
			cli_errorf("warning: %s; predicting for %s", err.msg, release_newest_version());
		/* explicit --setting flags win over the live values */
		for (int i = 0; i + 1 < opts->argc; i++)
			if (strcmp(opts->argv[i], "--setting") == 0)
				decide_setting_apply(&live_s, opts->argv[i + 1], NULL);
		in.settings = live_s;
	}
	{
		/* a setting this release lacks: say so, and predict as the release behaves */
		const struct release *rel = release_find(in.gateway_version, NULL);

		for (int i = 0; i + 1 < opts->argc; i++)
			if (strcmp(opts->argv[i], "--setting") == 0) {
				char key[96];

				snprintf(key, sizeof(key), "%.*s", (int)strcspn(opts->argv[i + 1], "="),
					 opts->argv[i + 1]);
				if (!release_has_setting(rel, key))
					cli_errorf("warning: %s is not supported by this gateway (%s); ignored",
						   key, in.gateway_version[0] ? in.gateway_version
									: release_newest_version());
			}
	}
	decide_evaluate(&in, &v);
	if (opts->json) {
		json_t *o = explain_json(&in, &v);

		cli_print_json(o);
		json_decref(o);
	} else {
		explain_print(&in, &v);
	}
	return EXIT_OK;
}
