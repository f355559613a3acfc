/* net/rpc: ids, out-of-order responses, timeouts, failing everything on disconnect. */
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "net/frame.h"
#include "net/rpc.h"
#include "check.h"

struct seen {
	int calls;
	int ok;
	char why[400];
};

static void
on_done(void *ctx, const struct frame *res, const char *failure)
{
	struct seen *s = ctx;

	s->calls++;
	s->ok = res && res->ok;
	snprintf(s->why, sizeof(s->why), "%s", failure ? failure : "");
}

static struct frame
res_for(const char *id)
{
	char t[128];
	struct frame f;

	snprintf(t, sizeof(t), "{\"type\":\"res\",\"id\":\"%s\",\"ok\":true,\"payload\":{}}", id);
	frame_parse(t, strlen(t), &f, NULL);
	return f;
}

static void
test_out_of_order_responses(void)
{
	struct rpc *r = rpc_new();
	struct seen a = { 0 }, b = { 0 };
	char ida[24], idb[24];
	struct frame f;

	snprintf(ida, sizeof(ida), "%s", rpc_add(r, "system-presence", 1000, on_done, &a));
	snprintf(idb, sizeof(idb), "%s", rpc_add(r, "device.pair.list", 1000, on_done, &b));
	CHECK(strcmp(ida, idb) != 0);
	CHECK(rpc_pending(r) == 2);
	CHECK_STR(rpc_method_of(r, idb), "device.pair.list");
	f = res_for(idb);
	CHECK(rpc_complete(r, &f) == 1);
	frame_free(&f);
	CHECK(b.calls == 1 && b.ok && a.calls == 0);
	f = res_for(ida);
	CHECK(rpc_complete(r, &f) == 1);
	CHECK(rpc_complete(r, &f) == 0);	/* a duplicate is dropped */
	frame_free(&f);
	CHECK(a.calls == 1 && a.ok);
	CHECK(rpc_pending(r) == 0);
	rpc_free(r);
}

static void
test_unknown_id_is_not_matched(void)
{
	struct rpc *r = rpc_new();
	struct frame f = res_for("nope");

	CHECK(rpc_complete(r, &f) == 0);
	frame_free(&f);
	rpc_free(r);
}

static void
test_timeouts(void)
{
	struct rpc *r = rpc_new();
	struct seen a = { 0 }, b = { 0 };

	rpc_add(r, "logs.tail", 100, on_done, &a);
	rpc_add(r, "config.get", 300, on_done, &b);
	CHECK(rpc_next_deadline(r) == 100);
	CHECK(rpc_expire(r, 99) == 0);
	CHECK(rpc_expire(r, 100) == 1);
	CHECK(a.calls == 1 && !a.ok);
	CHECK_STR(a.why, "timed out: no answer from the gateway");
	CHECK(rpc_next_deadline(r) == 300);
	CHECK(b.calls == 0);
	rpc_free(r);
	CHECK(b.calls == 1);
	CHECK_STR(b.why, "shutting down");
}

static void
test_fail_all(void)
{
	struct rpc *r = rpc_new();
	struct seen s[5] = { { 0 } };

	for (int i = 0; i < 5; i++)
		rpc_add(r, "health", 1000, on_done, &s[i]);
	rpc_fail_all(r, "connection lost");
	for (int i = 0; i < 5; i++) {
		CHECK(s[i].calls == 1);
		CHECK_STR(s[i].why, "connection lost");
	}
	CHECK(rpc_pending(r) == 0);
	CHECK(rpc_next_deadline(r) == INT64_MAX);
	rpc_free(r);
}

/* Issue #13 item 2: an answer that could not be read is reported as such, not as a
 * timeout; the envelope of a refused frame still names its request. */
static void
test_unreadable_answer_is_not_a_timeout(void)
{
	struct rpc *r = rpc_new();
	struct seen a = { 0 }, b = { 0 };
	const char *ida = rpc_add(r, "device.pair.list", 100, on_done, &a);
	char type[16], id[40], pend[200], want[40];
	char text[300];
	struct frame f;
	struct oc_err err = { "" };

	rpc_add(r, "system-presence", 100, on_done, &b);
	snprintf(want, sizeof(want), "%s", ida);
	snprintf(text, sizeof(text), "{\"type\":\"res\",\"ok\":true,\"payload\":{\"pending\":[{\"x\\u0000\":"
		 "[1,{\"id\":\"no\"}]}]},\"id\":\"%s\"}", ida);
	CHECK(frame_parse(text, strlen(text), &f, &err) == -1);	/* a NUL in a key: still refused */
	CHECK(frame_peek(text, strlen(text), type, sizeof(type), id, sizeof(id)) == 1);
	CHECK_STR(type, "res");
	CHECK_STR(id, want);			/* the nested "id" is not taken for it */
	rpc_describe_pending(r, pend, sizeof(pend));
	CHECK(strstr(pend, "device.pair.list (") && strstr(pend, "system-presence ("));
	CHECK(rpc_fail_id(r, id, "the gateway's answer could not be read: x") == 1);
	CHECK(a.calls == 1 && !a.ok && strstr(a.why, "could not be read"));
	CHECK(rpc_fail_id(r, id, "again") == 0 && a.calls == 1);
	/* a frame that names no request: later timeouts say what was dropped */
	rpc_note_unreadable(r, "frame is not JSON: NUL byte in object key not supported");
	CHECK(rpc_expire(r, 100) == 1);
	CHECK(b.calls == 1 && strstr(b.why, "timed out") && strstr(b.why, "could not be read") &&
	      strstr(b.why, "NUL byte"));
	/* envelopes that cannot be read give nothing */
	CHECK(frame_peek("[1]", 3, type, sizeof(type), id, sizeof(id)) == 0 && !id[0] && !type[0]);
	CHECK(frame_peek("{\"id\":\"a\\\"b\"}", 13, type, sizeof(type), id, sizeof(id)) == 0);
	CHECK(frame_peek("{\"id\":\"unterminated", 19, type, sizeof(type), id, sizeof(id)) == 0);
	snprintf(text, sizeof(text), "{\"a\":{\"b\":[\"}\"]},\"id\":\"oc7\",\"type\":\"res\"}");
	CHECK(frame_peek(text, strlen(text), type, sizeof(type), id, sizeof(id)) == 1);
	CHECK_STR(id, "oc7");
	CHECK_STR(type, "res");
	rpc_free(r);
}

int
main(void)
{
	RUN(test_out_of_order_responses);
	RUN(test_unknown_id_is_not_matched);
	RUN(test_timeouts);
	RUN(test_fail_all);
	RUN(test_unreadable_answer_is_not_a_timeout);
	return CHECK_DONE();
}
