/* net/model: presence and pairing state from the captured frames, event sequences,
 * hostile strings, malformed payloads, expiry and the text dump. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/agent.h"
#include "auth/err.h"
#include "auth/identity.h"
#include "auth/trusted.h"
#include "net/frame.h"
#include "net/model.h"
#include "net/rows.h"
#include "check.h"
#include "fixture.h"

static struct identity cap_id;

static const char *
id_dev(void)
{
	if (!cap_id.device_id[0]) {
		unsigned char seed[32];

		memset(seed, 0x5c, sizeof(seed));
		if (identity_from_seed(&cap_id, seed, NULL) < 0)
			abort();
	}
	return cap_id.device_id;
}

static const char *
id_pk(void)
{
	id_dev();
	return cap_id.pk_b64;
}

/* Parse the frame object at fixture[path...] (NULL-terminated keys) into *f. */
static int
load_frame(struct frame *f, const char *name, const char *key)
{
	json_t *doc = fixture_load(name);
	json_t *v = doc && key ? json_object_get(doc, key) : doc;
	struct oc_err err = { "" };
	char *text;
	int rc;

	if (!v) {
		json_decref(doc);
		return -1;
	}
	text = json_dumps(v, JSON_COMPACT);
	json_decref(doc);
	if (!text)
		return -1;
	rc = frame_parse(text, strlen(text), f, &err);
	free(text);
	return rc;
}

/* Build an event frame from JSON text. */
static int
event_from(struct frame *f, const char *text)
{
	struct oc_err err = { "" };

	return frame_parse(text, strlen(text), f, &err);
}

static size_t
count_live(const struct model *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n_presence; i++)
		n += m->presence[i].live;
	return n;
}

static void
test_system_presence_fixture(void)
{
	json_t *doc = fixture_load("system-presence.res.json");
	struct model m;

	memset(&m, 0, sizeof(m));
	CHECK(doc != NULL);
	CHECK(model_set_presence(&m, json_object_get(doc, "payload")) == 0);
	CHECK(m.n_presence == 5);
	CHECK(model_take_changes(&m) == MODEL_CHANGED_PRESENCE);
	CHECK(model_take_changes(&m) == 0);
	if (m.n_presence == 5) {
		const struct presence_row *g = &m.presence[0], *t = &m.presence[1], *c = &m.presence[2];

		CHECK(g->cls == CLASS_GATEWAY);
		CHECK(g->live);
		CHECK(g->client_id == NULL);
		CHECK_STR(g->ip, "192.0.2.2");
		CHECK_STR(g->reason, "self");
		CHECK(g->ts_ms == 1795484769497);
		CHECK_STR(t->client_id, "openclaw-tui");
		CHECK_STR(t->mode, "ui");
		CHECK(t->cls == CLASS_TUI);
		CHECK(t->live);
		CHECK(t->scopes_present);
		CHECK(t->scopes.n == 2);
		CHECK_STR(t->scopes.v[1], "operator.write");
		CHECK(t->roles.n == 1);
		CHECK_STR(t->roles.v[0], "operator");
		CHECK_STR(t->device_id, "56f08e8ce2f97afba541293d4f3a2d6b190c85e5814b79b4ae83a5df3310ead7");
		CHECK_STR(t->instance_id, "console-1");
		CHECK_STR(t->device_family, "Desktop");
		CHECK_STR(t->host, "ops-console");
		CHECK(t->ip == NULL);
		CHECK(t->online_since_ms == 1795484769162);
		CHECK_STR(c->client_id, "gateway-client");
		CHECK(!c->scopes_present);
		CHECK(!c->live);
		CHECK_STR(c->reason, "disconnect");
		CHECK(count_live(&m) == 2);
		/* the middle dot of "text" is valid UTF-8 and survives */
		CHECK(strstr(g->text, "\xc2\xb7") != NULL);
	}
	model_free(&m);
	CHECK(m.n_presence == 0 && m.presence == NULL);
	json_decref(doc);
}

static void
test_presence_event_replaces_list(void)
{
	struct frame f;
	struct model m;
	json_t *hello = fixture_load("hello-ok.json");

	memset(&m, 0, sizeof(m));
	CHECK(load_frame(&f, "presence.event.json", NULL) == 0);
	CHECK(model_apply_event(&m, &f, 1000) == MODEL_CHANGED_PRESENCE);
	frame_free(&f);
	CHECK(m.n_presence == 5);
	CHECK(count_live(&m) == 2);
	/* hello-ok snapshot: the full list at connect time replaces, never merges */
	CHECK(hello != NULL);
	CHECK(model_set_presence(&m, json_object_get(json_object_get(json_object_get(json_object_get(
		hello, "response"), "payload"), "snapshot"), "presence")) == 0);
	CHECK(m.n_presence == 2);
	CHECK(m.n_presence == 2 && m.presence[1].cls == CLASS_TUI &&
	      strcmp(m.presence[1].device_id,
		     "906d5f9023144aaec536983c645b6713b54b46039e8647a4cfcd3c01ba3bc714") == 0);
	/* an empty list empties it */
	CHECK(event_from(&f, "{\"type\":\"event\",\"event\":\"presence\",\"payload\":{\"presence\":[]}}") == 0);
	CHECK(model_apply_event(&m, &f, 1000) == MODEL_CHANGED_PRESENCE);
	frame_free(&f);
	CHECK(m.n_presence == 0);
	model_free(&m);
	json_decref(hello);
}

static void
test_disconnect_rows_are_not_live(void)
{
	struct frame f;
	struct model m;

	memset(&m, 0, sizeof(m));
	CHECK(event_from(&f, "{\"type\":\"event\",\"event\":\"presence\",\"payload\":{\"presence\":["
			     "{\"clientId\":\"gateway-client\",\"mode\":\"ui\",\"reason\":\"connect\"},"
			     "{\"clientId\":\"gateway-client\",\"mode\":\"ui\",\"reason\":\"disconnect\"},"
			     "{\"clientId\":\"openclaw-linux\",\"mode\":\"ui\"}]}}") == 0);
	model_apply_event(&m, &f, 0);
	frame_free(&f);
	CHECK(m.n_presence == 3);
	CHECK(m.presence[0].live);
	CHECK(!m.presence[1].live);
	CHECK(m.presence[2].live);	/* no reason at all: not a disconnect */
	CHECK(m.presence[2].cls == CLASS_NATIVE_APP);
	model_free(&m);
}

