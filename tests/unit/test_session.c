/* net/session: the connect frame and its signature, and how responses are read. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "auth/identity.h"
#include "net/frame.h"
#include "net/session.h"
#include "check.h"
#include "fixture.h"

static const char *const rw[] = { "operator.read", "operator.write" };

static void
seed_identity(struct identity *id)
{
	unsigned char seed[32];

	for (int i = 0; i < 32; i++)
		seed[i] = (unsigned char)i;
	CHECK(identity_from_seed(id, seed, NULL) == 0);
}

/* Vector 1 of signing.txt, built through the same path as a live connect. */
static void
test_connect_frame_matches_vector_1(void)
{
	struct identity id;
	struct session_client c = {
		.client_id = "openclaw-tui", .client_mode = "ui", .role = "operator",
		.scopes = rw, .n_scopes = 2, .version = "0.1.0", .platform = "linux",
	};
	struct frame f;
	json_t *params, *dev, *auth;
	char *text;

	seed_identity(&id);
	text = session_build_connect(&c, &id, SESSION_AUTH_SHARED_TOKEN, "test-gateway-token", "c1",
				     "5f0c1c2e-4a53-4c1e-9a7e-0d9d2f1b7c11", 1795480000000LL, NULL);
	CHECK(text != NULL);
	CHECK(frame_parse(text, strlen(text), &f, NULL) == 0);
	CHECK(f.type == FRAME_REQ);
	CHECK_STR(f.method, "connect");
	params = f.payload;
	/* every release since 2026.3: protocol 3 up to 2026.5.7, 4 from 2026.5.12 */
	CHECK(json_integer_value(json_object_get(params, "minProtocol")) == 3);
	CHECK(json_integer_value(json_object_get(params, "maxProtocol")) == 4);
	dev = json_object_get(params, "device");
	CHECK_STR(frame_str(dev, "id"), "56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c");
	CHECK_STR(frame_str(dev, "publicKey"), "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg");
	CHECK_STR(frame_str(dev, "signature"),
		  "KbeFhll_-RC2izmOjEKRjkqTuKlsPHlq-LAOt2FlG4_BsRT3mwEQll8iRJBC3LAR8ijK2xyLnDrJ4uc_3auvBg");
	CHECK(json_is_integer(json_object_get(dev, "signedAt")));
	CHECK(json_integer_value(json_object_get(dev, "signedAt")) == 1795480000000LL);
	auth = json_object_get(params, "auth");
	CHECK_STR(frame_str(auth, "token"), "test-gateway-token");
	CHECK(json_object_get(auth, "deviceToken") == NULL);
	/* Closed schema: nothing the gateway does not know. */
	CHECK(json_object_size(dev) == 5);
	CHECK(json_object_get(json_object_get(params, "client"), "deviceFamily") == NULL);
	frame_free(&f);
	sodium_memzero(text, strlen(text));
	free(text);
	identity_free(&id);
}

static void
test_device_token_goes_in_device_token_slot(void)
{
	struct identity id;
	struct session_client c = {
		.client_id = "cli", .client_mode = "cli", .scopes = rw, .n_scopes = 2,
		.version = "0.1.0", .platform = "linux", .device_family = "terminal",
	};
	struct frame f;
	char *text;

	seed_identity(&id);
	text = session_build_connect(&c, &id, SESSION_AUTH_DEVICE_TOKEN, "dtok", "c2", "n", 5, NULL);
	CHECK(frame_parse(text, strlen(text), &f, NULL) == 0);
	CHECK_STR(frame_str(json_object_get(f.payload, "auth"), "deviceToken"), "dtok");
	CHECK(json_object_get(json_object_get(f.payload, "auth"), "token") == NULL);
	CHECK_STR(frame_str(json_object_get(f.payload, "client"), "deviceFamily"), "terminal");
	CHECK_STR(frame_str(f.payload, "role"), "operator");
	frame_free(&f);
	free(text);
	identity_free(&id);
}

