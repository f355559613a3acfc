/* Gateway log records → rejections: every line of logs.tail.res.json, merging by conn
 * id, mapping to explain inputs, and malformed or hostile lines. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/decide.h"
#include "net/logline.h"
#include "tests/unit/check.h"
#include "tests/unit/fixture.h"

static json_t *
fixture_lines(void)
{
	json_t *fx = fixture_load("logs.tail.res.json");
	json_t *lines = json_incref(json_object_get(json_object_get(fx, "payload"), "lines"));

	json_decref(fx);
	return lines;
}

static void
test_every_fixture_line(void)
{
	json_t *lines = fixture_lines();
	size_t closed = 0, unauth = 0, other = 0;

	CHECK(json_array_size(lines) == 23);
	for (size_t i = 0; i < json_array_size(lines); i++) {
		struct logline_rec r;
		enum logline_kind k = logline_parse(json_string_value(json_array_get(lines, i)), &r);

		if (k == LOGLINE_CLOSED) {
			closed++;
			CHECK(r.conn[0] != '\0');
			CHECK_STR(r.remote, "127.0.0.1");
			CHECK(r.close_code == 1008 || r.close_code == 1002);
			CHECK(r.reason[0] && r.phase[0] && r.cause[0] && r.time[0]);
			CHECK_STR(r.level, "WARN");
			CHECK_STR(r.host, "127.0.0.1:40521");
			CHECK(strstr(r.reason, " phase=") == NULL);
		} else if (k == LOGLINE_UNAUTHORIZED) {
			unauth++;
			CHECK(r.conn[0] && r.auth_reason[0] && r.reason[0]);
		} else {
			other++;
		}
	}
	CHECK(closed == 16);
	CHECK(unauth == 3);
	CHECK(other == 4);
	json_decref(lines);
}

static struct logline_rec
fixture_rec(size_t i)
{
	json_t *lines = fixture_lines();
	struct logline_rec r;

	logline_parse(json_string_value(json_array_get(lines, i)), &r);
	json_decref(lines);
	return r;
}

static void
test_fields(void)
{
	struct logline_rec r = fixture_rec(1);

	CHECK(r.kind == LOGLINE_CLOSED);
	CHECK_STR(r.cause, "pairing-required");
	CHECK_STR(r.phase, "auth_validated");
	CHECK_STR(r.conn, "88014298-811b-4272-a775-6c4fcc714678");
	CHECK_STR(r.peer, "127.0.0.1:33220->127.0.0.1:40521");
	CHECK_STR(r.request_id, "795c95c5-7893-43eb-893e-24c65cbd9630");
	CHECK_STR(r.detail_reason, "not-paired");
	CHECK_STR(r.origin, "");
	CHECK_STR(r.ua, "");
	CHECK_STR(r.reason, "pairing required: device is not approved yet (requestId: 795c95c5-7893-43eb-893e-24c65cbd9630)");
	CHECK_STR(r.time, "2026-11-24T01:45:13.216+00:00");

	r = fixture_rec(5);	/* the original problem report */
	CHECK_STR(r.cause, "control-ui-insecure-auth");
	CHECK_STR(r.client, "openclaw-tui");
	CHECK_STR(r.mode, "ui");
	CHECK_STR(r.phase, "auth_credentials_received");

	r = fixture_rec(20);	/* foreign origin */
	CHECK_STR(r.origin, "http://evil.example");
	CHECK_STR(r.detail_reason, "origin not allowed");

	r = fixture_rec(8);	/* unauthorized text record */
	CHECK(r.kind == LOGLINE_UNAUTHORIZED);
	CHECK_STR(r.display_name, "cli");
	CHECK_STR(r.mode, "cli");
	CHECK_STR(r.version, "0.1.0");
	CHECK_STR(r.auth_provided, "token");
	CHECK_STR(r.auth_reason, "token_mismatch");
	CHECK(r.has_device == 0);
	CHECK(r.scope_count == 0);
	CHECK_STR(r.reason, "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)");
}