static void
test_pairing_list_fixture(void)
{
	json_t *doc = fixture_load("device.pair.list.res.json");
	struct model m;
	unsigned ch;

	memset(&m, 0, sizeof(m));
	CHECK(model_set_pairing(&m, json_object_get(doc, "payload"), 5000) == 0);
	ch = model_take_changes(&m);
	CHECK(ch == (MODEL_CHANGED_PENDING | MODEL_CHANGED_PAIRED | MODEL_CHANGED_NEW_REQUEST));
	CHECK(m.n_pending == 1 && m.n_paired == 1);
	if (m.n_pending == 1 && m.n_paired == 1) {
		const struct pending_req *r = &m.pending[0];
		const struct paired_dev *d = &m.paired[0];

		CHECK_STR(r->request_id, "8ba46724-4393-4523-88d2-bded10c77be7");
		CHECK_STR(r->display_name, "build-bot");
		CHECK_STR(r->client_id, "cli");
		CHECK_STR(r->client_mode, "cli");
		CHECK(r->cls == CLASS_CLI);
		CHECK_STR(r->role, "operator");
		CHECK(r->scopes.n == 1 && strcmp(r->scopes.v[0], "operator.read") == 0);
		CHECK(!r->is_repair && !r->silent);
		CHECK(r->ts_ms == 1795484769174);
		CHECK(r->seen_ms == 5000);
		CHECK(r->remote_ip == NULL && r->device_family == NULL);
		CHECK(model_find_pending(&m, "8ba46724-4393-4523-88d2-bded10c77be7") == r);
		CHECK(model_find_pending(&m, "nope") == NULL);
		CHECK(model_find_pending(&m, NULL) == NULL);

		CHECK_STR(d->device_id, "56f08e8ce2f97afba541293d4f3a2d6b190c85e5814b79b4ae83a5df3310ead7");
		CHECK(d->cls == CLASS_TUI);
		CHECK_STR(d->approved_via, "owner");
		CHECK(d->connected);
		CHECK(d->approved_ms == 1795484768966);
		CHECK(d->last_seen_ms == 1795484769142);
		CHECK_STR(d->last_seen_reason, "connect");
		CHECK(d->n_tokens == 1);
		CHECK(d->n_tokens == 1 && strcmp(d->tokens[0].role, "operator") == 0 &&
		      d->tokens[0].scopes.n == 2 && d->tokens[0].created_ms == 1795484768966);
		CHECK(model_find_paired(&m, d->device_id) == d);
		CHECK(model_find_paired(&m, "56f08e8c") == NULL);
	}
	/* the same list again: nothing new to ring about */
	CHECK(model_set_pairing(&m, json_object_get(doc, "payload"), 6000) == 0);
	CHECK(!(model_take_changes(&m) & MODEL_CHANGED_NEW_REQUEST));
	json_decref(doc);

	doc = fixture_load("device.pair.list.pending-only.res.json");
	CHECK(model_set_pairing(&m, json_object_get(doc, "payload"), 7000) == 0);
	CHECK(m.n_pending == 1 && m.n_paired == 0);
	CHECK(m.n_pending == 1 && m.pending[0].cls == CLASS_TUI);
	CHECK(model_take_changes(&m) & MODEL_CHANGED_NEW_REQUEST);
	json_decref(doc);
	model_free(&m);
}

static void
test_requested_then_resolved_removes(void)
{
	struct frame req, app, rej;
	struct model m;

	memset(&m, 0, sizeof(m));
	CHECK(load_frame(&req, "device.pair.requested.event.json", NULL) == 0);
	CHECK(load_frame(&app, "device.pair.resolved.event.json", "approved") == 0);
	CHECK(load_frame(&rej, "device.pair.resolved.event.json", "rejected") == 0);
	CHECK(model_apply_event(&m, &req, 100) == (MODEL_CHANGED_PENDING | MODEL_CHANGED_NEW_REQUEST));
	CHECK(m.n_pending == 1);
	CHECK(m.n_pending == 1 && m.pending[0].seen_ms == 100);
	/* the same request again (the device retried): refreshed, no second bell */
	CHECK(model_apply_event(&m, &req, 200) == MODEL_CHANGED_PENDING);
	CHECK(m.n_pending == 1);
	CHECK(m.n_pending == 1 && m.pending[0].seen_ms == 200);
	/* resolved for another id: nothing happens */
	CHECK(model_apply_event(&m, &rej, 300) == 0);
	CHECK(m.n_pending == 1);
	CHECK(model_take_changes(&m) == (MODEL_CHANGED_PENDING | MODEL_CHANGED_NEW_REQUEST));
	CHECK(model_apply_event(&m, &app, 300) == MODEL_CHANGED_PENDING);
	CHECK(m.n_pending == 0);
	CHECK(model_find_pending(&m, "795c95c5-7893-43eb-893e-24c65cbd9630") == NULL);
	CHECK(model_apply_event(&m, &app, 300) == 0);
	/* after it was resolved, the same id showing up again still does not ring */
	CHECK(model_apply_event(&m, &req, 400) == MODEL_CHANGED_PENDING);
	CHECK(model_remove_pending(&m, "795c95c5-7893-43eb-893e-24c65cbd9630") == 1);
	CHECK(model_remove_pending(&m, "795c95c5-7893-43eb-893e-24c65cbd9630") == 0);
	frame_free(&req);
	frame_free(&app);
	frame_free(&rej);
	model_free(&m);
}