static struct frame
parse_fixture_response(const char *file, const char *key)
{
	json_t *v = fixture_load(file);
	json_t *res = key ? json_object_get(json_object_get(v, key), "response")
			  : json_object_get(v, "response");
	char *text = json_dumps(res ? res : v, JSON_COMPACT);
	struct frame f;

	memset(&f, 0, sizeof(f));
	CHECK(text && frame_parse(text, strlen(text), &f, NULL) == 0);
	free(text);
	json_decref(v);
	return f;
}

/* The connect response of a capture from a real release. */
static struct frame
release_response(const char *version, const char *capture)
{
	json_t *res = fixture_release_frame(version, capture, "c1");
	char *text = res ? json_dumps(res, JSON_COMPACT) : NULL;
	struct frame f;

	memset(&f, 0, sizeof(f));
	CHECK(text && frame_parse(text, strlen(text), &f, NULL) == 0);
	free(text);
	json_decref(res);
	return f;
}

/* 2026.3.31 sends no auth block without a device token: the grant is unknown, not none. */
static void
test_hello_ok_without_auth_block_is_unknown_grant(void)
{
	struct frame f = release_response("2026.3.31", "cli-nodevice");
	struct session_result r;

	CHECK(session_parse_response(&f, &r) == 0);
	CHECK(r.outcome == SESSION_OK);
	CHECK(r.protocol == 3);
	CHECK_STR(r.server_version, "2026.3.31");
	CHECK(!r.grant_known);
	frame_free(&f);
	f = release_response("2026.6.11", "cli-nodevice");	/* auth {role, scopes: []} */
	CHECK(session_parse_response(&f, &r) == 0);
	CHECK(r.grant_known && r.n_scopes == 0);
	CHECK(r.protocol == 4);
	frame_free(&f);
	f = release_response("2026.3.31", "tui-device-first");
	CHECK(session_parse_response(&f, &r) == 0);
	CHECK(r.grant_known && r.n_scopes == 4 && r.device_token);
	session_result_clear(&r);
	frame_free(&f);
}

/* A protocol mismatch names the protocol the gateway speaks (3.31 sends only
 * details.expectedProtocol, no details.code). */
static void
test_protocol_mismatch_shows_expected_protocol(void)
{
	struct frame f = release_response("2026.3.31", "protocol-4-only");
	struct session_result r;
	char line[400];

	CHECK(session_parse_response(&f, &r) == 0);
	CHECK(r.outcome == SESSION_FATAL);
	CHECK(r.expected_protocol == 3);
	session_describe(&r, line, sizeof(line));
	CHECK(strstr(line, "the gateway speaks protocol 3") != NULL);
	frame_free(&f);
	f = release_response("2026.6.11", "protocol-5-only");
	CHECK(session_parse_response(&f, &r) == 0);
	CHECK(r.expected_protocol == 4);
	session_describe(&r, line, sizeof(line));
	CHECK(strstr(line, "PROTOCOL_MISMATCH") && strstr(line, "speaks protocol 4"));
	frame_free(&f);
}

/* A release that does not know a client id refuses it in its schema: openclaw-tui falls
 * back to an id every release knows; other refusals do not retry. */
static void
test_unknown_client_id_falls_back(void)
{
	struct frame f = release_response("2026.3.31", "linux-client-id");
	struct session_result r;

	CHECK(session_parse_response(&f, &r) == 0);
	CHECK_STR(session_fallback_client_id("openclaw-tui", &r), "cli");
	CHECK(session_fallback_client_id("cli", &r) == NULL);
	frame_free(&f);
	f = release_response("2026.6.11", "linux-client-id");
	CHECK(session_parse_response(&f, &r) == 0);
	CHECK_STR(session_fallback_client_id("openclaw-tui", &r), "cli");
	frame_free(&f);
	f = release_response("2026.6.11", "tui-nodevice");
	CHECK(session_parse_response(&f, &r) == 0);
	CHECK(session_fallback_client_id("openclaw-tui", &r) == NULL);
	frame_free(&f);
}

