/* `openclaw-console devices list|approve|reject|remove|revoke`: the gateway's device
 * pairing table (device.pair.* and device.token.revoke, protocol brief 5.3). */
#include "tui/commands.h"

#include <stdio.h>
#include <string.h>

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
		"       openclaw-console devices approve REQUEST_ID [--json]\n"
		"       openclaw-console devices reject REQUEST_ID [--json]\n"
		"       openclaw-console devices remove DEVICE_ID [--json]\n"
		"       openclaw-console devices revoke DEVICE_ID [--role ROLE] [--json]\n"
		"  list     pending pairing requests and paired devices (device.pair.list)\n"
		"  approve  approve a pending request; prints the role and scopes granted\n"
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
	} else if (model_set_pairing(&m, res, now) < 0 || rows_view_build(&pv, &m, now) < 0 ||
		   rows_view_build(&dv, &m, now) < 0) {
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

		printf("Pending requests (%zu)\n", m.n_pending);
		if (m.n_pending)
			table_print(stdout, &m, &pv, now, pcols, sizeof(pcols) / sizeof(pcols[0]));
		printf("\nPaired devices (%zu)\n", m.n_paired);
		if (m.n_paired)
			table_print(stdout, &m, &dv, now, dcols, sizeof(dcols) / sizeof(dcols[0]));
	}
	json_decref(res);
	rows_view_free(&pv);
	rows_view_free(&dv);
	model_free(&m);
	return rc;
}

static int
devices_approve(struct oneshot *o, const struct opts *opts, const char *request_id)
{
	json_t *res = devices_call(o, GW_OP_PAIR_APPROVE, gw_pair_approve_params(request_id));
	struct model m;
	int rc = EXIT_OK;

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
		cli_print_json(out);
		json_decref(out);
	} else if (m.n_paired) {
		const struct paired_dev *d = &m.paired[0];
		char scopes[1024];

		rows_join(d->scopes.v, d->scopes.n, ",", scopes, sizeof(scopes));
		printf("approved %s: device %s (%s %s/%s) role %s scopes %s\n", request_id,
		       rows_short_id(d->device_id), d->display_name ? d->display_name : "-",
		       d->client_id ? d->client_id : "-", d->client_mode ? d->client_mode : "-",
		       d->role ? d->role : "-", d->scopes.n ? scopes : "(none)");
	} else {
		printf("approved %s\n", request_id);
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
		printf("rejected %s (device %s)\n", arg, rows_short_id(r.device_id));
	} else if (strcmp(sub, "remove") == 0) {
		printf("removed device %s\n", r.device_id);
	} else {
		printf("revoked the %s token of device %s\n", role, r.device_id);
	}
	json_decref(res);
	return EXIT_OK;
}

int
cmd_devices(const struct opts *opts)
{
	struct oneshot o;
	const char *sub, *arg = NULL, *role = "operator";
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

		if (strcmp(sub, "revoke") == 0 && strcmp(a, "--role") == 0) {
			if (i + 1 >= opts->argc || !*opts->argv[i + 1]) {
				cli_errorf("devices revoke: --role needs a value");
				return EXIT_USAGE;
			}
			role = opts->argv[++i];
		} else if (strcmp(sub, "revoke") == 0 && strncmp(a, "--role=", 7) == 0 && a[7]) {
			role = a + 7;
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
		rc = devices_approve(&o, opts, arg);
	else
		rc = devices_simple(&o, opts, sub, arg, role);
	oneshot_close(&o);
	return rc;
}
