/* `openclaw-console trusted list|add|remove|policy`: the console's trusted-services
 * allowlist (auth/trusted.h) and the gateway's own pairing policy
 * (gateway.nodes.pairing.autoApproveLocal / autoApproveCidrs, protocol brief 8). */
#include "tui/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/boolword.h"
#include "auth/err.h"
#include "auth/paths.h"
#include "auth/release.h"
#include "auth/scopes.h"
#include "auth/trusted.h"
#include "net/client.h"
#include "net/evloop.h"
#include "net/gwop.h"
#include "net/session.h"
#include "net/text.h"

#define TRUSTED_LOCK_WAIT_MS 2000

static void
trusted_usage(FILE *f)
{
	fprintf(f,
		"usage: openclaw-console trusted list [--json]\n"
		"       openclaw-console trusted add --name N (--device-id HEX | --client-id ID [--mode M])\n"
		"                                    --scopes a,b [--display-name D] [--expires DATE] [--note TEXT]\n"
		"       openclaw-console trusted remove NAME\n"
		"       openclaw-console trusted policy [--json]\n"
		"       openclaw-console trusted policy set autoApproveLocal=true|false\n"
		"                                           autoApproveCidrs=a,b|none [--base-hash HASH]\n"
		"  list    the services the agent may approve without a human, and their scope ceilings\n"
		"  add     a pinned entry (--device-id: SHA-256 of the service's key, recommended) or an\n"
		"          unpinned one (--client-id: self-declared, loopback only, weaker)\n"
		"  remove  delete an entry\n"
		"  policy  the gateway's own auto-approval switches (config.get); `set` edits them with\n"
		"          config.patch guarded by the config hash (needs operator.admin).  A concurrent\n"
		"          change is reported (exit 1), never overwritten.\n"
		"  File: trusted-services.json in the config dir (--config-dir), mode 0600.\n");
}

static int
trusted_file_path(const struct opts *opts, char *dir, size_t dsize, char *path, size_t psize)
{
	struct oc_err err = { "" };

	if (paths_config_dir(opts->config_dir, dir, dsize, &err) < 0) {
		cli_errorf("%s", err.msg);
		return -1;
	}
	if (paths_join(path, psize, dir, TRUSTED_FILE) < 0) {
		cli_errorf("config dir path too long");
		return -1;
	}
	return 0;
}

/* The allowlist's path and its write lock, held by trusted add and remove: the lock, or
 * -1 when either fails (said on stderr). */
static int
trusted_file_lock(const struct opts *opts, char *path, size_t psize)
{
	struct oc_err err = { "" };
	char dir[4096];
	int lock;

	if (trusted_file_path(opts, dir, sizeof(dir), path, psize) < 0)
		return -1;
	lock = trusted_lock(dir, TRUSTED_LOCK_WAIT_MS, &err);
	if (lock < 0)
		cli_errorf("%s", err.msg);
	return lock;
}

