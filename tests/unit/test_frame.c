/* net/frame: every captured frame parses; malformed and oversized input is refused. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "net/frame.h"
#include "check.h"
#include "fixture.h"

static int frames_seen;

/* Walk a fixture document and parse every embedded frame object. */
static void
walk(json_t *v)
{
	const char *key;
	json_t *child;
	size_t i;

	if (json_is_object(v)) {
		const char *t = json_string_value(json_object_get(v, "type"));

		if (t && (!strcmp(t, "req") || !strcmp(t, "res") || !strcmp(t, "event"))) {
			char *text = json_dumps(v, JSON_COMPACT);
			struct frame f;
			struct oc_err err = { "" };

			CHECK(text != NULL);
			CHECK(frame_parse(text, strlen(text), &f, &err) == 0);
			if (!strcmp(t, "event")) {
				CHECK(f.type == FRAME_EVENT);
				CHECK(f.event && *f.event);
			} else if (!strcmp(t, "res")) {
				CHECK(f.type == FRAME_RES);
				CHECK(f.id != NULL);
				if (!f.ok)
					CHECK(*f.err_code);
			} else {
				CHECK(f.type == FRAME_REQ);
			}
			frame_free(&f);
			free(text);
			frames_seen++;
		}
		json_object_foreach(v, key, child)
			walk(child);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
			walk(child);
	}
}

static void
test_every_captured_frame_parses(void)
{
	DIR *d = opendir(FIXTURE_DIR);
	struct dirent *e;
	int files = 0;

	CHECK(d != NULL);
	if (!d)
		return;
	while ((e = readdir(d))) {
		json_t *v;

		if (!strstr(e->d_name, ".json"))
			continue;
		v = fixture_load(e->d_name);
		CHECK(v != NULL);
		walk(v);
		json_decref(v);
		files++;
	}
	closedir(d);
	CHECK(files >= 30);
	CHECK(frames_seen >= 40);
}

static void
test_event_fields(void)
{
	const char *t = "{\"type\":\"event\",\"event\":\"tick\",\"payload\":{\"ts\":1795484713144},\"seq\":2}";
	struct frame f;

	CHECK(frame_parse(t, strlen(t), &f, NULL) == 0);
	CHECK_STR(f.event, "tick");
	CHECK(f.has_seq && f.seq == 2);
	CHECK(frame_int(f.payload, "ts", 0) == 1795484713144LL);
	frame_free(&f);
}

static void
test_error_fields(void)
{
	json_t *v = fixture_load("pairing-required.json");
	char *text = json_dumps(json_object_get(v, "response"), JSON_COMPACT);
	struct frame f;

	CHECK(frame_parse(text, strlen(text), &f, NULL) == 0);
	CHECK(!f.ok);
	CHECK_STR(f.err_code, "NOT_PAIRED");
	CHECK_STR(f.err_details_code, "PAIRING_REQUIRED");
	CHECK(strlen(frame_str(f.err_details, "requestId")) == 36);
	frame_free(&f);
	free(text);
	json_decref(v);
}

static void
test_malformed_frames_are_refused(void)
{
	static const char *bad[] = {
		"", "not json", "[1,2,3]", "42", "null", "{\"type\":\"res\"}",
		"{\"type\":\"res\",\"id\":7,\"ok\":true}", "{\"type\":\"res\",\"id\":\"a\",\"ok\":\"yes\"}",
		"{\"type\":\"res\",\"id\":\"a\",\"ok\":false}", "{\"type\":\"event\"}",
		"{\"type\":\"event\",\"event\":5}", "{\"type\":\"bogus\"}", "{\"type\":\"req\",\"id\":\"x\"}",
		"{\"type\":\"event\",\"event\":\"a\",\"event\":\"b\"}", "{\"type\":\"event\",\"event\":\"tick\"",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct frame f;
		struct oc_err err = { "" };

		CHECK(frame_parse(bad[i], strlen(bad[i]), &f, &err) == -1);
		CHECK(err.msg[0] != '\0');
		CHECK(f.root == NULL);
	}
}

/* A raw NUL byte is not JSON; the escape \u0000 is (issue #13 item 2). */
static void
test_embedded_nul_is_refused(void)
{
	const char t[] = "{\"type\":\"event\",\"event\":\"ti\0ck\"}";
	struct frame f;

	CHECK(frame_parse(t, sizeof(t) - 1, &f, NULL) == -1);
}

