/* `openclaw-console devices list|approve|reject|remove|revoke`: the gateway's device
 * pairing table (device.pair.* and device.token.revoke, protocol brief 5.3). */
#include "tui/commands.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth/grant.h"
#include "net/evloop.h"
#include "net/gwop.h"
#include "net/model.h"
#include "net/rows.h"
#include "tui/table.h"

static void
devices_usage(FILE *f)
{
	fprintf(f,
		"usage: openclaw-console devices list [--json]\n"
		"       openclaw-console devices approve REQUEST_ID [--yes] [--restore] [--json]\n"
		"       openclaw-console devices reject REQUEST_ID [--json]\n"
		"       openclaw-console devices remove DEVICE_ID [--json]\n"
		"       openclaw-console devices revoke DEVICE_ID [--role ROLE] [--json]\n"
		"  list     pending pairing requests and paired devices (device.pair.list)\n"
		"  approve  approve a pending request; prints the role and scopes granted.  A repair\n"
		"           that would re-grant scopes it does not ask for (those of a revoked\n"
		"           token) is refused unless --restore is given.  A grant of operator.admin,\n"
		"           asked for or re-granted, is confirmed by typing yes on the terminal;\n"
		"           without a terminal it needs --yes (else exit 2)\n"
		"  reject   reject a pending request (the device may ask again)\n"
		"  remove   unpair a device: its token is revoked and its sockets closed\n"
		"  revoke   revoke the device's token for ROLE (default operator)\n"
		"  Gateway errors are printed as \"message (CODE/DETAIL)\" and exit with status 1.\n");
}

/* Run one RPC and hand back the payload, or print the gateway's error and return NULL. */
static json_t *
devices_call(struct oneshot *o, enum gw_op op, json_t *params)
{
	json_t *res = NULL;

	if (oneshot_call(o, op, params, &res) < 0) {
		cli_errorf("%s: %s", gw_op_method(op), o->call_error);
		return NULL;
	}
	return res;
}

static int
devices_list(struct oneshot *o, const struct opts *opts)
{
	struct model m;
	struct rows_view pv, dv;
	json_t *res = devices_call(o, GW_OP_PAIR_LIST, NULL);
	int64_t now = evloop_wall_ms();
	int rc = EXIT_OK;

	if (!res)
		return EXIT_RUNTIME;
	memset(&m, 0, sizeof(m));
	memset(&pv, 0, sizeof(pv));
	memset(&dv, 0, sizeof(dv));
	pv.kind = ROWS_PENDING;
	pv.sort_col = -1;
	dv.kind = ROWS_PAIRED;
	dv.sort_col = -1;
	if (!json_is_object(res)) {
		cli_errorf("%s: unexpected result", gw_op_method(GW_OP_PAIR_LIST));
		rc = EXIT_RUNTIME;
	} else if (model_set_pairing(&m, res, now) < 0 ||
		   oneshot_complete_model(o, &m, GW_OP_PRESENCE) < 0 ||
		   rows_view_build(&pv, &m, now) < 0 || rows_view_build(&dv, &m, now) < 0) {
		cli_errorf("out of memory");
		rc = EXIT_RUNTIME;
	} else if (opts->json) {
		json_t *out = json_object(), *pa = json_array(), *da = json_array();

		for (size_t i = 0; i < m.n_pending; i++)
			json_array_append_new(pa, model_pending_json(&m.pending[i]));
		for (size_t i = 0; i < m.n_paired; i++)
			json_array_append_new(da, model_paired_json(&m.paired[i]));
		json_object_set_new(out, "pending", pa);
		json_object_set_new(out, "paired", da);
		cli_print_json(out);
		json_decref(out);
	} else {
		/* request device name client mode class role scopes age kind */
		static const int pcols[] = { 0, 1, 2, 3, 4, 5, 6, 10, 11, 7 };
		/* device name client mode class role via online seen scopes */
		static const int dcols[] = { 0, 1, 2, 3, 4, 5, 8, 9, 10, 6 };

		/* the table cells are the model's strings, sanitised when parsed */
		cli_linef("Pending requests (%zu)", m.n_pending);
		if (m.n_pending)
			table_print(stdout, &m, &pv, now, pcols, sizeof(pcols) / sizeof(pcols[0]));
		cli_stdout_note();
		cli_linef("%s", "");
		cli_linef("Paired devices (%zu)", m.n_paired);
		if (m.n_paired)
			table_print(stdout, &m, &dv, now, dcols, sizeof(dcols) / sizeof(dcols[0]));
		cli_stdout_note();
	}
	if (rc == EXIT_OK) {
		char caps[512];

		/* on stderr, so that --json stays the lists */
		if (model_caps_describe(&m, caps, sizeof(caps)))
			cli_errorf("%s", caps);
	}
	json_decref(res);
	rows_view_free(&pv);
	rows_view_free(&dv);
	model_free(&m);
	return rc;
}