static void
test_merge_by_conn(void)
{
	json_t *lines = fixture_lines();
	struct logline_list l = { 0 };
	size_t complete = 0;
	const struct logline_rec *dt = NULL;

	for (size_t i = 0; i < json_array_size(lines); i++) {
		struct logline_rec r;
		long idx;

		if (logline_parse(json_string_value(json_array_get(lines, i)), &r) == LOGLINE_OTHER)
			continue;
		idx = logline_list_add(&l, &r, 100);
		CHECK(idx != -1);
		if (idx >= 0)
			complete++;
	}
	CHECK(complete == 16);
	CHECK(l.n == 16);	/* the three unauthorized records were absorbed */
	for (size_t i = 0; i < l.n; i++) {
		CHECK(l.v[i].kind == LOGLINE_CLOSED);
		if (strcmp(l.v[i].auth_reason, "device_token_mismatch") == 0)
			dt = &l.v[i];
	}
	CHECK(dt != NULL);
	if (dt) {
		CHECK_STR(dt->client, "openclaw-tui");	/* structured id wins over the display name */
		CHECK_STR(dt->display_name, "ops-console");
		CHECK_STR(dt->auth_provided, "device-token");
		CHECK(dt->close_code == 1008);
	}
	logline_list_free(&l);
	/* keep bound */
	for (int i = 0; i < 10; i++) {
		struct logline_rec r = fixture_rec(1);

		snprintf(r.conn, sizeof(r.conn), "c%d", i);
		logline_list_add(&l, &r, 3);
	}
	CHECK(l.n == 3);
	CHECK_STR(l.v[2].conn, "c9");
	logline_list_free(&l);
	json_decref(lines);
}

/* Each closed record, mapped back to inputs, is explained with the details code the
 * gateway sent for that cause. */