static void
test_nul_escape_in_a_name_is_read_whole(void)
{
	const char *t = "{\"type\":\"res\",\"id\":\"oc1\",\"ok\":true,\"payload\":{\"pending\":"
			"[{\"requestId\":\"r1\",\"displayName\":\"x\\u0000y\\u001b[2J\"}],\"paired\":[]}}";
	struct frame f;
	struct oc_err err = { "" };
	char out[32], *d;
	const json_t *name;

	CHECK(frame_parse(t, strlen(t), &f, &err) == 0);
	CHECK(f.type == FRAME_RES && f.ok);
	CHECK_STR(f.id, "oc1");
	name = json_object_get(json_array_get(json_object_get(f.payload, "pending"), 0), "displayName");
	CHECK(frame_clean(name, out, sizeof(out)) == 2);
	CHECK_STR(out, "xy");
	d = frame_clean_dup(name);
	CHECK_STR(d, "xy");
	free(d);
	/* as an id, a string holding U+0000 is no id at all, never one cut short */
	CHECK_STR(frame_str(json_array_get(json_object_get(f.payload, "pending"), 0), "displayName"), "");
	frame_free(&f);
	t = "{\"type\":\"res\",\"id\":\"oc1\\u0000x\",\"ok\":true}";
	CHECK(frame_parse(t, strlen(t), &f, &err) == -1);
	t = "{\"type\":\"event\",\"event\":\"presence\\u0000x\"}";
	CHECK(frame_parse(t, strlen(t), &f, &err) == -1);
}

static void
test_oversized_frame_is_refused(void)
{
	struct frame f;
	struct oc_err err = { "" };

	/* The size check happens before parsing, so the buffer content does not matter. */
	CHECK(frame_parse("{}", (size_t)FRAME_MAX_BYTES + 1, &f, &err) == -1);
	CHECK(strstr(err.msg, "exceeds") != NULL);
}

static void
test_deeply_nested_frame_does_not_crash(void)
{
	size_t n = 100000;
	char *t = malloc(2 * n + 1);
	struct frame f;

	memset(t, '[', n);
	memset(t + n, ']', n);
	t[2 * n] = '\0';
	CHECK(frame_parse(t, 2 * n, &f, NULL) == -1);
	free(t);
}

static void
test_build_req(void)
{
	char *s = frame_build_req("oc1", "system-presence", json_object());
	struct frame f;

	CHECK_STR(s, "{\"type\":\"req\",\"id\":\"oc1\",\"method\":\"system-presence\",\"params\":{}}");
	CHECK(frame_parse(s, strlen(s), &f, NULL) == 0);
	CHECK(f.type == FRAME_REQ);
	CHECK_STR(f.method, "system-presence");
	frame_free(&f);
	free(s);
	s = frame_build_req("oc2", "health", NULL);
	CHECK_STR(s, "{\"type\":\"req\",\"id\":\"oc2\",\"method\":\"health\"}");
	free(s);
}

/* Both forms of a missing-scope refusal: 2026.9.6 FORBIDDEN/MISSING_SCOPE, and
 * INVALID_REQUEST "missing scope: X" from 2026.3.31 and 2026.6.11. */
static void
test_missing_scope_both_forms(void)
{
	static const char *const versions[] = { "2026.3.31", "2026.6.11", "2026.9.6" };

	for (size_t v = 0; v < 3; v++) {
		json_t *res = fixture_release_frame(versions[v], "readonly-device", "r1");
		char *text = res ? json_dumps(res, JSON_COMPACT) : NULL;
		struct frame f;
		char scope[48] = "x";

		CHECK(text && frame_parse(text, strlen(text), &f, NULL) == 0);
		CHECK(frame_missing_scope(&f, scope, sizeof(scope)));
		CHECK_STR(scope, "operator.pairing");
		frame_free(&f);
		free(text);
		json_decref(res);
	}
	{
		const char *t = "{\"type\":\"res\",\"id\":\"1\",\"ok\":false,\"error\":{\"code\":\"INVALID_REQUEST\",\"message\":\"invalid logs.tail params\"}}";
		struct frame f;

		CHECK(frame_parse(t, strlen(t), &f, NULL) == 0);
		CHECK(!frame_missing_scope(&f, NULL, 0));
		frame_free(&f);
	}
}

int
main(void)
{
	RUN(test_missing_scope_both_forms);
	RUN(test_every_captured_frame_parses);
	RUN(test_event_fields);
	RUN(test_error_fields);
	RUN(test_malformed_frames_are_refused);
	RUN(test_embedded_nul_is_refused);
	RUN(test_nul_escape_in_a_name_is_read_whole);
	RUN(test_oversized_frame_is_refused);
	RUN(test_deeply_nested_frame_does_not_crash);
	RUN(test_build_req);
	return CHECK_DONE();
}
