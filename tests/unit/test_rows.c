/* net/rows: column sets, stable sorting by every column both ways, filtering, and the
 * relative-time and short-id helpers. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "net/model.h"
#include "net/rows.h"
#include "check.h"
#include "fixture.h"

#define NOW 1795484800000LL

static void
load(struct model *m)
{
	json_t *pres = fixture_load("system-presence.res.json");
	json_t *pair = fixture_load("device.pair.list.res.json");
	json_t *more = json_loads(
		"[{\"requestId\":\"zz-2\",\"deviceId\":\"ABCDEF0123456789\",\"displayName\":\"Zeta\","
		"\"clientId\":\"gateway-client\",\"clientMode\":\"ui\",\"role\":\"operator\","
		"\"scopes\":[\"operator.admin\"],\"remoteIp\":\"10.0.0.9\",\"isRepair\":true,\"ts\":1795484700000},"
		"{\"requestId\":\"aa-1\",\"deviceId\":\"0011\",\"displayName\":\"alpha\","
		"\"clientId\":\"openclaw-linux\",\"clientMode\":\"ui\",\"role\":\"operator\",\"ts\":1795484790000}]",
		0, NULL);

	memset(m, 0, sizeof(*m));
	json_array_extend(json_object_get(json_object_get(pair, "payload"), "pending"), more);
	CHECK(model_set_presence(m, json_object_get(pres, "payload")) == 0);
	CHECK(model_set_pairing(m, json_object_get(pair, "payload"), NOW) == 0);
	CHECK(m->n_presence == 5 && m->n_pending == 3 && m->n_paired == 1);
	json_decref(pres);
	json_decref(pair);
	json_decref(more);
}

static void
test_relative_time(void)
{
	char b[16];

	CHECK_STR(rows_relative_time(NOW, NOW, b, sizeof(b)), "0s");
	CHECK_STR(rows_relative_time(NOW, NOW - 42000, b, sizeof(b)), "42s");
	CHECK_STR(rows_relative_time(NOW, NOW - 59999, b, sizeof(b)), "59s");
	CHECK_STR(rows_relative_time(NOW, NOW - 60000, b, sizeof(b)), "1m");
	CHECK_STR(rows_relative_time(NOW, NOW - 5 * 60000 - 59000, b, sizeof(b)), "5m");
	CHECK_STR(rows_relative_time(NOW, NOW - 3 * 3600000LL, b, sizeof(b)), "3h");
	CHECK_STR(rows_relative_time(NOW, NOW - 86399000LL, b, sizeof(b)), "23h");
	CHECK_STR(rows_relative_time(NOW, NOW - 2 * 86400000LL - 5, b, sizeof(b)), "2d");
	CHECK_STR(rows_relative_time(NOW, NOW - 400 * 86400000LL, b, sizeof(b)), "400d");
	CHECK_STR(rows_relative_time(NOW, NOW + 5000, b, sizeof(b)), "0s");	/* clock skew */
	CHECK_STR(rows_relative_time(NOW, 0, b, sizeof(b)), "-");
	CHECK_STR(rows_relative_time(NOW, NOW - 42000, b, 2), "4");		/* truncated, terminated */
}

static void
test_short_id(void)
{
	char b[13], c[13];

	CHECK_STR(rows_short_id("56f08e8ce2f97afba541293d4f3a2d6b190c85e5814b79b4ae83a5df3310ead7"),
		  "56f08e8ce2f9");
	CHECK_STR(rows_short_id("abc"), "abc");
	CHECK_STR(rows_short_id(NULL), "");
	CHECK_STR(rows_short_id_r("906d5f9023144aaec536983c", b, sizeof(b)), "906d5f902314");
	CHECK_STR(rows_short_id_r("c14244e4042375d1", c, sizeof(c)), "c14244e40423");
	CHECK_STR(b, "906d5f902314");
	CHECK(strlen(rows_short_id("0123456789abcdef0123")) == 12);
}