/* Ask on the terminal whether to grant operator.admin; true only for a typed "yes". */
static bool
devices_ask_admin(FILE *tty, const struct pending_req *q)
{
	char answer[16] = "";

	/* the model's strings are sanitised already */
	fprintf(tty, "Request %s from device %s \"%s\" (client %s/%s, %s)\n"
		"grants operator.admin: full control of the gateway, every scope implied.\n"
		"Type yes to approve it: ", q->request_id, rows_short_id(q->device_id),
		q->display_name ? q->display_name : "-", q->client_id ? q->client_id : "-",
		q->client_mode ? q->client_mode : "-", q->remote_ip ? q->remote_ip : "remote unknown");
	fflush(tty);
	if (!fgets(answer, sizeof(answer), tty))
		return false;
	answer[strcspn(answer, "\r\n")] = '\0';
	return strcmp(answer, "yes") == 0;
}

/* An admin grant needs a second yes, as in the TUI: typed on the terminal, or --yes when
 * there is none.  EXIT_OK to go ahead, or the exit code (reason printed). */
static int
devices_confirm_admin(const struct pending_req *q, const char *request_id, bool yes)
{
	FILE *tty = NULL;
	int rc = EXIT_OK;

	if (yes)
		return EXIT_OK;
	if (isatty(STDIN_FILENO))
		tty = fopen("/dev/tty", "r+");
	if (!tty) {
		cli_errorf("devices approve: request %s grants operator.admin (full control of the "
			   "gateway); without a terminal to confirm on, pass --yes to approve it",
			   request_id);
		rc = EXIT_USAGE;
	} else if (!devices_ask_admin(tty, q)) {
		cli_errorf("devices approve: not approved (operator.admin needs \"yes\")");
		rc = EXIT_RUNTIME;
	}
	if (tty)
		fclose(tty);
	return rc;
}

/* Read the pairing list into *m (caller frees) and find request_id in it: the request, or
 * NULL when it is not pending (the gateway's answer to the approve says why).  Sets *failed
 * when the list could not be read (printed). */
static const struct pending_req *
devices_find_request(struct oneshot *o, const char *request_id, struct model *m, bool *failed)
{
	json_t *res = devices_call(o, GW_OP_PAIR_LIST, NULL);
	const struct pending_req *q = NULL;

	memset(m, 0, sizeof(*m));
	*failed = !res;
	if (!res)
		return NULL;
	if (!json_is_object(res) || model_set_pairing(m, res, evloop_wall_ms()) < 0) {
		cli_errorf("%s: unexpected result", gw_op_method(GW_OP_PAIR_LIST));
		*failed = true;
	} else {
		q = model_find_pending(m, request_id);
	}
	json_decref(res);
	return q;
}

static json_t *
devices_grant_json(const struct grant *g, enum grant_source which)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < g->n; i++)
		if (g->v[i].source == which)
			json_array_append_new(a, json_string(g->v[i].name));
	return a;
}