/* 2026.3.31's pairing reply is short ("pairing required", no hints) but still pairing. */
static void
test_old_pairing_required(void)
{
	struct frame f = release_response("2026.3.31", "origin-pairing");
	struct session_result r;

	CHECK(session_parse_response(&f, &r) == 0);
	CHECK(r.outcome == SESSION_PAIRING);
	CHECK(r.request_id[0]);
	CHECK_STR(r.reason, "not-paired");
	CHECK(session_exit_code(&r) == 3);
	frame_free(&f);
	f = release_response("2026.6.11", "scope-upgrade");
	CHECK(session_parse_response(&f, &r) == 0);
	CHECK(r.outcome == SESSION_PAIRING);
	CHECK_STR(r.reason, "scope-upgrade");
	CHECK(r.remediation[0]);
	frame_free(&f);
}

static void
test_pairing_required(void)
{
	struct frame f = parse_fixture_response("pairing-required.json", NULL);
	struct session_result r;

	CHECK(session_parse_response(&f, &r) == 0);
	CHECK(r.outcome == SESSION_PAIRING);
	CHECK_STR(r.request_id, "795c95c5-7893-43eb-893e-24c65cbd9630");
	CHECK_STR(r.next_step, "wait_then_retry");
	CHECK(r.retryable && !r.pause_reconnect);
	CHECK(r.n_requested_scopes == 2);
	CHECK(session_exit_code(&r) == 3);
	CHECK(session_next_step(&r, SESSION_AUTH_SHARED_TOKEN, true) == STEP_WAIT_PAIRING);
	frame_free(&f);
}

static void
test_pairing_required_cli_has_no_hints(void)
{
	struct frame f = parse_fixture_response("pairing-required.cli.json", NULL);
	struct session_result r;

	CHECK(session_parse_response(&f, &r) == 0);
	CHECK(r.outcome == SESSION_PAIRING);
	CHECK(r.request_id[0]);
	CHECK(!r.next_step[0]);
	frame_free(&f);
}

static void
test_rejections_map_to_exit_codes(void)
{
	static const struct {
		const char *key;
		enum session_outcome outcome;
		int exit;
	} rows[] = {
		{ "openclaw-tui/ui token, no device", SESSION_AUTH, 4 },
		{ "cli/cli wrong token", SESSION_AUTH, 4 },
		{ "cli/cli no auth, no device", SESSION_AUTH, 4 },
		{ "openclaw-tui/ui device, no token", SESSION_AUTH, 4 },
		{ "cli/cli bad signature", SESSION_AUTH, 4 },
		{ "openclaw-tui/ui revoked device token", SESSION_AUTH, 4 },
		{ "cli/cli protocol 3..3", SESSION_FATAL, 1 },
		{ "unknown client.id", SESSION_FATAL, 1 },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct frame f = parse_fixture_response("connect-rejections.json", rows[i].key);
		struct session_result r;

		CHECK(session_parse_response(&f, &r) == 0);
		CHECK(r.outcome == rows[i].outcome);
		CHECK(session_exit_code(&r) == rows[i].exit);
		CHECK(r.message[0]);
		frame_free(&f);
	}
}

static void
test_revoked_device_token_falls_back_to_shared(void)
{
	struct frame f = parse_fixture_response("connect-rejections.json",
						"openclaw-tui/ui revoked device token");
	struct session_result r;

	CHECK(session_parse_response(&f, &r) == 0);
	CHECK_STR(r.details_code, "AUTH_DEVICE_TOKEN_MISMATCH");
	CHECK(session_next_step(&r, SESSION_AUTH_DEVICE_TOKEN, true) == STEP_RETRY_SHARED);
	CHECK(session_next_step(&r, SESSION_AUTH_DEVICE_TOKEN, false) == STEP_STOP);
	CHECK(session_next_step(&r, SESSION_AUTH_SHARED_TOKEN, true) == STEP_STOP);
	frame_free(&f);
}