static int
trusted_list_cmd(const struct opts *opts)
{
	char dir[4096], path[4200], scopes[400];
	struct trusted_list l = { NULL, 0 };
	struct oc_err err = { "" };
	int64_t now = evloop_wall_ms();

	if (trusted_file_path(opts, dir, sizeof(dir), path, sizeof(path)) < 0)
		return EXIT_RUNTIME;
	if (trusted_load(path, &l, &err) < 0) {
		cli_errorf("%s", err.msg);
		return EXIT_RUNTIME;
	}
	if (opts->json) {
		json_t *root = json_pack("{s:s,s:[]}", "path", path, "services");
		json_t *arr = json_object_get(root, "services");

		for (size_t i = 0; i < l.n; i++) {
			const struct trusted_entry *e = &l.v[i];
			json_t *o = json_pack("{s:s,s:s,s:b}", "name", e->name, "kind",
					      e->device_id[0] ? "pinned" : "unpinned", "expired",
					      trusted_is_expired(e, now));

			trusted_entry_json(o, e);
			json_array_append_new(arr, o);
		}
		cli_print_json(root);
		json_decref(root);
		trusted_free(&l);
		return EXIT_OK;
	}
	if (l.n == 0) {
		cli_linef("No trusted services (%s).", path);
		cli_linef("Add one: openclaw-console trusted add --name N --device-id HEX --scopes operator.read");
		return EXIT_OK;
	}
	cli_linef("%-20s %-34s %-36s %-12s %s", "NAME", "MATCH", "CEILING", "EXPIRES", "NOTE");
	for (size_t i = 0; i < l.n; i++) {
		const struct trusted_entry *e = &l.v[i];
		char match[200], exp[48];

		if (e->device_id[0])
			snprintf(match, sizeof(match), "device %.16s… (pinned)", e->device_id);
		else
			snprintf(match, sizeof(match), "client %s%s%s UNPINNED, loopback", e->client_id,
				 e->mode[0] ? "/" : "", e->mode);
		session_scopes_join(e->scopes, e->n_scopes, scopes, sizeof(scopes));
		snprintf(exp, sizeof(exp), "%s%s", e->expires[0] ? e->expires : "never",
			 trusted_is_expired(e, now) ? " EXPIRED" : "");
		/* client id, mode and note are whatever the file says: cli_linef sanitises */
		cli_linef("%-20s %-34s %-36s %-12s %s", e->name, match, scopes, exp, e->note);
	}
	trusted_free(&l);
	return EXIT_OK;
}

/* Copy a command option value into out; -1 (printed) when missing or too long. */
static int
trusted_opt_value(const struct opts *opts, int *i, char *out, size_t size)
{
	const char *name = opts->argv[*i];

	if (*i + 1 >= opts->argc) {
		cli_errorf("%s needs a value", name);
		return -1;
	}
	(*i)++;
	if (strlen(opts->argv[*i]) >= size) {
		cli_errorf("%s: value too long (max %zu)", name, size - 1);
		return -1;
	}
	snprintf(out, size, "%s", opts->argv[*i]);
	return 0;
}

static int
trusted_add_cmd(const struct opts *opts)
{
	struct trusted_entry e;
	struct trusted_list l = { NULL, 0 };
	struct oc_err err = { "" };
	char path[4200], scopes[400];
	int n, lock, rc = EXIT_OK;

	memset(&e, 0, sizeof(e));
	for (int i = 1; i < opts->argc; i++) {
		const char *a = opts->argv[i];
		char *slot = NULL;
		size_t size = 0;

		if (strcmp(a, "--name") == 0)
			slot = e.name, size = sizeof(e.name);
		else if (strcmp(a, "--device-id") == 0)
			slot = e.device_id, size = sizeof(e.device_id);
		else if (strcmp(a, "--client-id") == 0)
			slot = e.client_id, size = sizeof(e.client_id);
		else if (strcmp(a, "--mode") == 0)
			slot = e.mode, size = sizeof(e.mode);
		else if (strcmp(a, "--display-name") == 0)
			slot = e.display_name, size = sizeof(e.display_name);
		else if (strcmp(a, "--expires") == 0)
			slot = e.expires, size = sizeof(e.expires);
		else if (strcmp(a, "--note") == 0)
			slot = e.note, size = sizeof(e.note);
		if (!slot) {
			cli_errorf("trusted add: unknown argument \"%s\"", a);
			return EXIT_USAGE;
		}
		if (trusted_opt_value(opts, &i, slot, size) < 0)
			return EXIT_USAGE;
	}
	if (!e.name[0] || !opts->scopes) {
		cli_errorf("trusted add needs --name and --scopes (see trusted --help)");
		return EXIT_USAGE;
	}
	n = scopes_parse_list(opts->scopes, e.scopes, TRUSTED_MAX_SCOPES);
	if (n < 0) {
		cli_errorf("--scopes: expected a comma-separated list of scopes");
		return EXIT_USAGE;
	}
	e.n_scopes = (size_t)n;
	if (trusted_validate_entry(&e, &err) < 0) {
		cli_errorf("%s", err.msg);
		return EXIT_USAGE;
	}
	lock = trusted_file_lock(opts, path, sizeof(path));
	if (lock < 0)
		return EXIT_RUNTIME;
	if (trusted_load(path, &l, &err) < 0 || trusted_add(&l, &e, &err) < 0 ||
	    trusted_save(path, &l, &err) < 0) {
		cli_errorf("%s", err.msg);
		rc = EXIT_RUNTIME;
	}
	trusted_unlock(lock);
	trusted_free(&l);
	if (rc != EXIT_OK)
		return rc;
	session_scopes_join(e.scopes, e.n_scopes, scopes, sizeof(scopes));
	if (e.device_id[0])
		cli_linef("added %s: pinned to device %s, ceiling %s", e.name, e.device_id, scopes);
	else {
		cli_linef("added %s: UNPINNED client id %s%s%s (loopback only, weaker than a device id), "
			  "ceiling %s", e.name, e.client_id, e.mode[0] ? " mode " : "", e.mode, scopes);
		/* auth/agent.c counts only a gateway-reported loopback address as local */
		cli_linef("note: the agent approves an unpinned entry's request only when the gateway "
			  "reports a loopback address for it, and 2026.9.6 reports none: there this entry "
			  "approves nothing.  Pin the service's key with --device-id instead");
	}
	return EXIT_OK;
}