static void
test_requested_twice_counts_new_once(void)
{
	struct frame f;
	struct model m;
	int bells = 0;
	const char *a = "{\"type\":\"event\",\"event\":\"device.pair.requested\",\"payload\":"
			"{\"requestId\":\"A\",\"deviceId\":\"d1\",\"clientId\":\"cli\",\"clientMode\":\"cli\"}}";
	const char *b = "{\"type\":\"event\",\"event\":\"device.pair.requested\",\"payload\":"
			"{\"requestId\":\"B\",\"deviceId\":\"d2\"}}";

	memset(&m, 0, sizeof(m));
	for (int i = 0; i < 3; i++) {
		CHECK(event_from(&f, a) == 0);
		bells += !!(model_apply_event(&m, &f, i) & MODEL_CHANGED_NEW_REQUEST);
		frame_free(&f);
	}
	CHECK(bells == 1);
	CHECK(event_from(&f, b) == 0);
	bells += !!(model_apply_event(&m, &f, 9) & MODEL_CHANGED_NEW_REQUEST);
	frame_free(&f);
	CHECK(bells == 2);
	CHECK(m.n_pending == 2);
	/* a list that already holds A and B (and a new C) rings once, for C */
	{
		json_t *p = json_loads("{\"pending\":[{\"requestId\":\"B\"},{\"requestId\":\"A\"},"
				       "{\"requestId\":\"C\"},{\"requestId\":\"C\"}],\"paired\":[]}", 0, NULL);

		model_take_changes(&m);
		CHECK(model_set_pairing(&m, p, 10) == 0);
		CHECK(model_take_changes(&m) & MODEL_CHANGED_NEW_REQUEST);
		CHECK(model_set_pairing(&m, p, 11) == 0);
		CHECK(!(model_take_changes(&m) & MODEL_CHANGED_NEW_REQUEST));
		CHECK(m.n_pending == 4);
		CHECK(m.n_seen_requests == 3);
		json_decref(p);
	}
	model_free(&m);
}

static void
test_expiry_of_pending(void)
{
	json_t *doc = fixture_load("device.pair.list.res.json");
	struct frame f;
	struct model m;

	memset(&m, 0, sizeof(m));
	CHECK(model_set_pairing(&m, json_object_get(doc, "payload"), 1000) == 0);
	CHECK(load_frame(&f, "device.pair.requested.event.json", NULL) == 0);
	model_apply_event(&m, &f, 200000);
	frame_free(&f);
	CHECK(m.n_pending == 2);
	model_take_changes(&m);
	CHECK(model_expire_pending(&m, 300000, 300000) == 0);	/* exactly 299 s old: kept */
	CHECK(model_take_changes(&m) == 0);
	CHECK(model_expire_pending(&m, 301500, 300000) == 1);
	CHECK(model_take_changes(&m) == MODEL_CHANGED_PENDING);
	CHECK(m.n_pending == 1);
	CHECK(m.n_pending == 1 && strcmp(m.pending[0].request_id,
					  "795c95c5-7893-43eb-893e-24c65cbd9630") == 0);
	CHECK(model_expire_pending(&m, 600000, 300000) == 1);
	CHECK(m.n_pending == 0);
	CHECK(m.n_paired == 1);		/* paired devices never expire */
	json_decref(doc);
	model_free(&m);
}

static bool
clean_bytes(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return true;
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == 0xff || *p == 0xfe)
			return false;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return false;	/* C1 control */
		if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae)
			return false;	/* bidi embedding/override */
		if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
			return false;	/* bidi isolate */
	}
	return true;
}

/* Issue #13 item 2: a U+0000 in a display name (any client can send one) neither hides
 * the list nor cuts the name: it is dropped like any control. */
static void
test_nul_in_names_is_defanged(void)
{
	const char *t = "{\"type\":\"res\",\"id\":\"oc1\",\"ok\":true,\"payload\":{\"pending\":[{"
			"\"requestId\":\"r1\",\"deviceId\":\"d1\",\"displayName\":\"x\\u0000y\","
			"\"scopes\":[\"operator.read\\u0000.admin\"]}],\"paired\":[{\"deviceId\":\"d2\","
			"\"displayName\":\"\\u0000pwn\\u0000\"}]}}";
	struct frame f;
	struct model m;
	json_t *o;
	char *dump;

	memset(&m, 0, sizeof(m));
	CHECK(frame_parse(t, strlen(t), &f, NULL) == 0);
	CHECK(model_set_pairing(&m, f.payload, 1) == 0);
	CHECK(m.n_pending == 1 && m.n_paired == 1);
	if (m.n_pending == 1 && m.n_paired == 1) {
		CHECK_STR(m.pending[0].display_name, "xy");
		CHECK(m.pending[0].scopes.n == 1);
		CHECK_STR(m.pending[0].scopes.v[0], "operator.read.admin");	/* no scope it is not */
		CHECK_STR(m.paired[0].display_name, "pwn");
		o = model_pending_json(&m.pending[0]);
		dump = json_dumps(o, JSON_COMPACT);
		CHECK(dump && !strstr(dump, "\\u0000"));
		free(dump);
		json_decref(o);
	}
	frame_free(&f);
	model_free(&m);
}