static void
test_to_input(void)
{
	static const struct {
		size_t line;
		const char *details_code;
		int known;
	} cases[] = {
		{ 1, "PAIRING_REQUIRED", -1 },
		{ 5, "CONTROL_UI_DEVICE_IDENTITY_REQUIRED", 0 },
		{ 6, "CONTROL_UI_ORIGIN_NOT_ALLOWED", 0 },
		{ 7, "DEVICE_IDENTITY_REQUIRED", 0 },
		{ 9, "AUTH_TOKEN_MISMATCH", 0 },
		{ 11, "AUTH_TOKEN_MISSING", 0 },
		{ 12, "DEVICE_IDENTITY_REQUIRED", 0 },
		{ 14, "PROTOCOL_MISMATCH", 0 },
		{ 15, "DEVICE_AUTH_SIGNATURE_INVALID", -1 },
		{ 17, "DEVICE_AUTH_NONCE_MISMATCH", -1 },
		{ 20, "CONTROL_UI_ORIGIN_NOT_ALLOWED", 0 },
		{ 22, "AUTH_DEVICE_TOKEN_MISMATCH", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct logline_rec r = fixture_rec(cases[i].line);
		struct decide_input in;
		struct decide_verdict v;
		int known = logline_to_input(&r, &in);

		decide_evaluate(&in, &v);
		if (!v.details_code || strcmp(v.details_code, cases[i].details_code) != 0)
			printf("    line %zu cause %s: got %s [%s]\n", cases[i].line, r.cause,
			       v.details_code ? v.details_code : "-", v.rule_id);
		CHECK(v.details_code && strcmp(v.details_code, cases[i].details_code) == 0);
		CHECK(known == cases[i].known);
	}
}

static void
test_hostile_lines(void)
{
	static const char *const bad[] = {
		"", "{", "null", "[]", "42", "\"closed before connect\"", "{\"message\":7}",
		"{\"message\":\"closed before connect\"}",
		"{\"message\":\"closed before connect conn=\"}",
		"{\"message\":\"closed before connect code=abc reason= phase=\",\"1\":[1,2]}",
		"{\"message\":\"unauthorized conn=x client= role=\"}",
		"{\"message\":\"unauthorized conn=\",\"1\":{\"client\":5,\"cause\":null}}",
		"{\"1\":{\"cause\":\"unauthorized\"},\"message\":\"something else\"}",
		"\xff\xfe{garbage",
	};
	struct logline_rec r;
	char big[9000], line[10000];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		logline_parse(bad[i], &r);	/* must not crash */
	CHECK(logline_parse(NULL, &r) == LOGLINE_OTHER);
	CHECK(logline_parse("{", &r) == LOGLINE_OTHER);
	CHECK(logline_parse("{\"message\":\"device pairing approved\"}", &r) == LOGLINE_OTHER);
	/* control characters and escape sequences are stripped, lengths are bounded */
	CHECK(logline_parse("{\"message\":\"closed before connect conn=a\\u001b[31mb peer=p remote=1.2.3.4 "
			    "fwd=n/a origin=http://x\\u0007 host=h ua=evil\\u009b2J agent code=1008 "
			    "reason=bad\\nthing phase=x\",\"time\":\"t\\u001b]0;pwn\\u0007\"}", &r) == LOGLINE_CLOSED);
	CHECK(strchr(r.conn, 0x1b) == NULL);
	CHECK_STR(r.conn, "ab");	/* the whole sequence, not just its ESC */
	CHECK_STR(r.origin, "http://x");
	CHECK_STR(r.ua, "evil agent");
	CHECK_STR(r.reason, "bad thing");	/* text_sanitize: newline -> space */
	CHECK(strchr(r.time, 0x1b) == NULL && strchr(r.time, 0x07) == NULL);
	CHECK(r.close_code == 1008);
	/* a lone surrogate escape (JSON.stringify of a hostile display name) keeps the record */
	CHECK(logline_parse("{\"message\":\"closed before connect conn=s1 origin=n/a host=h ua=n/a code=1008 "
			    "reason=r phase=p\",\"1\":{\"clientDisplayName\":\"x\\ud800y\"}}", &r) == LOGLINE_CLOSED);
	CHECK_STR(r.display_name, "x\xef\xbf\xbdy");
	/* so does a U+0000 (issue #13 item 2): the gateway logs such a client name as it came,
	 * in the message text too, and the fields after it still count */
	CHECK(logline_parse("{\"message\":\"unauthorized conn=n1 peer=p remote=127.0.0.1 client=nul\\u0000name cli "
			    "v0.1.0 role=operator scopes=2 auth=token device=yes platform=linux reason=token_mismatch\","
			    "\"1\":{\"clientDisplayName\":\"nul\\u0000name\"}}", &r) == LOGLINE_UNAUTHORIZED);
	CHECK_STR(r.display_name, "nulname");
	CHECK_STR(r.auth_reason, "token_mismatch");
	/* header values cannot imitate the fields the gateway writes after them */
	CHECK(logline_parse("{\"message\":\"closed before connect conn=s2 origin=http://o host=evil ua=u code=1000 "
			    "reason=fine phase=ready host=127.0.0.1:1 ua=n/a code=1008 reason=origin not allowed "
			    "phase=ws_upgrade_started\",\"1\":{\"host\":\"127.0.0.1:1\",\"phase\":\"ws_upgrade_started\"}}",
			    &r) == LOGLINE_CLOSED);
	CHECK(r.close_code == 1008);
	CHECK_STR(r.host, "127.0.0.1:1");
	CHECK_STR(r.ua, "");
	CHECK_STR(r.phase, "ws_upgrade_started");
	CHECK_STR(r.reason, "origin not allowed");
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(line, sizeof(line), "{\"message\":\"closed before connect conn=%s code=1 reason=%s phase=p\"}",
		 big + 8000, big + 7000);
	CHECK(logline_parse(line, &r) == LOGLINE_CLOSED);
	CHECK(strlen(r.conn) < sizeof(r.conn));
	CHECK(strlen(r.reason) < sizeof(r.reason));
	CHECK_STR(r.phase, "p");
	/* truncation never splits a UTF-8 sequence */
	{
		char u[2000] = "{\"message\":\"closed before connect conn=c reason=";
		size_t n = strlen(u);

		for (int i = 0; i < 200; i++)
			n += (size_t)snprintf(u + n, sizeof(u) - n, "\xc3\xa9");
		snprintf(u + n, sizeof(u) - n, " phase=p\"}");
		CHECK(logline_parse(u, &r) == LOGLINE_CLOSED);
		CHECK(strlen(r.reason) % 2 == 0);
	}
}

/* Issue #13 item 7: a log of "unauthorized" lines that never close cannot grow the list. */
static void
test_waiting_records_are_capped(void)
{
	struct logline_list l = { 0 };
	struct logline_rec r;
	char line[200];

	for (int i = 0; i < 10000; i++) {
		snprintf(line, sizeof(line), "{\"message\":\"unauthorized conn=w%d client=cli cli role=operator\"}", i);
		CHECK(logline_parse(line, &r) == LOGLINE_UNAUTHORIZED);
		CHECK(logline_list_add(&l, &r, 5000) == -2);
	}
	CHECK(l.n == LOGLINE_MAX_WAITING);
	CHECK(l.n && strcmp(l.v[l.n - 1].conn, "w9999") == 0);	/* the newest wait */
	/* and the newest one still completes */
	CHECK(logline_parse("{\"message\":\"closed before connect conn=w9999 code=1008 reason=r phase=p\"}", &r) ==
	      LOGLINE_CLOSED);
	CHECK(logline_list_add(&l, &r, 5000) >= 0);
	CHECK(l.n == LOGLINE_MAX_WAITING && l.v[l.n - 1].kind == LOGLINE_CLOSED &&
	      strcmp(l.v[l.n - 1].conn, "w9999") == 0);
	logline_list_free(&l);
}

/* The handshake records that a real release logged (logs.tail in the release captures). */
static size_t
release_lines(const char *version, struct logline_rec *out, size_t max)
{
	json_t *res = fixture_release_frame(version, "tui-device-first", "r4");
	json_t *lines = json_object_get(json_object_get(res, "payload"), "lines");
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(lines) && n < max; i++)
		if (logline_parse(json_string_value(json_array_get(lines, i)), &out[n]) == LOGLINE_CLOSED)
			n++;
	json_decref(res);
	return n;
}