static void
test_columns(void)
{
	static const char *const conn[] = { "client", "mode", "class", "roles", "scopes", "device",
					    "platform", "version", "since", "host" };
	size_t n;
	const struct rows_column *c = rows_columns(ROWS_PRESENCE, &n);

	CHECK(n >= 10);
	for (size_t i = 0; i < 10; i++)
		CHECK(rows_column_find(ROWS_PRESENCE, conn[i]) == (int)i);
	CHECK(rows_column_find(ROWS_PRESENCE, "nope") == -1);
	CHECK(rows_column_find(ROWS_PRESENCE, NULL) == -1);
	CHECK(rows_column_find(ROWS_PENDING, "request") == 0);
	CHECK(rows_column_find(ROWS_PAIRED, "device") == 0);
	CHECK(rows_column_find(ROWS_PAIRED, "approved") >= 0);
	for (int k = ROWS_PRESENCE; k <= ROWS_PAIRED; k++) {
		c = rows_columns((enum rows_kind)k, &n);
		for (size_t i = 0; i < n; i++)
			CHECK(c[i].name && c[i].title && c[i].text);
	}
}

static void
test_cells(void)
{
	struct model m;
	char b[256];
	size_t n;
	const struct rows_column *c;

	load(&m);
	c = rows_columns(ROWS_PRESENCE, &n);
	CHECK_STR(c[0].text(&m.presence[1], NOW, b, sizeof(b)), "openclaw-tui");
	CHECK_STR(c[2].text(&m.presence[1], NOW, b, sizeof(b)), "tui");
	CHECK_STR(c[3].text(&m.presence[1], NOW, b, sizeof(b)), "operator");
	CHECK_STR(c[4].text(&m.presence[1], NOW, b, sizeof(b)), "operator.read,operator.write");
	CHECK_STR(c[4].text(&m.presence[2], NOW, b, sizeof(b)), "(cleared)");
	CHECK_STR(c[5].text(&m.presence[1], NOW, b, sizeof(b)), "56f08e8ce2f9");
	CHECK_STR(c[5].text(&m.presence[0], NOW, b, sizeof(b)), "");
	CHECK_STR(c[8].text(&m.presence[1], NOW, b, sizeof(b)), "30s");
	CHECK_STR(c[9].text(&m.presence[0], NOW, b, sizeof(b)), "vm 192.0.2.2");
	CHECK_STR(c[9].text(&m.presence[1], NOW, b, sizeof(b)), "ops-console");
	c = rows_columns(ROWS_PENDING, &n);
	CHECK_STR(c[rows_column_find(ROWS_PENDING, "kind")].text(&m.pending[1], NOW, b, sizeof(b)), "upgrade");
	CHECK_STR(c[rows_column_find(ROWS_PENDING, "age")].text(&m.pending[1], NOW, b, sizeof(b)), "1m");
	c = rows_columns(ROWS_PAIRED, &n);
	CHECK_STR(c[rows_column_find(ROWS_PAIRED, "connected")].text(&m.paired[0], NOW, b, sizeof(b)), "yes");
	CHECK_STR(c[rows_column_find(ROWS_PAIRED, "name")].text(&m.paired[0], NOW, b, sizeof(b)), "ops-console");
	model_free(&m);
}

/* Check v is sorted on column col (by its number or folded text) and stable. */
static bool
sorted_ok(const struct model *m, const struct rows_view *v, int64_t now)
{
	size_t n;
	const struct rows_column *c = rows_columns(v->kind, &n) + v->sort_col;
	char a[512], b[512];

	for (size_t i = 1; i < v->n; i++) {
		const void *x = rows_get(m, v->kind, v->idx[i - 1]), *y = rows_get(m, v->kind, v->idx[i]);
		int cmp;

		if (c->num)
			cmp = c->num(x) < c->num(y) ? -1 : c->num(x) > c->num(y);
		else
			cmp = strcasecmp(c->text(x, now, a, sizeof(a)), c->text(y, now, b, sizeof(b)));
		if (v->descending)
			cmp = -cmp;
		if (cmp > 0)
			return false;
		if (cmp == 0 && v->idx[i - 1] > v->idx[i])
			return false;	/* not stable */
	}
	return true;
}