static void
test_hostile_strings_are_sanitised(void)
{
	const char *evil[] = {
		"ops\x1b]0;owned\x07-console",
		"a\x1b[2J\x1b[31mb",
		"x\xc2\x9b" "31my",
		"\xe2\x80\xae" "gnp.exe",
		"bad\xff\xfeutf8\xc3",
		"tab\tnew\nline\r",
		"\xe2\x81\xa6iso\xe2\x81\xa9",
	};
	struct model m;

	memset(&m, 0, sizeof(m));
	for (size_t i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
		json_t *s = json_string_nocheck(evil[i]);
		json_t *row = json_object(), *arr = json_array(), *list = json_array();
		json_t *pend = json_object(), *pl;

		json_object_set(row, "clientId", s);
		json_object_set(row, "host", s);
		json_object_set(row, "text", s);
		json_object_set(row, "platform", s);
		json_array_append(list, s);
		json_object_set(row, "scopes", list);
		json_object_set(row, "roles", list);
		json_array_append_new(arr, row);
		CHECK(model_set_presence(&m, arr) == 0);
		CHECK(m.n_presence == 1);
		if (m.n_presence == 1) {
			const struct presence_row *r = &m.presence[0];

			CHECK(clean_bytes(r->client_id) && clean_bytes(r->host) && clean_bytes(r->text) &&
			      clean_bytes(r->platform));
			CHECK(r->scopes.n == 1 && clean_bytes(r->scopes.v[0]) && clean_bytes(r->roles.v[0]));
		}
		json_object_set(pend, "requestId", s);
		json_object_set(pend, "displayName", s);
		json_object_set(pend, "remoteIp", s);
		pl = json_pack("{s:[O], s:[{s:O, s:O, s:O, s:[{s:O}]}]}", "pending", pend, "paired",
			       "deviceId", s, "displayName", s, "label", s, "tokens", "role", s);
		CHECK(model_set_pairing(&m, pl, 0) == 0);
		CHECK(m.n_pending == 1 && m.n_paired == 1);
		if (m.n_pending == 1 && m.n_paired == 1) {
			CHECK(clean_bytes(m.pending[0].request_id) && clean_bytes(m.pending[0].display_name) &&
			      clean_bytes(m.pending[0].remote_ip));
			CHECK(clean_bytes(m.paired[0].device_id) && clean_bytes(m.paired[0].label) &&
			      clean_bytes(m.paired[0].display_name));
			CHECK(m.paired[0].n_tokens == 1 && clean_bytes(m.paired[0].tokens[0].role));
		}
		json_decref(pl);
		json_decref(pend);
		json_decref(arr);
		json_decref(list);
		json_decref(s);
	}
	/* the visible text survives */
	{
		json_t *arr = json_pack("[{s:s}]", "host", "ops-console");

		json_object_set_new(json_array_get(arr, 0), "clientId",
				    json_string_nocheck("ops\x1b]0;owned\x07-console"));
		model_set_presence(&m, arr);
		CHECK_STR(m.presence[0].client_id, "ops-console");
		json_decref(arr);
	}
	model_free(&m);
}

static void
test_malformed_payloads_never_crash(void)
{
	static const char *const bad_presence[] = {
		"null", "1", "\"x\"", "{}", "[]", "[1, \"x\", null, [], true]",
		"[{\"clientId\":5,\"mode\":[],\"roles\":\"operator\",\"scopes\":[1,null,\"operator.read\"],"
		"\"onlineSince\":\"yesterday\",\"ts\":1.5e12,\"reason\":{}}]",
	};
	static const char *const bad_pairing[] = {
		"null", "[]", "{}", "{\"pending\":{},\"paired\":\"x\"}",
		"{\"pending\":[1,null,{},{\"requestId\":7},{\"requestId\":\"\"},{\"requestId\":\"ok\","
		"\"scopes\":\"operator.read\",\"ts\":\"now\",\"isRepair\":\"yes\"}],"
		"\"paired\":[{},{\"deviceId\":null},{\"deviceId\":\"d\",\"tokens\":[1,{\"scopes\":{}}],"
		"\"connected\":1}]}",
	};
	static const char *const bad_events[] = {
		"{\"type\":\"event\",\"event\":\"presence\"}",
		"{\"type\":\"event\",\"event\":\"presence\",\"payload\":[]}",
		"{\"type\":\"event\",\"event\":\"presence\",\"payload\":{\"presence\":{}}}",
		"{\"type\":\"event\",\"event\":\"device.pair.requested\",\"payload\":null}",
		"{\"type\":\"event\",\"event\":\"device.pair.requested\",\"payload\":{\"requestId\":1}}",
		"{\"type\":\"event\",\"event\":\"device.pair.requested\",\"payload\":[]}",
		"{\"type\":\"event\",\"event\":\"device.pair.resolved\",\"payload\":{\"requestId\":null}}",
		"{\"type\":\"event\",\"event\":\"device.pair.resolved\"}",
		"{\"type\":\"event\",\"event\":\"tick\",\"payload\":{\"ts\":1}}",
		"{\"type\":\"res\",\"id\":\"1\",\"ok\":true,\"payload\":{\"presence\":[]}}",
	};
	struct model m;
	struct frame f;

	memset(&m, 0, sizeof(m));
	for (size_t i = 0; i < sizeof(bad_presence) / sizeof(bad_presence[0]); i++) {
		json_t *v = json_loads(bad_presence[i], JSON_DECODE_ANY, NULL);

		CHECK(v != NULL);
		CHECK(model_set_presence(&m, v) == 0);
		json_decref(v);
	}
	CHECK(m.n_presence == 1);
	CHECK(m.n_presence == 1 && m.presence[0].client_id == NULL && m.presence[0].roles.n == 0 &&
	      m.presence[0].scopes.n == 1 && m.presence[0].online_since_ms == 0 && m.presence[0].live);
	for (size_t i = 0; i < sizeof(bad_pairing) / sizeof(bad_pairing[0]); i++) {
		json_t *v = json_loads(bad_pairing[i], JSON_DECODE_ANY, NULL);

		CHECK(v != NULL);
		CHECK(model_set_pairing(&m, v, 0) == 0);
		json_decref(v);
	}
	CHECK(m.n_pending == 1 && m.n_paired == 1);
	CHECK(m.n_paired == 1 && m.paired[0].n_tokens == 1 && !m.paired[0].connected);
	model_take_changes(&m);
	for (size_t i = 0; i < sizeof(bad_events) / sizeof(bad_events[0]); i++) {
		if (event_from(&f, bad_events[i]) != 0)
			continue;
		CHECK(model_apply_event(&m, &f, 0) == 0);
		frame_free(&f);
	}
	CHECK(model_apply_event(&m, NULL, 0) == 0);
	CHECK(model_take_changes(&m) == 0);
	CHECK(m.n_pending == 1 && m.n_presence == 1);
	model_free(&m);
}

static char *
dump_to_string(const struct model *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	model_dump(m, f);
	fclose(f);
	return buf;
}