static int
trusted_remove_cmd(const struct opts *opts)
{
	struct trusted_list l = { NULL, 0 };
	struct oc_err err = { "" };
	char path[4200];
	int lock, rc = EXIT_OK;

	if (opts->argc != 2) {
		cli_errorf("usage: openclaw-console trusted remove NAME");
		return EXIT_USAGE;
	}
	lock = trusted_file_lock(opts, path, sizeof(path));
	if (lock < 0)
		return EXIT_RUNTIME;
	if (trusted_load(path, &l, &err) < 0) {
		cli_errorf("%s", err.msg);
		rc = EXIT_RUNTIME;
	} else if (!trusted_remove(&l, opts->argv[1])) {
		cli_errorf("no trusted service named \"%s\"", opts->argv[1]);
		rc = EXIT_RUNTIME;
	} else if (trusted_save(path, &l, &err) < 0) {
		cli_errorf("%s", err.msg);
		rc = EXIT_RUNTIME;
	} else {
		cli_linef("removed %s", opts->argv[1]);
	}
	trusted_unlock(lock);
	trusted_free(&l);
	return rc;
}

/* ===== Gateway pairing policy ===== */

/* Read the policy with config.get into *p (release with gw_policy_free).  0, or -1
 * (printed). */
static int
policy_get(struct oneshot *o, struct gw_policy *p)
{
	json_t *res = NULL;
	int rc;

	if (oneshot_call(o, GW_OP_CONFIG_GET, NULL, &res) < 0) {
		cli_errorf("%s: %s", gw_op_method(GW_OP_CONFIG_GET), o->call_error);
		return -1;
	}
	rc = gw_policy_parse(res, p);
	json_decref(res);
	if (rc < 0)
		cli_errorf("out of memory");
	return rc;
}

/* The gateway's release (hello-ok server.version) and its row in auth/release.c. */
static const struct release *
policy_release(struct oneshot *o, const char **version)
{
	*version = client_result(o->client)->server_version;
	return release_find(*version, NULL);
}

#define POLICY_LOCAL_KEY "gateway.nodes.pairing.autoApproveLocal"
#define POLICY_CIDRS_KEY "gateway.nodes.pairing.autoApproveCidrs"

