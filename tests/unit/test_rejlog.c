/* net/rejlog: incremental logs.tail application, merging, cap, newest-first order and
 * the console's own failed handshakes. */
#include <jansson.h>
#include <string.h>

#include "net/rejlog.h"
#include "net/session.h"
#include "tests/unit/check.h"
#include "tests/unit/fixture.h"

static json_t *
fixture_payload(void)
{
	json_t *fx = fixture_load("logs.tail.res.json");
	json_t *p = json_incref(json_object_get(fx, "payload"));

	json_decref(fx);
	return p;
}

static void
test_first_params_bounded_then_cursor(void)
{
	struct rejlog r;
	json_t *p, *res = fixture_payload();

	rejlog_init(&r, 0);
	p = rejlog_tail_params(&r);
	CHECK(json_integer_value(json_object_get(p, "limit")) == REJLOG_FIRST_LIMIT);
	CHECK(json_integer_value(json_object_get(p, "maxBytes")) == REJLOG_FIRST_MAX_BYTES);
	CHECK(!json_object_get(p, "cursor"));
	json_decref(p);
	CHECK(rejlog_apply_tail(&r, res) > 0);
	p = rejlog_tail_params(&r);
	CHECK(json_integer_value(json_object_get(p, "cursor")) == 38760);
	CHECK(!json_object_get(p, "limit"));
	json_decref(p);
	json_decref(res);
	rejlog_free(&r);
}

static void
test_apply_lists_newest_first_and_merges(void)
{
	struct rejlog r;
	json_t *res = fixture_payload();
	long added;
	const struct logline_rec *a, *b;
	unsigned long gen;

	rejlog_init(&r, 0);
	added = rejlog_apply_tail(&r, res);
	CHECK(added >= 4);
	CHECK(rejlog_count(&r) == (size_t)added);
	a = rejlog_newest(&r, 0);
	b = rejlog_newest(&r, (size_t)added - 1);
	CHECK(a && b && strcmp(a->time, b->time) >= 0);
	CHECK(rejlog_newest(&r, (size_t)added) == NULL);
	for (size_t i = 0; i < rejlog_count(&r); i++)
		CHECK(rejlog_newest(&r, i)->kind == LOGLINE_CLOSED && !rejlog_is_local(rejlog_newest(&r, i)));
	/* the same lines again (a reset re-read) add records but never corrupt the list */
	gen = r.gen;
	json_object_set_new(res, "lines", json_array());
	CHECK(rejlog_apply_tail(&r, res) == 0);
	CHECK(r.gen == gen);
	json_object_del(res, "cursor");
	CHECK(rejlog_apply_tail(&r, res) == -1);
	json_decref(res);
	rejlog_free(&r);
}

static void
test_cap_drops_oldest(void)
{
	struct rejlog r;
	json_t *res = fixture_payload();

	rejlog_init(&r, 2);
	CHECK(rejlog_apply_tail(&r, res) >= 4);
	CHECK(rejlog_count(&r) == 2);
	json_decref(res);
	rejlog_free(&r);
}

static void
test_local_record(void)
{
	struct rejlog r;
	struct session_result s;
	const struct logline_rec *rec;

	memset(&s, 0, sizeof(s));
	snprintf(s.code, sizeof(s.code), "INVALID_REQUEST");
	snprintf(s.details_code, sizeof(s.details_code), "AUTH_TOKEN_MISMATCH");
	snprintf(s.message, sizeof(s.message), "unauthorized: gateway token mismatch\x1b[2J");
	rejlog_init(&r, 0);
	CHECK(rejlog_add_local(&r, &s, "openclaw-tui", "ui", "ws://127.0.0.1:1", 1764000000123) == 0);
	rec = rejlog_newest(&r, 0);
	CHECK(rec && rejlog_is_local(rec));
	CHECK_STR(rec->cause, "AUTH_TOKEN_MISMATCH");
	CHECK_STR(rec->client, "openclaw-tui");
	CHECK_STR(rec->time, "2025-11-24T16:00:00.123Z");
	CHECK(!strchr(rec->reason, '\x1b'));
	rejlog_free(&r);
}

int
main(void)
{
	RUN(test_first_params_bounded_then_cursor);
	RUN(test_apply_lists_newest_first_and_merges);
	RUN(test_cap_drops_oldest);
	RUN(test_local_record);
	return CHECK_DONE();
}