static void
test_dump_is_stable(void)
{
	json_t *pres = fixture_load("system-presence.res.json");
	json_t *pair = fixture_load("device.pair.list.res.json");
	struct model m;
	char *a, *b;

	memset(&m, 0, sizeof(m));
	model_set_presence(&m, json_object_get(pres, "payload"));
	model_set_pairing(&m, json_object_get(pair, "payload"), 42);
	a = dump_to_string(&m);
	b = dump_to_string(&m);
	CHECK(a && b && strcmp(a, b) == 0);
	CHECK_STR(a,
		"presence 5\n"
		"  [0] -/gateway class=gateway live host=vm ip=192.0.2.2 device=- instance=3069aea2-88cf-4ff6-bf99-00559a724fd3 roles=- scopes=(cleared) version=2026.9.6 platform=linux 6.18.44-fc-v782 family=Linux reason=self since=0 ts=1795484769497\n"
		"  [1] openclaw-tui/ui class=tui live host=ops-console ip=- device=56f08e8ce2f97afba541293d4f3a2d6b190c85e5814b79b4ae83a5df3310ead7 instance=console-1 roles=operator scopes=operator.read,operator.write version=0.1.0 platform=linux family=Desktop reason=connect since=1795484769162 ts=1795484769163\n"
		"  [2] gateway-client/ui class=other gone host=gateway-client ip=- device=- instance=- roles=operator scopes=(cleared) version=0.1.0 platform=linux family=- reason=disconnect since=1795484717192 ts=1795484717195\n"
		"  [3] openclaw-tui/ui class=tui gone host=ops-console ip=- device=906d5f9023144aaec536983c645b6713b54b46039e8647a4cfcd3c01ba3bc714 instance=console-1 roles=operator scopes=operator.read,operator.write version=0.1.0 platform=linux family=- reason=disconnect since=1795484714094 ts=1795484714155\n"
		"  [4] openclaw-tui/ui class=tui gone host=ops-console ip=- device=906d5f9023144aaec536983c645b6713b54b46039e8647a4cfcd3c01ba3bc714 instance=console-1 roles=operator scopes=operator.read,operator.write version=0.1.0 platform=linux family=- reason=disconnect since=1795484713736 ts=1795484713759\n"
		"pending 1\n"
		"  [0] 8ba46724-4393-4523-88d2-bded10c77be7 device=c14244e4042375d103795b76d3470a65e45068ed57b4eca7cdaa115fa91dc301 name=build-bot cli/cli class=cli role=operator scopes=operator.read platform=linux ip=- repair=0 silent=0 ts=1795484769174\n"
		"paired 1\n"
		"  [0] 56f08e8ce2f97afba541293d4f3a2d6b190c85e5814b79b4ae83a5df3310ead7 name=ops-console openclaw-tui/ui class=tui role=operator scopes=operator.read,operator.write via=owner connected=1 approved=1795484768966 seen=1795484769142/connect tokens=1\n");
	free(a);
	free(b);
	model_free(&m);
	a = dump_to_string(&m);
	CHECK_STR(a, "presence 0\npending 0\npaired 0\n");
	free(a);
	json_decref(pres);
	json_decref(pair);
}

static void
test_json_forms(void)
{
	json_t *pres = fixture_load("system-presence.res.json");
	json_t *pair = fixture_load("device.pair.list.res.json");
	struct model m;
	json_t *o;

	memset(&m, 0, sizeof(m));
	model_set_presence(&m, json_object_get(pres, "payload"));
	model_set_pairing(&m, json_object_get(pair, "payload"), 42);
	o = model_presence_json(&m.presence[1]);
	CHECK_STR(json_string_value(json_object_get(o, "clientId")), "openclaw-tui");
	CHECK_STR(json_string_value(json_object_get(o, "class")), "tui");
	CHECK(json_array_size(json_object_get(o, "scopes")) == 2);
	CHECK(json_is_true(json_object_get(o, "live")));
	CHECK(json_integer_value(json_object_get(o, "onlineSince")) == 1795484769162);
	CHECK(json_is_null(json_object_get(o, "ip")));
	json_decref(o);
	o = model_presence_json(&m.presence[2]);
	CHECK(json_is_null(json_object_get(o, "scopes")));
	CHECK(json_is_true(json_object_get(o, "scopesCleared")));
	CHECK(json_is_false(json_object_get(o, "live")));
	json_decref(o);
	o = model_pending_json(&m.pending[0]);
	CHECK_STR(json_string_value(json_object_get(o, "requestId")), "8ba46724-4393-4523-88d2-bded10c77be7");
	CHECK_STR(json_string_value(json_object_get(o, "class")), "cli");
	CHECK(json_integer_value(json_object_get(o, "ts")) == 1795484769174);
	json_decref(o);
	o = model_paired_json(&m.paired[0]);
	CHECK(json_is_true(json_object_get(o, "connected")));
	CHECK(json_array_size(json_object_get(o, "tokens")) == 1);
	CHECK_STR(json_string_value(json_object_get(o, "approvedVia")), "owner");
	json_decref(o);
	model_free(&m);
	json_decref(pres);
	json_decref(pair);
}

static void
test_ten_thousand_rows(void)
{
	json_t *arr = json_array(), *pend = json_array(), *pl;
	struct model m;
	clock_t t0 = clock();
	char id[64];

	memset(&m, 0, sizeof(m));
	for (int i = 0; i < 10000; i++) {
		snprintf(id, sizeof(id), "req-%05d", (i * 7919) % 10000);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:[s], s:I}", "clientId", "gateway-client",
						     "mode", "ui", "host", id, "scopes", "operator.read",
						     "onlineSince", (json_int_t)i));
		json_array_append_new(pend, json_pack("{s:s, s:s}", "requestId", id, "deviceId", id));
	}
	pl = json_pack("{s:o, s:[]}", "pending", pend, "paired");
	for (int k = 0; k < 5; k++)
		CHECK(model_set_presence(&m, arr) == 0);
	CHECK(m.n_presence == 10000);
	CHECK(model_set_pairing(&m, pl, 0) == 0);
	CHECK(model_take_changes(&m) & MODEL_CHANGED_NEW_REQUEST);
	CHECK(model_set_pairing(&m, pl, 0) == 0);
	CHECK(!(model_take_changes(&m) & MODEL_CHANGED_NEW_REQUEST));
	CHECK(m.n_pending == 10000 && m.n_seen_requests == 10000);
	CHECK(model_find_pending(&m, "req-09999") != NULL);
	CHECK((clock() - t0) < 2 * CLOCKS_PER_SEC);
	model_free(&m);
	json_decref(arr);
	json_decref(pl);
}