static void
test_sort_every_column_both_ways(void)
{
	struct model m;

	load(&m);
	for (int k = ROWS_PRESENCE; k <= ROWS_PAIRED; k++) {
		size_t n;

		rows_columns((enum rows_kind)k, &n);
		for (size_t col = 0; col < n; col++)
			for (int d = 0; d < 2; d++) {
				struct rows_view v;

				memset(&v, 0, sizeof(v));
				v.kind = (enum rows_kind)k;
				v.sort_col = (int)col;
				v.descending = d;
				CHECK(rows_view_build(&v, &m, NOW) == 0);
				CHECK(v.n == rows_count(&m, v.kind));
				if (!sorted_ok(&m, &v, NOW))
					printf("  kind %d column %zu %s: not sorted\n", k, col, d ? "desc" : "asc");
				CHECK(sorted_ok(&m, &v, NOW));
				rows_view_free(&v);
			}
	}
	/* concrete orders */
	{
		struct rows_view v;

		memset(&v, 0, sizeof(v));
		v.kind = ROWS_PRESENCE;
		v.sort_col = rows_column_find(ROWS_PRESENCE, "since");
		CHECK(rows_view_build(&v, &m, NOW) == 0);
		/* ascending by time: oldest first; the gateway row has only ts (newest) */
		CHECK(v.n == 5 && v.idx[0] == 4 && v.idx[1] == 3 && v.idx[2] == 2 && v.idx[3] == 1 && v.idx[4] == 0);
		v.descending = true;
		CHECK(rows_view_build(&v, &m, NOW) == 0);
		CHECK(v.n == 5 && v.idx[0] == 0 && v.idx[4] == 4);
		/* equal keys keep model order, both ways */
		v.sort_col = rows_column_find(ROWS_PRESENCE, "client");
		v.descending = false;
		CHECK(rows_view_build(&v, &m, NOW) == 0);
		CHECK(v.n == 5 && v.idx[0] == 0 && v.idx[1] == 2 && v.idx[2] == 1 && v.idx[3] == 3 && v.idx[4] == 4);
		v.descending = true;
		CHECK(rows_view_build(&v, &m, NOW) == 0);
		CHECK(v.n == 5 && v.idx[0] == 1 && v.idx[1] == 3 && v.idx[2] == 4 && v.idx[3] == 2 && v.idx[4] == 0);
		/* case-insensitive text order on pending names: alpha, build-bot, Zeta */
		v.kind = ROWS_PENDING;
		v.sort_col = rows_column_find(ROWS_PENDING, "name");
		v.descending = false;
		CHECK(rows_view_build(&v, &m, NOW) == 0);
		CHECK(v.n == 3 && v.idx[0] == 2 && v.idx[1] == 0 && v.idx[2] == 1);
		/* -1: the model's own order */
		v.sort_col = -1;
		CHECK(rows_view_build(&v, &m, NOW) == 0);
		CHECK(v.n == 3 && v.idx[0] == 0 && v.idx[1] == 1 && v.idx[2] == 2);
		rows_view_free(&v);
		CHECK(v.idx == NULL && v.n == 0);
	}
	model_free(&m);
}