static void
policy_print(const struct gw_policy *p, bool json, struct oneshot *os)
{
	const char *version;
	const struct release *rel = policy_release(os, &version);
	bool has_local = release_has_setting(rel, POLICY_LOCAL_KEY);
	bool has_cidrs = release_has_setting(rel, POLICY_CIDRS_KEY);
	char buf[300], list[4096];

	if (json) {
		json_t *o = json_object(), *arr = json_array();

		json_object_set_new(o, "gatewayVersion", json_string(version));
		json_object_set_new(o, "autoApproveLocalSupported", json_boolean(has_local));
		json_object_set_new(o, "autoApproveCidrsSupported", json_boolean(has_cidrs));
		json_object_set_new(o, "autoApproveLocal", !has_local ? json_null() : json_boolean(p->local));
		json_object_set_new(o, "autoApproveLocalSet", json_boolean(p->local_set));
		for (size_t i = 0; i < p->n_cidrs; i++)
			if (p->cidrs[i]) {
				text_sanitize(p->cidrs[i], buf, sizeof(buf));
				json_array_append_new(arr, json_string(buf));
			}
		json_object_set_new(o, "autoApproveCidrs", arr);
		text_sanitize(p->hash ? p->hash : "", buf, sizeof(buf));
		json_object_set_new(o, "hash", json_string(buf));
		cli_print_json(o);
		json_decref(o);
		return;
	}
	if (!has_local)
		cli_linef("autoApproveLocal  not supported by this gateway (%s): a local pairing without an "
			  "Origin is always silent", version);
	else
		cli_linef("autoApproveLocal  %s", !p->local_set ? "true (default)" : p->local ? "true" : "false");
	list[0] = '\0';
	for (size_t i = 0; i < p->n_cidrs; i++) {
		size_t n = strlen(list);

		text_sanitize(p->cidrs[i] ? p->cidrs[i] : "?", buf, sizeof(buf));
		snprintf(list + n, sizeof(list) - n, "%s%s", i ? "," : "", buf);
	}
	if (!has_cidrs)
		cli_linef("autoApproveCidrs  not supported by this gateway (%s)", version);
	else
		cli_linef("autoApproveCidrs  %s", list[0] ? list : "none");
	text_sanitize(p->hash ? p->hash : "", buf, sizeof(buf));
	cli_linef("config hash       %s", buf);
}