/* Issue #13 item 7: every list has a cap; what a cap leaves out is counted and said. */
static void
test_caps_on_every_list(void)
{
	json_t *pres = json_array(), *pend = json_array(), *paired = json_array(), *scopes = json_array();
	json_t *toks = json_array(), *pl, *ev;
	struct model m;
	struct frame f;
	char line[512], id[32];
	const char *const *sc;

	memset(&m, 0, sizeof(m));
	CHECK(model_caps_describe(&m, line, sizeof(line)) == 0 && line[0] == '\0');
	for (int i = 0; i < MODEL_MAX_PRESENCE + 7; i++)
		json_array_append_new(pres, json_pack("{s:s}", "host", "h"));
	CHECK(model_set_presence(&m, pres) == 0);
	CHECK(m.n_presence == MODEL_MAX_PRESENCE && m.presence_over == 7);
	CHECK(model_caps_describe(&m, line, sizeof(line)) == 1);
	CHECK(strstr(line, "10007 presence rows, showing the first 10000") != NULL);
	/* a row's scope list: cut at MODEL_MAX_LIST, ending in a name no ceiling admits */
	for (int i = 0; i < 300; i++)
		json_array_append_new(scopes, json_string("operator.read"));
	for (int i = 0; i < MODEL_MAX_TOKENS + 3; i++)
		json_array_append_new(toks, json_pack("{s:s}", "role", "operator"));
	for (int i = 0; i < MODEL_MAX_PENDING + 2; i++) {
		snprintf(id, sizeof(id), "r%d", i);
		json_array_append_new(pend, i ? json_pack("{s:s}", "requestId", id)
					      : json_pack("{s:s, s:s, s:s, s:s, s:O}", "requestId", id, "deviceId",
							  id_dev(), "publicKey", id_pk(), "role", "operator",
							  "scopes", scopes));
	}
	for (int i = 0; i < MODEL_MAX_PAIRED + 1; i++) {
		snprintf(id, sizeof(id), "d%d", i);
		json_array_append_new(paired, i ? json_pack("{s:s}", "deviceId", id)
						: json_pack("{s:s, s:O}", "deviceId", id, "tokens", toks));
	}
	pl = json_pack("{s:o, s:o}", "pending", pend, "paired", paired);
	CHECK(model_set_pairing(&m, pl, 0) == 0);
	CHECK(m.n_pending == MODEL_MAX_PENDING && m.pending_over == 2);
	CHECK(m.n_paired == MODEL_MAX_PAIRED && m.paired_over == 1);
	CHECK(m.n_paired && m.paired[0].n_tokens == MODEL_MAX_TOKENS && m.paired[0].tokens_over == 3);
	CHECK(m.pending[0].scopes.n == MODEL_MAX_LIST);
	CHECK_STR(m.pending[0].scopes.v[MODEL_MAX_LIST - 1], "(+45 more)");
	/* a request announced while the list is full is counted, not listed */
	CHECK(event_from(&f, "{\"type\":\"event\",\"event\":\"device.pair.requested\",\"payload\":"
			     "{\"requestId\":\"late\"}}") == 0);
	model_apply_event(&m, &f, 0);
	frame_free(&f);
	CHECK(m.n_pending == MODEL_MAX_PENDING && m.pending_over == 3 && !model_find_pending(&m, "late"));
	CHECK(model_caps_describe(&m, line, sizeof(line)) == 1);
	CHECK(strstr(line, "10003 pending requests, showing 10000") && strstr(line, "20001 paired devices") &&
	      strstr(line, "3 device tokens"));
	/* the agent never approves a scope list it did not see whole */
	{
		struct trusted_list l = { 0 };
		struct trusted_entry e;
		struct agent_request r;
		struct agent_decision d;
		static const char *const op[] = { "operator" };

		memset(&e, 0, sizeof(e));
		snprintf(e.name, sizeof(e.name), "svc");
		snprintf(e.device_id, sizeof(e.device_id), "%s", id_dev());
		snprintf(e.scopes[e.n_scopes++], sizeof(e.scopes[0]), "operator.read");
		CHECK(trusted_add(&l, &e, NULL) == 0);
		memset(&r, 0, sizeof(r));
		sc = (const char *const *)m.pending[0].scopes.v;
		r.request_id = m.pending[0].request_id;
		r.device_id = m.pending[0].device_id;
		r.public_key = m.pending[0].public_key;
		r.role = "operator";
		r.roles = op;
		r.n_roles = 1;
		r.scopes = sc;
		r.n_scopes = m.pending[0].scopes.n;
		agent_decide(&r, &l, 0, &d);
		CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "(+45 more)"));
		r.n_scopes = 2;		/* the same request with its list whole is approved */
		agent_decide(&r, &l, 0, &d);
		CHECK(d.verdict == AGENT_APPROVE);
		trusted_free(&l);
	}
	ev = json_pack("[]");
	CHECK(model_set_presence(&m, ev) == 0 && m.presence_over == 0);
	json_decref(ev);
	model_free(&m);
	json_decref(pres);
	json_decref(pl);
	json_decref(scopes);
	json_decref(toks);
}