static void
test_filter(void)
{
	struct model m;
	struct rows_view v;

	load(&m);
	memset(&v, 0, sizeof(v));
	v.kind = ROWS_PRESENCE;
	v.sort_col = -1;
	CHECK(rows_view_build(&v, &m, NOW) == 0 && v.n == 5);
	v.live_only = true;
	CHECK(rows_view_build(&v, &m, NOW) == 0);
	CHECK(v.n == 2 && v.idx[0] == 0 && v.idx[1] == 1);
	v.live_only = false;
	snprintf(v.filter, sizeof(v.filter), "OPS-CON");	/* case-insensitive, host column */
	CHECK(rows_view_build(&v, &m, NOW) == 0);
	CHECK(v.n == 3 && v.idx[0] == 1 && v.idx[1] == 3 && v.idx[2] == 4);
	snprintf(v.filter, sizeof(v.filter), "cleared");	/* the scopes cell text */
	CHECK(rows_view_build(&v, &m, NOW) == 0);
	CHECK(v.n == 1 && v.idx[0] == 2);	/* the gateway's own row has no roles: nothing cleared */
	snprintf(v.filter, sizeof(v.filter), "ead7");		/* tail of a full device id */
	CHECK(rows_view_build(&v, &m, NOW) == 0);
	CHECK(v.n == 1 && v.idx[0] == 1);
	snprintf(v.filter, sizeof(v.filter), "192.0.2");
	CHECK(rows_view_build(&v, &m, NOW) == 0);
	CHECK(v.n == 1 && v.idx[0] == 0);
	snprintf(v.filter, sizeof(v.filter), "no such thing");
	CHECK(rows_view_build(&v, &m, NOW) == 0 && v.n == 0);
	/* filter and sort together */
	snprintf(v.filter, sizeof(v.filter), "openclaw-tui");
	v.sort_col = rows_column_find(ROWS_PRESENCE, "since");
	v.descending = true;
	CHECK(rows_view_build(&v, &m, NOW) == 0);
	CHECK(v.n == 3 && v.idx[0] == 1 && v.idx[1] == 3 && v.idx[2] == 4);
	rows_view_free(&v);
	v.kind = ROWS_PENDING;
	v.sort_col = -1;
	snprintf(v.filter, sizeof(v.filter), "upgrade");
	CHECK(rows_view_build(&v, &m, NOW) == 0 && v.n == 1 && v.idx[0] == 1);
	snprintf(v.filter, sizeof(v.filter), "10.0.0");
	CHECK(rows_view_build(&v, &m, NOW) == 0 && v.n == 1 && v.idx[0] == 1);
	v.kind = ROWS_PAIRED;
	snprintf(v.filter, sizeof(v.filter), "OWNER");
	CHECK(rows_view_build(&v, &m, NOW) == 0 && v.n == 1);
	CHECK(rows_match(ROWS_PAIRED, &m.paired[0], "", NOW));
	CHECK(rows_match(ROWS_PAIRED, &m.paired[0], NULL, NOW));
	CHECK(!rows_match(ROWS_PAIRED, &m.paired[0], "zzz", NOW));
	rows_view_free(&v);
	model_free(&m);
}

static void
test_ten_thousand_rows_sort_fast(void)
{
	json_t *arr = json_array();
	struct model m;
	struct rows_view v;
	clock_t t0;
	char host[32];

	memset(&m, 0, sizeof(m));
	for (int i = 0; i < 10000; i++) {
		snprintf(host, sizeof(host), "host-%05d", (i * 7919) % 10000);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I}", "clientId", "openclaw-linux",
						     "mode", "ui", "host", host, "onlineSince",
						     (json_int_t)(NOW - (i % 97) * 1000)));
	}
	CHECK(model_set_presence(&m, arr) == 0);
	memset(&v, 0, sizeof(v));
	v.kind = ROWS_PRESENCE;
	t0 = clock();
	for (size_t col = 0; col < 11; col++) {
		v.sort_col = (int)col;
		CHECK(rows_view_build(&v, &m, NOW) == 0);
		CHECK(v.n == 10000);
		CHECK(sorted_ok(&m, &v, NOW));
	}
	snprintf(v.filter, sizeof(v.filter), "HOST-0999");
	CHECK(rows_view_build(&v, &m, NOW) == 0);
	CHECK(v.n == 10);
	CHECK(clock() - t0 < 3 * CLOCKS_PER_SEC);
	rows_view_free(&v);
	model_free(&m);
	json_decref(arr);
}

int
main(void)
{
	RUN(test_relative_time);
	RUN(test_short_id);
	RUN(test_columns);
	RUN(test_cells);
	RUN(test_sort_every_column_both_ways);
	RUN(test_filter);
	RUN(test_ten_thousand_rows_sort_fast);
	return CHECK_DONE();
}