/* Releases before 2026.8 log no phase=: the reason is kept whole, not cut at its first
 * word. */
static void
test_old_release_reason_kept_whole(void)
{
	static const char *const versions[] = { "2026.3.31", "2026.6.11" };

	for (size_t v = 0; v < 2; v++) {
		struct logline_rec recs[8];
		size_t n = release_lines(versions[v], recs, 8);
		bool seen_protocol = false, seen_ui = false;

		CHECK(n >= 3);
		for (size_t i = 0; i < n; i++) {
			CHECK_STR(recs[i].phase, "");
			if (strcmp(recs[i].cause, "protocol-mismatch") == 0) {
				CHECK_STR(recs[i].reason, "protocol mismatch");
				seen_protocol = true;
			}
			if (strcmp(recs[i].cause, "control-ui-insecure-auth") == 0) {
				CHECK_STR(recs[i].reason, "control ui requires device identity (use HTTPS or localhost secure context)");
				seen_ui = true;
			}
		}
		CHECK(seen_protocol && seen_ui);
	}
}

/* 2026.3.31 writes every gateway's records into one daily file: a record's Host port says
 * which gateway it came through. */
static void
test_other_gateway_records_recognised(void)
{
	struct logline_rec recs[8];
	size_t n = release_lines("2026.3.31", recs, 8);
	int port;

	CHECK(n >= 1);
	port = atoi(strrchr(recs[0].host, ':') + 1);
	CHECK(port > 0);
	CHECK(!logline_other_gateway(&recs[0], port));
	CHECK(logline_other_gateway(&recs[0], port + 1));
	CHECK(!logline_other_gateway(&recs[0], 0));	/* 0: no filter */
	snprintf(recs[0].host, sizeof(recs[0].host), "127.0.0.1:%d0", port);
	CHECK(logline_other_gateway(&recs[0], port));
	recs[0].host[0] = '\0';
	CHECK(!logline_other_gateway(&recs[0], port));
}

int
main(void)
{
	RUN(test_old_release_reason_kept_whole);
	RUN(test_other_gateway_records_recognised);
	RUN(test_every_fixture_line);
	RUN(test_fields);
	RUN(test_merge_by_conn);
	RUN(test_to_input);
	RUN(test_hostile_lines);
	RUN(test_waiting_records_are_capped);
	return CHECK_DONE();
}