/* Request ids remembered for the bell stay bounded under a gateway that invents them. */
static void
test_seen_ids_are_capped(void)
{
	struct model m;
	struct frame f;
	char t[200];
	unsigned bits;

	memset(&m, 0, sizeof(m));
	CHECK(event_from(&f, "{\"type\":\"event\",\"event\":\"device.pair.requested\",\"payload\":"
			     "{\"requestId\":\"stays\"}}") == 0);
	CHECK(model_apply_event(&m, &f, 0) & MODEL_CHANGED_NEW_REQUEST);
	frame_free(&f);
	for (int i = 0; i < MODEL_MAX_SEEN + 5000; i++) {
		snprintf(t, sizeof(t), "{\"type\":\"event\",\"event\":\"device.pair.requested\",\"payload\":"
			 "{\"requestId\":\"r%d\"}}", i);
		if (event_from(&f, t) != 0)
			break;
		model_apply_event(&m, &f, 0);
		frame_free(&f);
		snprintf(t, sizeof(t), "r%d", i);
		model_remove_pending(&m, t);
	}
	CHECK(m.n_seen_requests <= MODEL_MAX_SEEN);
	CHECK(m.n_pending == 1);
	/* the request still pending is still known: announcing it again does not ring */
	CHECK(event_from(&f, "{\"type\":\"event\",\"event\":\"device.pair.requested\",\"payload\":"
			     "{\"requestId\":\"stays\"}}") == 0);
	bits = model_apply_event(&m, &f, 0);
	frame_free(&f);
	CHECK(!(bits & MODEL_CHANGED_NEW_REQUEST));
	model_free(&m);
}

/* Every pending request is found through the id index, and none that is gone. */
static void
check_index(const struct model *m)
{
	for (size_t i = 0; i < m->n_pending; i++) {
		const struct pending_req *q = model_find_pending(m, m->pending[i].request_id);

		/* a repeated id finds its first entry */
		CHECK(q && strcmp(q->request_id, m->pending[i].request_id) == 0 && q <= &m->pending[i]);
	}
}

static void
announce(struct model *m, const char *id, int64_t now)
{
	struct frame f;
	char t[200];

	snprintf(t, sizeof(t), "{\"type\":\"event\",\"event\":\"device.pair.requested\",\"payload\":"
		 "{\"requestId\":\"%s\",\"deviceId\":\"dev-%s\"}}", id, id);
	CHECK(event_from(&f, t) == 0);
	model_apply_event(m, &f, now);
	frame_free(&f);
}

/* Issue #14 item 8: the request-id index stays right through inserts, refreshes,
 * removals (first, middle, last, absent), expiry and a full list replacement. */
static void
test_pending_index(void)
{
	struct model m;
	char id[32];
	json_t *pl;

	memset(&m, 0, sizeof(m));
	CHECK(model_find_pending(&m, "none") == NULL);
	for (int i = 0; i < 300; i++) {		/* grows the table several times */
		snprintf(id, sizeof(id), "q%d", i);
		announce(&m, id, i < 150 ? 0 : 1000);
	}
	CHECK(m.n_pending == 300);
	check_index(&m);
	announce(&m, "q8", 1000);		/* a refresh stays in place */
	CHECK(m.n_pending == 300 && model_find_pending(&m, "q8") == &m.pending[8]);
	CHECK(model_remove_pending(&m, "q0") == 1);
	CHECK(model_remove_pending(&m, "q299") == 1);
	CHECK(model_remove_pending(&m, "q150") == 1);
	CHECK(model_remove_pending(&m, "q150") == 0);
	CHECK(model_remove_pending(&m, "nope") == 0);
	CHECK(m.n_pending == 297);
	CHECK(!model_find_pending(&m, "q0") && !model_find_pending(&m, "q299") &&
	      !model_find_pending(&m, "q150"));
	check_index(&m);
	for (int i = 1; i < 150; i += 2) {	/* every other one of the first half */
		snprintf(id, sizeof(id), "q%d", i);
		CHECK(model_remove_pending(&m, id) == 1);
	}
	check_index(&m);
	CHECK(model_find_pending(&m, "q2") && !model_find_pending(&m, "q3"));
	/* expiry drops the old ones (seen at 0) except the refreshed q8 */
	CHECK(model_expire_pending(&m, 500, 400) == 73);
	CHECK(model_find_pending(&m, "q8") && !model_find_pending(&m, "q2") &&
	      model_find_pending(&m, "q151"));
	check_index(&m);
	/* a full replacement, with a repeated id */
	pl = json_pack("{s:[{s:s},{s:s},{s:s},{s:s}], s:[]}", "pending", "requestId", "a", "requestId",
		       "b", "requestId", "a", "requestId", "c", "paired");
	CHECK(model_set_pairing(&m, pl, 0) == 0);
	json_decref(pl);
	CHECK(m.n_pending == 4 && !model_find_pending(&m, "q8") && !model_find_pending(&m, "q151"));
	CHECK(model_find_pending(&m, "a") == &m.pending[0] && model_find_pending(&m, "c") == &m.pending[3]);
	check_index(&m);
	CHECK(model_remove_pending(&m, "a") == 1);	/* the second "a" is found now */
	CHECK(model_find_pending(&m, "a") == &m.pending[1]);
	check_index(&m);
	CHECK(model_remove_pending(&m, "a") == 1 && !model_find_pending(&m, "a"));
	announce(&m, "d", 0);
	CHECK(m.n_pending == 3 && model_find_pending(&m, "d") == &m.pending[2]);
	check_index(&m);
	model_free(&m);
	CHECK(model_find_pending(&m, "d") == NULL);
}

/* The filter's cache gives the rows rows_match gives, also after rows change. */
static void
check_filter(const struct model *m, struct rows_view *v, const char *needle, int64_t now)
{
	size_t want = 0, total = rows_count(m, v->kind);

	snprintf(v->filter, sizeof(v->filter), "%s", needle);
	CHECK(rows_view_build(v, m, now) == 0);
	for (size_t i = 0; i < total; i++) {
		bool in = rows_match(v->kind, rows_get(m, v->kind, i), needle, now);

		if (in)
			CHECK(want < v->n && v->idx[want++] == i);
	}
	CHECK(v->n == want);
}

