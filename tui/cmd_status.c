/* `openclaw-console status [--json]`: connect, then report what the gateway granted. */
#include "tui/commands.h"

#include <stdio.h>
#include <string.h>

#include "auth/classify.h"
#include "net/client.h"
#include "net/evloop.h"

static const char *
auth_name(enum session_auth a)
{
	switch (a) {
	case SESSION_AUTH_SHARED_TOKEN: return "shared-token";
	case SESSION_AUTH_DEVICE_TOKEN: return "device-token";
	case SESSION_AUTH_NONE: break;
	}
	return "none";
}

int
cmd_status(const struct opts *opts)
{
	struct oneshot o;
	const struct session_result *r;
	enum client_class cls;
	int64_t t0 = evloop_now_ms();
	int rc;

	if (opts->argc > 0) {
		cli_errorf("status: unexpected argument \"%s\"", opts->argv[0]);
		return EXIT_USAGE;
	}
	rc = oneshot_open(&o, opts, "cli", "cli");
	if (rc != EXIT_OK) {
		oneshot_close(&o);
		return rc;
	}
	r = client_result(o.client);
	cls = classify_client(client_id_used(o.client), "cli", r->role);
	if (opts->json) {
		json_t *scopes = json_array();
		json_t *out;

		for (size_t i = 0; i < r->n_scopes; i++)
			json_array_append_new(scopes, json_string(r->scopes[i]));
		if (!r->grant_known) {
			json_decref(scopes);
			scopes = json_null();	/* unknown, which is not [] */
		}
		out = json_pack("{s:b, s:s, s:s, s:i, s:s, s:s, s:s, s:o, s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:I}",
				"ok", 1, "url", o.me.url, "serverVersion", r->server_version,
				"protocol", r->protocol, "connId", r->conn_id, "deviceId", o.me.id.device_id,
				"role", r->role, "scopes", scopes, "authMethod", r->auth_method,
				"credential", auth_name(client_auth_used(o.client)),
				"client", "id", "cli", "mode", "cli", "class", classify_key(cls),
				"classLabel", classify_label(cls),
				"elapsedMs", (json_int_t)(evloop_now_ms() - t0));
		json_object_set_new(out, "grantKnown", json_boolean(r->grant_known));
		cli_print_json(out);
		json_decref(out);
	} else {
		char scopes[1024] = "";
		size_t n = 0;

		for (size_t i = 0; i < r->n_scopes && n < sizeof(scopes); i++)
			n += (size_t)snprintf(scopes + n, sizeof(scopes) - n, " %s", r->scopes[i]);
		cli_linef("gateway     %s", o.me.url);
		cli_linef("server      %s (protocol %d)", r->server_version, r->protocol);
		cli_linef("connection  %s", r->conn_id);
		cli_linef("device      %s", o.me.id.device_id);
		cli_linef("auth        %s (sent %s)", r->auth_method[0] ? r->auth_method : "not reported by this gateway",
			  auth_name(client_auth_used(o.client)));
		if (!r->grant_known) {
			cli_linef("role        unknown");
			cli_linef("scopes      unknown: gateway %s does not say what it granted without a "
				  "device token (try a command; a refusal names the missing scope)",
				  r->server_version);
		} else {
			cli_linef("role        %s", r->role);
			cli_linef("scopes     %s", r->n_scopes ? scopes : " (none: every scoped call will be refused)");
		}
		cli_linef("class       %s (cli/cli): %s", classify_label(cls), classify_help(cls));
	}
	oneshot_close(&o);
	return EXIT_OK;
}