static int
devices_approve(struct oneshot *o, const struct opts *opts, const char *request_id, bool yes,
		bool restore)
{
	json_t *res;
	struct model m, pm;
	struct grant g;
	const struct pending_req *q;
	char asked[1024] = "", back[600] = "";
	int rc = EXIT_OK;
	bool failed;

	/* What approval makes the device hold (auth/grant.h).  A repair can grant more than it
	 * asks for (a revoked token's scopes come back): approve that only when told to, after
	 * saying what it is; and an admin grant, asked for or brought back, only when
	 * confirmed. */
	q = devices_find_request(o, request_id, &pm, &failed);
	if (q) {
		model_request_grant(&pm, q, &g);
		rows_join(q->scopes.v, q->scopes.n, ",", asked, sizeof(asked));
		if (grant_restores(&g)) {
			if (g.unknown)
				snprintf(back, sizeof(back), "scopes of an earlier grant (the paired record is not listed)");
			else
				grant_format(&g, GRANT_RESTORED, back, sizeof(back));
			if (!restore) {
				cli_errorf("devices approve %s: it asks for %s, but approving it also "
					   "re-grants %s; pass --restore to approve that, or reject it",
					   request_id, asked[0] ? asked : "(no scopes)", back);
				rc = EXIT_RUNTIME;
			}
		}
		if (rc == EXIT_OK && grant_has_admin(&g))
			rc = devices_confirm_admin(q, request_id, yes);
	}
	model_free(&pm);
	if (failed)
		return EXIT_RUNTIME;
	if (rc != EXIT_OK)
		return rc;
	res = devices_call(o, GW_OP_PAIR_APPROVE, gw_pair_approve_params(request_id));
	if (!res)
		return EXIT_RUNTIME;
	/* The approved device, parsed (and sanitised) by the model. */
	memset(&m, 0, sizeof(m));
	if (gw_pair_approve_result(&m, res, evloop_wall_ms()) < 0) {
		cli_errorf("out of memory");
		rc = EXIT_RUNTIME;
	} else if (opts->json) {
		json_t *out = json_object();
		struct gw_device_result r;

		gw_device_result(res, &r);
		json_object_set_new(out, "requestId", json_string(r.request_id));
		json_object_set_new(out, "device", m.n_paired ? model_paired_json(&m.paired[0])
							      : json_null());
		if (q) {
			json_object_set_new(out, "requested", devices_grant_json(&g, GRANT_REQUESTED));
			json_object_set_new(out, "restored", devices_grant_json(&g, GRANT_RESTORED));
		}
		cli_print_json(out);
		json_decref(out);
	} else if (m.n_paired) {
		const struct paired_dev *d = &m.paired[0];
		char scopes[1024];

		rows_join(d->scopes.v, d->scopes.n, ",", scopes, sizeof(scopes));
		cli_linef("approved %s: device %s (%s %s/%s) role %s scopes %s", request_id,
			  rows_short_id(d->device_id), d->display_name ? d->display_name : "-",
			  d->client_id ? d->client_id : "-", d->client_mode ? d->client_mode : "-",
			  d->role ? d->role : "-", d->scopes.n ? scopes : "(none)");
		if (back[0])
			cli_linef("  asked for %s; re-granted %s", asked[0] ? asked : "(no scopes)", back);
	} else {
		cli_linef("approved %s", request_id);
	}
	json_decref(res);
	model_free(&m);
	return rc;
}