static void
test_filter_cache(void)
{
	struct model m;
	struct rows_view v = { .kind = ROWS_PRESENCE, .sort_col = -1 };
	struct rows_view q = { .kind = ROWS_PENDING, .sort_col = -1 };
	static const char *const needles[] = { "TUI", "cli", "operator.read", "dev-q1", "5s", "1m", "-",
					       "d", "zzz", "\x1f", "ui\x1f", "ONE", "" };
	json_t *a = json_pack("[{s:s, s:s, s:[s], s:s, s:I}, {s:s, s:s, s:s, s:I}, {s:s}]", "clientId",
			      "openclaw-tui", "mode", "ui", "roles", "operator", "deviceId", "ABCDEF0123456789xyz",
			      "ts", (json_int_t)95000, "clientId", "cli", "mode", "cli", "reason", "disconnect",
			      "onlineSince", (json_int_t)40000, "host", "one");

	memset(&m, 0, sizeof(m));
	CHECK(model_set_presence(&m, a) == 0);
	for (int i = 0; i < 20; i++) {
		char id[16];

		snprintf(id, sizeof(id), "q%d", i);
		announce(&m, id, 0);
	}
	for (int round = 0; round < 2; round++)
		for (size_t k = 0; k < sizeof(needles) / sizeof(needles[0]); k++) {
			check_filter(&m, &v, needles[k], 100000);
			check_filter(&m, &q, needles[k], 100000 + round * 3600000);
		}
	check_filter(&m, &v, "abcdef0123456789X", 100000);	/* the full device id */
	CHECK(v.n == 1);
	/* rows change: a new list, a refresh, a removal */
	json_decref(a);
	a = json_pack("[{s:s}, {s:s, s:s}]", "clientId", "webchat-ui", "clientId", "openclaw-tui", "host", "two");
	CHECK(model_set_presence(&m, a) == 0);
	check_filter(&m, &v, "tui", 100000);
	CHECK(v.n == 1 && v.idx[0] == 1);
	check_filter(&m, &v, "one", 100000);
	CHECK(v.n == 0);
	CHECK(model_remove_pending(&m, "q3") == 1);
	check_filter(&m, &q, "q1", 100000);
	CHECK(q.n == 11);	/* q1, q10..q19 */
	check_filter(&m, &q, "q3", 100000);
	CHECK(q.n == 0);
	rows_view_free(&v);
	rows_view_free(&q);
	CHECK(v.fold == NULL && v.fold_cap == 0);
	json_decref(a);
	model_free(&m);
}

/* The gateway keeps 200 entries, its own included: the console says so only at the cap. */
static void
test_presence_full_at_gateway_cap(void)
{
	struct model m;
	json_t *arr = json_array();
	int i;

	memset(&m, 0, sizeof(m));
	json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "mode", "gateway", "reason", "self", "host", "gw"));
	for (i = 0; i < MODEL_GATEWAY_PRESENCE_MAX - 2; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "clientId", "gateway-client",
						     "mode", "ui", "reason", i % 2 ? "disconnect" : "connect"));
	CHECK(model_set_presence(&m, arr) == 0);
	CHECK(!model_presence_full(&m));	/* 198 others and the gateway itself */
	json_array_append_new(arr, json_pack("{s:s, s:s}", "clientId", "cli", "mode", "ui"));
	CHECK(model_set_presence(&m, arr) == 0);
	CHECK(model_presence_full(&m));
	json_decref(arr);
	model_free(&m);
	CHECK(!model_presence_full(&m));
}

/* Releases before 2026.9 (frames from 2026.3.31 and 2026.6.11): presence has no clientId,
 * paired devices have no approvedVia or connected.  The class comes from the paired record,
 * connected from the live presence entries, and approvedVia says it is unknown. */
static void
test_old_release_presence_takes_class_from_paired(void)
{
	static const char *const versions[] = { "2026.3.31", "2026.6.11" };

	for (size_t v = 0; v < 2; v++) {
		json_t *pl = fixture_release_frame(versions[v], "pair-list-after", "r1");
		json_t *pr = fixture_release_frame(versions[v], "pair-list-after", "r2");
		struct model m;
		const struct presence_row *me = NULL;
		const struct paired_dev *d;
		size_t n_online = 0;

		memset(&m, 0, sizeof(m));
		CHECK(pl && pr);
		/* either order: presence first, then the pairing list */
		CHECK(model_set_presence(&m, json_object_get(pr, "payload")) == 0);
		CHECK(model_set_pairing(&m, json_object_get(pl, "payload"), 1000) == 0);
		for (size_t i = 0; i < m.n_presence; i++)
			if (m.presence[i].live && m.presence[i].device_id)
				me = &m.presence[i];
		CHECK(me != NULL);
		if (me) {
			CHECK_STR(me->client_id, "openclaw-tui");
			CHECK(me->client_id_from_paired);
			CHECK(me->cls == CLASS_TUI);
			d = model_find_paired(&m, me->device_id);
			CHECK(d && d->connected && d->connected_from_presence);
			CHECK(d && strcmp(d->approved_via, "unknown") == 0);
		}
		for (size_t i = 0; i < m.n_paired; i++)
			n_online += m.paired[i].connected;
		CHECK(n_online == 1);
		/* the gateway's own row keeps its class; a device-less backend keeps its mode's */
		CHECK(m.presence[0].cls == CLASS_GATEWAY);
		model_free(&m);
		json_decref(pl);
		json_decref(pr);
	}
}

int
main(void)
{
	RUN(test_old_release_presence_takes_class_from_paired);
	RUN(test_system_presence_fixture);
	RUN(test_presence_event_replaces_list);
	RUN(test_disconnect_rows_are_not_live);
	RUN(test_pairing_list_fixture);
	RUN(test_requested_then_resolved_removes);
	RUN(test_requested_twice_counts_new_once);
	RUN(test_expiry_of_pending);
	RUN(test_hostile_strings_are_sanitised);
	RUN(test_nul_in_names_is_defanged);
	RUN(test_malformed_payloads_never_crash);
	RUN(test_dump_is_stable);
	RUN(test_json_forms);
	RUN(test_ten_thousand_rows);
	RUN(test_presence_full_at_gateway_cap);
	RUN(test_caps_on_every_list);
	RUN(test_seen_ids_are_capped);
	RUN(test_pending_index);
	RUN(test_filter_cache);
	return CHECK_DONE();
}
