#include "net/rejlog.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "net/gwop.h"
#include "net/session.h"
#include "net/text.h"

#define REJLOG_LOCAL_CONN "local:"

void
rejlog_init(struct rejlog *r, size_t cap)
{
	memset(r, 0, sizeof(*r));
	r->cursor = -1;
	r->cap = cap ? cap : REJLOG_CAP;
}

json_t *
rejlog_tail_params(const struct rejlog *r)
{
	return gw_logs_tail_params(r->cursor, REJLOG_FIRST_LIMIT, REJLOG_FIRST_MAX_BYTES);
}

long
rejlog_apply_tail(struct rejlog *r, const json_t *result)
{
	const json_t *cur = json_object_get(result, "cursor");
	const json_t *lines = json_object_get(result, "lines");
	long added = 0;

	if (!json_is_integer(cur))
		return -1;
	r->cursor = (int64_t)json_integer_value(cur);
	for (size_t i = 0; json_is_array(lines) && i < json_array_size(lines); i++) {
		const char *s = json_string_value(json_array_get(lines, i));
		struct logline_rec rec;
		long idx;

		if (!s || logline_parse(s, &rec) == LOGLINE_OTHER)
			continue;
		if (r->only_port > 0 && logline_other_gateway(&rec, r->only_port))
			continue;
		idx = logline_list_add(&r->list, &rec, r->cap);
		if (idx == -1)
			return -1;
		if (idx >= 0)
			added++;
	}
	if (added)
		r->gen++;
	return added;
}

int
rejlog_add_local(struct rejlog *r, const struct session_result *res, const char *client_id,
		 const char *mode, const char *url, int64_t now_ms)
{
	struct logline_rec rec;
	time_t t = (time_t)(now_ms / 1000);
	struct tm tm;
	char ts[32] = "";

	memset(&rec, 0, sizeof(rec));
	rec.kind = LOGLINE_CLOSED;
	if (gmtime_r(&t, &tm))
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(rec.time, sizeof(rec.time), "%s.%03dZ", ts, (int)(now_ms % 1000));
	snprintf(rec.level, sizeof(rec.level), "LOCAL");
	snprintf(rec.conn, sizeof(rec.conn), REJLOG_LOCAL_CONN "%zu", r->n_local + 1);
	text_sanitize(url ? url : "", rec.peer, sizeof(rec.peer));
	snprintf(rec.remote, sizeof(rec.remote), "this console");
	snprintf(rec.ua, sizeof(rec.ua), "openclaw-console");
	snprintf(rec.phase, sizeof(rec.phase), "connect response");
	text_sanitize(res->details_code[0] ? res->details_code : res->code, rec.cause, sizeof(rec.cause));
	text_sanitize(res->message, rec.reason, sizeof(rec.reason));
	text_sanitize(client_id ? client_id : "", rec.client, sizeof(rec.client));
	text_sanitize(mode ? mode : "", rec.mode, sizeof(rec.mode));
	snprintf(rec.role, sizeof(rec.role), "%s", res->requested_role[0] ? res->requested_role : "operator");
	text_sanitize(res->request_id, rec.request_id, sizeof(rec.request_id));
	text_sanitize(res->reason, rec.detail_reason, sizeof(rec.detail_reason));
	rec.has_device = 1;
	rec.scope_count = -1;
	if (logline_list_add(&r->list, &rec, r->cap) < 0)
		return -1;
	r->n_local++;
	r->gen++;
	return 0;
}

size_t
rejlog_count(const struct rejlog *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->list.n; i++)
		n += r->list.v[i].kind == LOGLINE_CLOSED;
	return n;
}

const struct logline_rec *
rejlog_newest(const struct rejlog *r, size_t i)
{
	for (size_t k = r->list.n; k-- > 0;)
		if (r->list.v[k].kind == LOGLINE_CLOSED && i-- == 0)
			return &r->list.v[k];
	return NULL;
}

bool
rejlog_is_local(const struct logline_rec *rec)
{
	return strncmp(rec->conn, REJLOG_LOCAL_CONN, strlen(REJLOG_LOCAL_CONN)) == 0;
}

void
rejlog_free(struct rejlog *r)
{
	logline_list_free(&r->list);
	r->gen++;
}
