/* `openclaw-console devices list|approve|reject|remove|revoke`: the gateway's device
 * pairing table (device.pair.* and device.token.revoke, protocol brief 5.3). */
#include "tui/commands.h"

#include <stdio.h>
#include <string.h>

#include "net/evloop.h"
#include "net/model.h"
#include "net/rows.h"
#include "net/text.h"
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
devices_call(struct oneshot *o, const char *method, json_t *params)
{
	json_t *res = NULL;

	if (oneshot_call(o, method, params, &res) < 0) {
		cli_errorf("%s: %s", method, o->call_error);
		return NULL;
	}
	return res;
}

static int
devices_list(struct oneshot *o, const struct opts *opts)
{
	struct model m;
	struct rows_view pv, dv;
	json_t *res = devices_call(o, "device.pair.list", json_object());
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
		cli_errorf("device.pair.list: unexpected result");
		rc = EXIT_RUNTIME;
	} else if (model_set_pairing(&m, res, now) < 0 ||
		   oneshot_complete_model(o, &m, "presence") < 0 ||
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

/* A sanitised copy of obj[key] for printing ("" when absent). */
static const char *
clean_str(const json_t *obj, const char *key, char *buf, size_t size)
{
	const json_t *v = json_object_get(obj, key);

	text_sanitize(json_is_string(v) ? json_string_value(v) : "", buf, size);
	return buf;
}

static int
devices_approve(struct oneshot *o, const struct opts *opts, const char *request_id)
{
	json_t *res = devices_call(o, "device.pair.approve",
				   json_pack("{s:s}", "requestId", request_id));
	json_t *wrap;
	struct model m;
	int rc = EXIT_OK;

	if (!res)
		return EXIT_RUNTIME;
	/* Parse the approved device through the model so every string is sanitised. */
	memset(&m, 0, sizeof(m));
	wrap = json_pack("{s:[], s:[O]}", "pending", "paired",
			 json_is_object(json_object_get(res, "device")) ?
			 json_object_get(res, "device") : json_object());
	if (!wrap || model_set_pairing(&m, wrap, evloop_wall_ms()) < 0) {
		cli_errorf("out of memory");
		rc = EXIT_RUNTIME;
	} else if (opts->json) {
		json_t *out = json_object();
		char rid[128];

		json_object_set_new(out, "requestId", json_string(clean_str(res, "requestId", rid,
									     sizeof(rid))));
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
	json_decref(wrap);
	json_decref(res);
	model_free(&m);
	return rc;
}

/* reject, remove and revoke: one call, then a one-line confirmation. */
static int
devices_simple(struct oneshot *o, const struct opts *opts, const char *sub, const char *arg,
	       const char *role)
{
	const char *method;
	json_t *params, *res;
	char dev[160];

	if (strcmp(sub, "reject") == 0) {
		method = "device.pair.reject";
		params = json_pack("{s:s}", "requestId", arg);
	} else if (strcmp(sub, "remove") == 0) {
		method = "device.pair.remove";
		params = json_pack("{s:s}", "deviceId", arg);
	} else {
		method = "device.token.revoke";
		params = json_pack("{s:s, s:s}", "deviceId", arg, "role", role);
	}
	res = devices_call(o, method, params);
	if (!res)
		return EXIT_RUNTIME;
	if (opts->json) {
		json_t *out = json_object();
		char rid[128], r[64];

		json_object_set_new(out, "ok", json_true());
		json_object_set_new(out, "action", json_string(sub));
		if (json_object_get(res, "requestId"))
			json_object_set_new(out, "requestId",
					    json_string(clean_str(res, "requestId", rid, sizeof(rid))));
		json_object_set_new(out, "deviceId", json_string(clean_str(res, "deviceId", dev,
									     sizeof(dev))));
		if (json_object_get(res, "role"))
			json_object_set_new(out, "role", json_string(clean_str(res, "role", r, sizeof(r))));
		if (json_is_integer(json_object_get(res, "revokedAtMs")))
			json_object_set(out, "revokedAtMs", json_object_get(res, "revokedAtMs"));
		cli_print_json(out);
		json_decref(out);
	} else if (strcmp(sub, "reject") == 0) {
		printf("rejected %s (device %s)\n", arg, rows_short_id(clean_str(res, "deviceId", dev,
										  sizeof(dev))));
	} else if (strcmp(sub, "remove") == 0) {
		printf("removed device %s\n", clean_str(res, "deviceId", dev, sizeof(dev)));
	} else {
		printf("revoked the %s token of device %s\n", role, clean_str(res, "deviceId", dev,
									    sizeof(dev)));
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