static void
test_hello_ok(void)
{
	struct frame f = parse_fixture_response("hello-ok.json", NULL);
	struct session_result r;

	CHECK(session_parse_response(&f, &r) == 0);
	CHECK(r.outcome == SESSION_OK);
	CHECK(r.protocol == 4);
	CHECK_STR(r.server_version, "2026.9.6");
	CHECK_STR(r.role, "operator");
	CHECK(r.n_scopes == 2);
	CHECK_STR(r.scopes[1], "operator.write");
	CHECK(r.tick_interval_ms == 30000);
	CHECK(r.device_token != NULL);
	CHECK_STR(r.device_token, "<DEVICE_TOKEN>");
	CHECK(session_exit_code(&r) == 0);
	/* the grant: write implies read, nothing implies pairing or admin */
	CHECK(session_granted(&r, "operator.write"));
	CHECK(session_granted(&r, "operator.read"));
	CHECK(!session_granted(&r, "operator.pairing"));
	CHECK(!session_granted(&r, "operator.admin"));
	r.grant_known = false;	/* a release that does not say: the gateway decides */
	CHECK(session_granted(&r, "operator.admin"));
	r.grant_known = true;
	{
		char buf[64], tiny[12];

		CHECK_STR(session_scopes_join(r.scopes, r.n_scopes, buf, sizeof(buf)),
			  "operator.read,operator.write");
		CHECK_STR(session_scopes_join(r.scopes, 0, buf, sizeof(buf)), "");
		CHECK_STR(session_scopes_join(r.scopes, r.n_scopes, tiny, sizeof(tiny)), "operator.re");
	}
	session_result_clear(&r);
	CHECK(r.device_token == NULL);
	frame_free(&f);
}

static void
test_hostile_error_message_is_sanitised(void)
{
	const char *t = "{\"type\":\"res\",\"id\":\"c1\",\"ok\":false,\"error\":{\"code\":\"INVALID_REQUEST\","
			"\"message\":\"bad\\u001b]0;pwned\\u0007 thing\\u001b[31m\",\"details\":{\"code\":\"AUTH_TOKEN_MISMATCH\"}}}";
	struct frame f;
	struct session_result r;

	CHECK(frame_parse(t, strlen(t), &f, NULL) == 0);
	CHECK(session_parse_response(&f, &r) == 0);
	CHECK_STR(r.message, "bad thing");
	frame_free(&f);
}

/* An HTTP answer instead of the upgrade names the status and what the gateway means by it. */
static void
test_http_refusal_described(void)
{
	char out[256];

	session_describe_http_refusal(503, out, sizeof(out));
	CHECK(strstr(out, "HTTP 503") && strstr(out, "32 unauthenticated sockets"));
	session_describe_http_refusal(404, out, sizeof(out));
	CHECK(strstr(out, "HTTP 404") && strstr(out, "URL path"));
	session_describe_http_refusal(418, out, sizeof(out));
	CHECK(strstr(out, "HTTP 418") && strstr(out, "not a WebSocket upgrade"));
	session_describe_http_refusal(503, out, 12);	/* truncates, stays a string */
	CHECK(strlen(out) == 11);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	RUN(test_connect_frame_matches_vector_1);
	RUN(test_device_token_goes_in_device_token_slot);
	RUN(test_pairing_required);
	RUN(test_pairing_required_cli_has_no_hints);
	RUN(test_rejections_map_to_exit_codes);
	RUN(test_revoked_device_token_falls_back_to_shared);
	RUN(test_hello_ok);
	RUN(test_hello_ok_without_auth_block_is_unknown_grant);
	RUN(test_protocol_mismatch_shows_expected_protocol);
	RUN(test_unknown_client_id_falls_back);
	RUN(test_old_pairing_required);
	RUN(test_hostile_error_message_is_sanitised);
	RUN(test_http_refusal_described);
	return CHECK_DONE();
}