static int
policy_set(struct oneshot *o, const struct opts *opts, int first)
{
	const char *base_hash = NULL;
	struct gw_policy_edit e;
	struct gw_policy cur;
	struct oc_err err = { "" };
	json_t *params, *out = NULL;
	bool shrink = false, any = false;
	int rc;

	memset(&e, 0, sizeof(e));
	for (int i = first; i < opts->argc; i++) {
		const char *a = opts->argv[i];

		if (strcmp(a, "--base-hash") == 0 && i + 1 < opts->argc) {
			base_hash = opts->argv[++i];
		} else if (strncmp(a, "autoApproveLocal=", 17) == 0) {
			int b = boolword_parse(a + 17);

			if (b < 0) {
				cli_errorf("autoApproveLocal must be true or false");
				gw_policy_edit_free(&e);
				return EXIT_USAGE;
			}
			e.set_local = true;
			e.local = b == 1;
			any = true;
		} else if (strncmp(a, "autoApproveCidrs=", 17) == 0) {
			if (gw_policy_edit_cidrs(&e, a + 17, ",", &err) < 0) {
				cli_errorf("%s", err.msg);
				gw_policy_edit_free(&e);
				return EXIT_USAGE;
			}
			any = true;
		} else {
			cli_errorf("trusted policy set: unknown argument \"%s\" (autoApproveLocal=…, "
				   "autoApproveCidrs=…, --base-hash HASH)", a);
			gw_policy_edit_free(&e);
			return EXIT_USAGE;
		}
	}
	if (!any) {
		cli_errorf("trusted policy set: nothing to set");
		return EXIT_USAGE;
	}
	if (base_hash && !release_hash_valid(base_hash)) {
		cli_errorf("trusted policy set: --base-hash \"%.80s\" is not a config hash (64 hex digits, "
			   "or hmac-sha256:v1:…); copy it from `openclaw-console trusted policy`", base_hash);
		gw_policy_edit_free(&e);
		return EXIT_USAGE;
	}
	{
		const char *version;
		const struct release *rel = policy_release(o, &version);
		const char *missing = e.set_local && !release_has_setting(rel, POLICY_LOCAL_KEY) ?
				      "autoApproveLocal" :
				      e.cidrs && !release_has_setting(rel, POLICY_CIDRS_KEY) ?
				      "autoApproveCidrs" : NULL;

		if (missing) {
			cli_errorf("trusted policy set: %s is not supported by this gateway (%s); "
				   "nothing was written (see openclaw-console(1), RELEASES)", missing, version);
			gw_policy_edit_free(&e);
			return EXIT_USAGE;
		}
	}
	/* Read the current value (for replacePaths) and the hash the patch is based on.  An
	 * explicit --base-hash wins: the gateway then refuses the patch if the config moved. */
	if (policy_get(o, &cur) < 0) {
		gw_policy_edit_free(&e);
		return EXIT_RUNTIME;
	}
	params = gw_policy_patch_params(&cur, &e, base_hash, "openclaw-console trusted policy set",
					&shrink);
	gw_policy_free(&cur);
	gw_policy_edit_free(&e);
	if (!params) {
		cli_errorf("out of memory");
		return EXIT_RUNTIME;
	}
	if (oneshot_call(o, GW_OP_CONFIG_PATCH, params, &out) < 0) {
		if (strstr(o->call_error, "service restart")) {
			/* 2026.6.11 restarts to apply the patch and closes before it answers */
			cli_errorf("%s: the gateway restarted before answering (%s); it may have "
				   "applied the change: check with `openclaw-console trusted policy`",
				   gw_op_method(GW_OP_CONFIG_PATCH), o->call_error);
			return EXIT_RUNTIME;
		}
		cli_errorf("%s refused: %s", gw_op_method(GW_OP_CONFIG_PATCH), o->call_error);
		if (strstr(o->call_error, "config changed since last load"))
			fprintf(stderr, "the gateway config changed since it was read; nothing was "
				"written.  Run `openclaw-console trusted policy` and try again.\n");
		return EXIT_RUNTIME;
	}
	rc = gw_policy_parse(out, &cur);
	json_decref(out);
	if (rc < 0) {
		cli_errorf("out of memory");
		return EXIT_RUNTIME;
	}
	if (!opts->json)
		cli_linef("updated gateway pairing policy%s", shrink ? " (replaced the CIDR list)" : "");
	policy_print(&cur, opts->json, o);
	gw_policy_free(&cur);
	return EXIT_OK;
}

static int
trusted_policy_cmd(const struct opts *opts)
{
	struct oneshot o;
	struct gw_policy pol;
	int rc;

	if (opts->argc >= 2 && strcmp(opts->argv[1], "set") != 0) {
		cli_errorf("trusted policy: unknown argument \"%s\"", opts->argv[1]);
		return EXIT_USAGE;
	}
	rc = oneshot_open(&o, opts, "cli", "cli");
	if (rc != EXIT_OK) {
		oneshot_close(&o);
		return rc;
	}
	if (opts->argc >= 2) {
		rc = policy_set(&o, opts, 2);
	} else if (policy_get(&o, &pol) < 0) {
		rc = EXIT_RUNTIME;
	} else {
		policy_print(&pol, opts->json, &o);
		gw_policy_free(&pol);
	}
	oneshot_close(&o);
	return rc;
}

int
cmd_trusted(const struct opts *opts)
{
	const char *sub = opts->argc > 0 ? opts->argv[0] : "list";

	if (strcmp(sub, "list") == 0)
		return trusted_list_cmd(opts);
	if (strcmp(sub, "add") == 0)
		return trusted_add_cmd(opts);
	if (strcmp(sub, "remove") == 0)
		return trusted_remove_cmd(opts);
	if (strcmp(sub, "policy") == 0)
		return trusted_policy_cmd(opts);
	if (strcmp(sub, "help") == 0) {
		trusted_usage(stdout);
		return EXIT_OK;
	}
	cli_errorf("trusted: unknown subcommand \"%s\"", sub);
	trusted_usage(stderr);
	return EXIT_USAGE;
}
