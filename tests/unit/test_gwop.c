/* net/gwop: the operations table against the gateway's advertised methods and scopes,
 * each request built and compared with the captured one, each captured result parsed,
 * events recognised, and the pairing policy read and patched as the gateway expects. */
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "net/frame.h"
#include "net/gwop.h"
#include "net/model.h"
#include "check.h"
#include "fixture.h"

/* doc[key] (or doc itself) parsed as a frame, as the client would receive it. */
static int
frame_of(struct frame *f, const json_t *doc, const char *key)
{
	const json_t *v = key ? json_object_get(doc, key) : doc;
	struct oc_err err = { "" };
	char *text = v ? json_dumps(v, JSON_COMPACT) : NULL;
	int rc;

	memset(f, 0, sizeof(*f));
	if (!text)
		return -1;
	rc = frame_parse(text, strlen(text), f, &err);
	free(text);
	return rc;
}

/* The request the client sends for op with params (stolen), parsed back into JSON. */
static json_t *
built_req(const char *id, enum gw_op op, json_t *params)
{
	char *text = frame_build_req(id, gw_op_method(op), params ? params : json_object());
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;

	free(text);
	return v;
}

static bool
array_has(const json_t *arr, const char *s)
{
	size_t i;
	const json_t *v;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

/* ===================================================================== The table */

static void
test_ops_are_advertised_with_their_scopes(void)
{
	json_t *methods = fixture_load("hello-ok.features.methods.json");
	json_t *scopes = fixture_load("method-scopes.from-code.json");

	CHECK(json_is_array(methods) && json_is_object(scopes));
	for (int op = 0; op < GW_OP_COUNT; op++) {
		const char *m = gw_op_method((enum gw_op)op);

		CHECK(m[0] != '\0');
		CHECK(array_has(methods, m));
		CHECK_STR(json_string_value(json_object_get(scopes, m)), gw_op_scope((enum gw_op)op));
	}
	CHECK_STR(gw_op_method(GW_OP_PAIR_APPROVE), "device.pair.approve");
	CHECK_STR(gw_op_scope(GW_OP_CONFIG_PATCH), "operator.admin");
	CHECK_STR(gw_op_method(GW_OP_COUNT), "");
	CHECK_STR(gw_op_scope((enum gw_op)-1), "");
	json_decref(methods);
	json_decref(scopes);
}

static void
test_events_from_captured_frames(void)
{
	json_t *events = fixture_load("hello-ok.features.events.json");
	json_t *req = fixture_load("device.pair.requested.event.json");
	json_t *res = fixture_load("device.pair.resolved.event.json");
	json_t *pres = fixture_load("presence.event.json");
	json_t *health = fixture_load("health.event.json");
	json_t *list = fixture_load("device.pair.list.res.json");
	struct frame f;

	for (int e = GW_EVENT_OTHER + 1; e <= GW_EVENT_PAIR_RESOLVED; e++)
		CHECK(array_has(events, gw_event_name((enum gw_event)e)));
	CHECK(frame_of(&f, req, NULL) == 0 && gw_event_of(&f) == GW_EVENT_PAIR_REQUESTED);
	frame_free(&f);
	CHECK(frame_of(&f, res, "approved") == 0 && gw_event_of(&f) == GW_EVENT_PAIR_RESOLVED);
	frame_free(&f);
	CHECK(frame_of(&f, pres, NULL) == 0 && gw_event_of(&f) == GW_EVENT_PRESENCE);
	frame_free(&f);
	CHECK(frame_of(&f, health, NULL) == 0 && gw_event_of(&f) == GW_EVENT_OTHER);
	frame_free(&f);
	/* a response whose id names a method is not an event */
	CHECK(frame_of(&f, list, NULL) == 0 && gw_event_of(&f) == GW_EVENT_OTHER);
	frame_free(&f);
	CHECK(gw_event_of(NULL) == GW_EVENT_OTHER);
	CHECK_STR(gw_event_name(GW_EVENT_OTHER), "");
	CHECK_STR(gw_event_name(GW_EVENT_PAIR_REQUESTED), "device.pair.requested");
	json_decref(events);
	json_decref(req);
	json_decref(res);
	json_decref(pres);
	json_decref(health);
	json_decref(list);
}

/* ===================================================================== Requests */

static void
test_pair_approve_request_matches_capture(void)
{
	json_t *doc = fixture_load("device.pair.approve.json");
	const json_t *want = json_object_get(doc, "request");
	const char *id = json_string_value(json_object_get(want, "id"));
	const char *rid = json_string_value(json_object_get(json_object_get(want, "params"), "requestId"));
	json_t *got = built_req(id, GW_OP_PAIR_APPROVE, gw_pair_approve_params(rid));

	CHECK(got && json_equal(got, want));
	json_decref(got);
	json_decref(doc);
}

static void
test_token_revoke_request_matches_capture(void)
{
	json_t *doc = fixture_load("device.token.revoke.res.json");
	const json_t *want = json_object_get(doc, "request");
	const json_t *p = json_object_get(want, "params");
	json_t *got = built_req(json_string_value(json_object_get(want, "id")), GW_OP_TOKEN_REVOKE,
				gw_token_revoke_params(json_string_value(json_object_get(p, "deviceId")),
						       json_string_value(json_object_get(p, "role"))));

	CHECK(got && json_equal(got, want));
	json_decref(got);
	json_decref(doc);
}

static void
test_reject_remove_and_list_requests(void)
{
	json_t *rej = fixture_load("device.pair.reject.res.json");
	json_t *rem = fixture_load("device.pair.remove.json");
	const json_t *rp = json_object_get(rej, "payload");
	const json_t *mp = json_object_get(json_object_get(rem, "response"), "payload");
	json_t *got, *want;

	/* the results echo the params they were called with (protocol brief 5.3) */
	got = built_req("r6-device.pair.reject", GW_OP_PAIR_REJECT,
			gw_pair_reject_params(json_string_value(json_object_get(rp, "requestId"))));
	want = json_pack("{s:s,s:s,s:s,s:{s:O}}", "type", "req", "id", "r6-device.pair.reject", "method",
			 "device.pair.reject", "params", "requestId", json_object_get(rp, "requestId"));
	CHECK(got && json_equal(got, want));
	json_decref(got);
	json_decref(want);
	got = built_req("r7-device.pair.remove", GW_OP_PAIR_REMOVE,
			gw_pair_remove_params(json_string_value(json_object_get(mp, "deviceId"))));
	want = json_pack("{s:s,s:s,s:s,s:{s:O}}", "type", "req", "id", "r7-device.pair.remove", "method",
			 "device.pair.remove", "params", "deviceId", json_object_get(mp, "deviceId"));
	CHECK(got && json_equal(got, want));
	json_decref(got);
	json_decref(want);
	/* no params: {} as client_call sends it */
	got = built_req("r2-device.pair.list", GW_OP_PAIR_LIST, NULL);
	want = json_pack("{s:s,s:s,s:s,s:{}}", "type", "req", "id", "r2-device.pair.list", "method",
			 "device.pair.list", "params");
	CHECK(got && json_equal(got, want));
	json_decref(got);
	json_decref(want);
	json_decref(rej);
	json_decref(rem);
}

static void
test_logs_tail_params_first_read_then_cursor(void)
{
	json_t *doc = fixture_load("logs.tail.res.json");
	json_int_t cursor = json_integer_value(json_object_get(json_object_get(doc, "payload"), "cursor"));
	json_t *p = gw_logs_tail_params(-1, 2000, 500000);
	json_t *want = json_pack("{s:i,s:i}", "limit", 2000, "maxBytes", 500000);

	CHECK(p && json_equal(p, want));
	json_decref(p);
	json_decref(want);
	CHECK(cursor == 38760);
	p = gw_logs_tail_params(cursor, 2000, 500000);
	want = json_pack("{s:I}", "cursor", cursor);
	CHECK(p && json_equal(p, want));
	json_decref(p);
	json_decref(want);
	p = gw_logs_tail_params(0, 1, 1);
	CHECK(json_integer_value(json_object_get(p, "cursor")) == 0 && json_object_size(p) == 1);
	json_decref(p);
	json_decref(doc);
}

/* ===================================================================== Results */

static void
test_pair_approve_result_from_capture(void)
{
	json_t *doc = fixture_load("device.pair.approve.json");
	const json_t *payload = json_object_get(json_object_get(doc, "response"), "payload");
	json_t *hostile;
	struct model m;

	memset(&m, 0, sizeof(m));
	CHECK(gw_pair_approve_result(&m, payload, 1000) == 0);
	CHECK(m.n_paired == 1 && m.n_pending == 0);
	CHECK_STR(m.paired[0].device_id, "906d5f9023144aaec536983c645b6713b54b46039e8647a4cfcd3c01ba3bc714");
	CHECK(m.paired[0].scopes.n == 2);
	CHECK_STR(m.paired[0].scopes.v[1], "operator.write");
	CHECK_STR(m.paired[0].role, "operator");
	/* no device in the result: nothing paired */
	CHECK(gw_pair_approve_result(&m, json_object_get(payload, "requestId"), 1000) == 0);
	CHECK(m.n_paired == 0);
	/* strings are sanitised on the way in */
	hostile = json_pack("{s:s,s:{s:s,s:s}}", "requestId", "x", "device", "deviceId", "abc",
			    "displayName", "evil\x1b[2Jname");
	CHECK(gw_pair_approve_result(&m, hostile, 1000) == 0);
	CHECK(m.n_paired == 1 && m.paired[0].display_name && !strchr(m.paired[0].display_name, '\x1b'));
	json_decref(hostile);
	model_free(&m);
	json_decref(doc);
}

static void
test_device_results_from_capture(void)
{
	json_t *rej = fixture_load("device.pair.reject.res.json");
	json_t *rem = fixture_load("device.pair.remove.json");
	json_t *rev = fixture_load("device.token.revoke.res.json");
	struct gw_device_result r;

	gw_device_result(json_object_get(rej, "payload"), &r);
	CHECK(r.has_request_id && !r.has_role && !r.has_revoked_at);
	CHECK_STR(r.request_id, "2e1baac0-3f1e-4f62-bc15-ef89dd6512a0");
	CHECK_STR(r.device_id, "ec7be1aa6621ad61f3adf0d66c818ded7466c24bf4098dd51a9dd604e9913cae");
	gw_device_result(json_object_get(json_object_get(rem, "response"), "payload"), &r);
	CHECK(!r.has_request_id && r.request_id[0] == '\0');
	CHECK_STR(r.device_id, "906d5f9023144aaec536983c645b6713b54b46039e8647a4cfcd3c01ba3bc714");
	gw_device_result(json_object_get(json_object_get(rev, "response"), "payload"), &r);
	CHECK(r.has_role && r.has_revoked_at && r.revoked_at_ms == 1796317228015LL);
	CHECK_STR(r.role, "operator");
	CHECK_STR(r.device_id, "926b5ed91917be27c917bdd2e03b71fc98ec4c64333947e5c2b7d0cb282c4fa1");
	gw_device_result(NULL, &r);
	CHECK(!r.has_request_id && r.device_id[0] == '\0');
	json_decref(rej);
	json_decref(rem);
	json_decref(rev);
}

static void
test_config_runtime_from_capture(void)
{
	json_t *doc = fixture_load("config.get.res.json");
	const json_t *payload = json_object_get(doc, "payload");
	const json_t *cfg = gw_config_runtime(payload);
	json_t *only_resolved = json_pack("{s:{s:i}}", "resolved", "x", 1);

	CHECK(cfg == json_object_get(payload, "runtimeConfig"));
	CHECK(json_is_object(json_object_get(json_object_get(cfg, "agents"), "defaults")));
	CHECK(gw_config_runtime(only_resolved) == json_object_get(only_resolved, "resolved"));
	CHECK(gw_config_runtime(NULL) == NULL);
	json_decref(only_resolved);
	json_decref(doc);
}

/* ===================================================================== Pairing policy */

static void
test_policy_from_config_get_and_patch_results(void)
{
	json_t *get = fixture_load("config.get.res.json");
	json_t *rpcs = fixture_load("config-rpcs.json");
	const json_t *patched = json_object_get(json_object_get(json_object_get(rpcs, "ok"), "response"),
						"payload");
	json_t *empty = json_object(), *odd;
	struct gw_policy p;

	CHECK(gw_policy_parse(json_object_get(get, "payload"), &p) == 0);
	CHECK(p.local_set && !p.local && p.n_cidrs == 0);
	CHECK_STR(p.hash, "hmac-sha256:v1:Ni59jkcSR0oT7fKIAbLxx_M7WLVunFVcLEDOTE1BSM0");
	gw_policy_free(&p);
	CHECK(gw_policy_parse(patched, &p) == 0);
	CHECK(p.local_set && !p.local && p.n_cidrs == 1);
	CHECK_STR(p.cidrs[0], "192.0.2.0/24");
	CHECK_STR(p.hash, "hmac-sha256:v1:bT_CEawHHBOSjJowM6JKuw_R9n0Ap-WRolctqhk3ldU");
	gw_policy_free(&p);
	/* nothing set: the gateway's defaults */
	CHECK(gw_policy_parse(empty, &p) == 0);
	CHECK(!p.local_set && p.local && p.n_cidrs == 0);
	CHECK_STR(p.hash, "");
	gw_policy_free(&p);
	/* parsed when config is absent; a non-string entry is kept as NULL */
	odd = json_pack("{s:{s:{s:{s:{s:b,s:[s,i]}}}}}", "parsed", "gateway", "nodes", "pairing",
			"autoApproveLocal", 1, "autoApproveCidrs", "10.0.0.0/8", 7);
	CHECK(gw_policy_parse(odd, &p) == 0);
	CHECK(p.local_set && p.local && p.n_cidrs == 2 && p.cidrs[1] == NULL);
	CHECK_STR(p.cidrs[0], "10.0.0.0/8");
	gw_policy_free(&p);
	gw_policy_free(&p);	/* safe twice */
	json_decref(odd);
	json_decref(empty);
	json_decref(get);
	json_decref(rpcs);
}

static void
test_policy_patch_matches_capture(void)
{
	json_t *get = fixture_load("config.get.res.json");
	json_t *rpcs = fixture_load("config-rpcs.json");
	const json_t *want = json_object_get(json_object_get(json_object_get(rpcs, "ok"), "request"),
					     "params");
	struct gw_policy cur;
	struct gw_policy_edit e;
	struct oc_err err = { "" };
	bool replaced = true;
	json_t *params;

	memset(&e, 0, sizeof(e));
	CHECK(gw_policy_parse(json_object_get(get, "payload"), &cur) == 0);
	CHECK(gw_policy_edit_cidrs(&e, "192.0.2.0/24", ",", &err) == 0);
	params = gw_policy_patch_params(&cur, &e, NULL, "openclaw-console test", &replaced);
	CHECK(params != NULL);
	CHECK_STR(json_string_value(json_object_get(params, "raw")),
		  json_string_value(json_object_get(want, "raw")));
	CHECK_STR(json_string_value(json_object_get(params, "baseHash")),
		  json_string_value(json_object_get(want, "baseHash")));
	CHECK_STR(json_string_value(json_object_get(params, "note")), "openclaw-console test");
	CHECK(!replaced && !json_object_get(params, "replacePaths"));
	json_decref(params);
	/* an explicit base hash wins (the stale-hash capture) */
	params = gw_policy_patch_params(&cur, &e, "hmac-sha256:v1:stale", "n", NULL);
	CHECK_STR(json_string_value(json_object_get(params, "baseHash")), "hmac-sha256:v1:stale");
	json_decref(params);
	/* both switches, autoApproveLocal first */
	e.set_local = true;
	e.local = true;
	params = gw_policy_patch_params(&cur, &e, NULL, "n", NULL);
	CHECK_STR(json_string_value(json_object_get(params, "raw")),
		  "{\"gateway\":{\"nodes\":{\"pairing\":{\"autoApproveLocal\":true,"
		  "\"autoApproveCidrs\":[\"192.0.2.0/24\"]}}}}");
	json_decref(params);
	gw_policy_edit_free(&e);
	CHECK(e.cidrs == NULL && !e.set_local);
	gw_policy_free(&cur);
	json_decref(get);
	json_decref(rpcs);
}

static void
test_policy_shrink_replaces_the_list(void)
{
	json_t *rpcs = fixture_load("config-rpcs.json");
	const json_t *patched = json_object_get(json_object_get(json_object_get(rpcs, "ok"), "response"),
						"payload");
	struct gw_policy cur;
	struct gw_policy_edit e;
	struct oc_err err = { "" };
	bool replaced = false;
	json_t *params, *rp;

	memset(&e, 0, sizeof(e));
	CHECK(gw_policy_parse(patched, &cur) == 0);	/* [192.0.2.0/24] */
	/* a superset merges */
	CHECK(gw_policy_edit_cidrs(&e, "192.0.2.0/24,198.51.100.0/24", ",", &err) == 0);
	params = gw_policy_patch_params(&cur, &e, NULL, "n", &replaced);
	CHECK(!replaced && !json_object_get(params, "replacePaths"));
	json_decref(params);
	/* dropping an entry replaces */
	CHECK(gw_policy_edit_cidrs(&e, "198.51.100.0/24", ",", &err) == 0);
	params = gw_policy_patch_params(&cur, &e, NULL, "n", &replaced);
	rp = json_object_get(params, "replacePaths");
	CHECK(replaced && json_array_size(rp) == 1);
	CHECK_STR(json_string_value(json_array_get(rp, 0)), GW_POLICY_CIDR_PATH);
	json_decref(params);
	/* none: the list is removed (null), which also replaces */
	CHECK(gw_policy_edit_cidrs(&e, "none", ",", &err) == 0);
	params = gw_policy_patch_params(&cur, &e, NULL, "n", &replaced);
	CHECK(replaced);
	CHECK_STR(json_string_value(json_object_get(params, "raw")),
		  "{\"gateway\":{\"nodes\":{\"pairing\":{\"autoApproveCidrs\":null}}}}");
	json_decref(params);
	/* leaving the list alone never replaces it */
	gw_policy_edit_free(&e);
	e.set_local = true;
	params = gw_policy_patch_params(&cur, &e, NULL, "n", &replaced);
	CHECK(!replaced);
	CHECK_STR(json_string_value(json_object_get(params, "raw")),
		  "{\"gateway\":{\"nodes\":{\"pairing\":{\"autoApproveLocal\":false}}}}");
	json_decref(params);
	gw_policy_free(&cur);
	json_decref(rpcs);
}

static void
test_policy_edit_cidrs_validates(void)
{
	struct gw_policy_edit e;
	struct oc_err err = { "" };

	memset(&e, 0, sizeof(e));
	CHECK(gw_policy_edit_cidrs(&e, "10.0.0.0/8;rm", ",", &err) == -1);
	CHECK_STR(err.msg, "autoApproveCidrs: \"10.0.0.0/8;rm\" is not an IP address or CIDR");
	CHECK(e.cidrs == NULL);
	/* the separators are the caller's: the CLI splits on commas, the view on commas and spaces */
	CHECK(gw_policy_edit_cidrs(&e, "10.0.0.0/8, ::1", ",", &err) == -1);
	CHECK_STR(err.msg, "autoApproveCidrs: \" ::1\" is not an IP address or CIDR");
	CHECK(gw_policy_edit_cidrs(&e, "10.0.0.0/8, ::1", ", ", &err) == 0);
	CHECK(json_array_size(e.cidrs) == 2);
	CHECK_STR(json_string_value(json_array_get(e.cidrs, 1)), "::1");
	CHECK(gw_policy_edit_cidrs(&e, "", ",", &err) == 0 && json_array_size(e.cidrs) == 0);
	CHECK(gw_policy_edit_cidrs(&e, "10.0.0.1,,::1", ",", &err) == 0 && json_array_size(e.cidrs) == 2);
	/* what the gateway reads: a real address or range, not just its characters */
	CHECK(gw_policy_edit_cidrs(&e, "a", ",", &err) == -1);
	CHECK(gw_policy_edit_cidrs(&e, "10.0.0.0/33", ",", &err) == -1);
	CHECK(gw_policy_edit_cidrs(&e, "fd00::/8", ",", &err) == 0);
	gw_policy_edit_free(&e);
	CHECK(gw_policy_cidr_ok("2001:db8::/32") && gw_policy_cidr_ok("192.0.2.1"));
	CHECK(!gw_policy_cidr_ok("") && !gw_policy_cidr_ok("host.example") && !gw_policy_cidr_ok("1 2"));
	CHECK(!gw_policy_cidr_ok("1111111111111111111111111111111111111111111111111111111111111111/8"));
}

int
main(void)
{
	RUN(test_ops_are_advertised_with_their_scopes);
	RUN(test_events_from_captured_frames);
	RUN(test_pair_approve_request_matches_capture);
	RUN(test_token_revoke_request_matches_capture);
	RUN(test_reject_remove_and_list_requests);
	RUN(test_logs_tail_params_first_read_then_cursor);
	RUN(test_pair_approve_result_from_capture);
	RUN(test_device_results_from_capture);
	RUN(test_config_runtime_from_capture);
	RUN(test_policy_from_config_get_and_patch_results);
	RUN(test_policy_patch_matches_capture);
	RUN(test_policy_shrink_replaces_the_list);
	RUN(test_policy_edit_cidrs_validates);
	return CHECK_DONE();
}