/* reject, remove and revoke: one call, then a one-line confirmation. */
static int
devices_simple(struct oneshot *o, const struct opts *opts, const char *sub, const char *arg,
	       const char *role)
{
	enum gw_op op;
	json_t *params, *res;
	struct gw_device_result r;

	if (strcmp(sub, "reject") == 0) {
		op = GW_OP_PAIR_REJECT;
		params = gw_pair_reject_params(arg);
	} else if (strcmp(sub, "remove") == 0) {
		op = GW_OP_PAIR_REMOVE;
		params = gw_pair_remove_params(arg);
	} else {
		op = GW_OP_TOKEN_REVOKE;
		params = gw_token_revoke_params(arg, role);
	}
	res = devices_call(o, op, params);
	if (!res)
		return EXIT_RUNTIME;
	gw_device_result(res, &r);
	if (opts->json) {
		json_t *out = json_object();

		json_object_set_new(out, "ok", json_true());
		json_object_set_new(out, "action", json_string(sub));
		if (r.has_request_id)
			json_object_set_new(out, "requestId", json_string(r.request_id));
		json_object_set_new(out, "deviceId", json_string(r.device_id));
		if (r.has_role)
			json_object_set_new(out, "role", json_string(r.role));
		if (r.has_revoked_at)
			json_object_set_new(out, "revokedAtMs", json_integer(r.revoked_at_ms));
		cli_print_json(out);
		json_decref(out);
	} else if (strcmp(sub, "reject") == 0) {
		cli_linef("rejected %s (device %s)", arg, rows_short_id(r.device_id));
	} else if (strcmp(sub, "remove") == 0) {
		cli_linef("removed device %s", r.device_id);
	} else {
		cli_linef("revoked the %s token of device %s", role, r.device_id);
	}
	json_decref(res);
	return EXIT_OK;
}

int
cmd_devices(const struct opts *opts)
{
	struct oneshot o;
	const char *sub, *arg = NULL, *role = "operator";
	bool yes = false;	/* approve --yes: an operator.admin grant without asking */
	bool restore = false;	/* approve --restore: a repair that re-grants what it does not ask */
	int rc, need;

	if (opts->argc < 1) {
		devices_usage(stderr);
		return EXIT_USAGE;
	}
	sub = opts->argv[0];
	if (strcmp(sub, "help") == 0) {
		devices_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(sub, "list") == 0)
		need = 0;
	else if (strcmp(sub, "approve") == 0 || strcmp(sub, "reject") == 0 ||
		 strcmp(sub, "remove") == 0 || strcmp(sub, "revoke") == 0)
		need = 1;
	else {
		cli_errorf("devices: unknown subcommand \"%s\"", sub);
		devices_usage(stderr);
		return EXIT_USAGE;
	}
	for (int i = 1; i < opts->argc; i++) {
		const char *a = opts->argv[i];

		if (strcmp(sub, "approve") == 0 && strcmp(a, "--yes") == 0) {
			yes = true;
		} else if (strcmp(sub, "revoke") == 0 && strcmp(a, "--role") == 0) {
			if (i + 1 >= opts->argc || !*opts->argv[i + 1]) {
				cli_errorf("devices revoke: --role needs a value");
				return EXIT_USAGE;
			}
			role = opts->argv[++i];
		} else if (strcmp(sub, "revoke") == 0 && strncmp(a, "--role=", 7) == 0 && a[7]) {
			role = a + 7;
		} else if (strcmp(sub, "approve") == 0 && strcmp(a, "--restore") == 0) {
			restore = true;
		} else if (a[0] != '-' && !arg && need) {
			arg = a;
		} else {
			cli_errorf("devices %s: unexpected argument \"%s\"", sub, a);
			return EXIT_USAGE;
		}
	}
	if (need && (!arg || !*arg)) {
		cli_errorf("devices %s: missing %s", sub,
			   strcmp(sub, "approve") == 0 || strcmp(sub, "reject") == 0 ? "REQUEST_ID"
										    : "DEVICE_ID");
		return EXIT_USAGE;
	}
	rc = oneshot_open(&o, opts, "cli", "cli");
	if (rc != EXIT_OK) {
		oneshot_close(&o);
		return rc;
	}
	if (strcmp(sub, "list") == 0)
		rc = devices_list(&o, opts);
	else if (strcmp(sub, "approve") == 0)
		rc = devices_approve(&o, opts, arg, yes, restore);
	else
		rc = devices_simple(&o, opts, sub, arg, role);
	oneshot_close(&o);
	return rc;
}
