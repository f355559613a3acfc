/* Rejections: rejected handshakes from the gateway log, followed live with logs.tail
 * (cursor-based: one bounded first read, then only new lines, every 2 s while connected
 * with operator.read), plus the console's own failed handshakes, newest first.  Enter
 * opens the explanation: the explain engine's verdict for what the client most likely
 * sent (auth/decide.h via auth/logline.h), the matching rule and the remedies. */
#include "tui/view_reject.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/decide.h"
#include "net/logline.h"
#include "auth/scopes.h"
#include "net/client.h"
#include "net/evloop.h"
#include "net/frame.h"
#include "net/gwcall.h"
#include "net/rejlog.h"
#include "net/text.h"
#include "tui/app.h"
#include "tui/fields.h"
#include "tui/view.h"
#include "tui/width.h"

#define REJ_POLL_MS 2000

static struct {
	struct app *a;
	struct rejlog log;
	struct evloop_timer *timer;
	bool started;
	bool polling;		/* a logs.tail call is in flight */
	bool following;		/* connected with operator.read: the timer runs */
	bool no_scope;		/* connected without operator.read */
	char error[300];	/* the last logs.tail failure, "" when fine */
	unsigned recorded_attempt;	/* client_attempts() of the last own failure recorded */
} rj;

static bool
rej_granted(const struct app *a, const char *scope)
{
	const struct session_result *r = client_result(a->client);
	const char *list[SESSION_MAX_SCOPES];

	for (size_t i = 0; i < r->n_scopes; i++)
		list[i] = r->scopes[i];
	return scopes_list_satisfies(list, r->n_scopes, scope);
}

static void
rej_rebuild_views(struct app *a)
{
	for (size_t i = 0; i < views_count; i++)
		if (a->views && a->views[i].ops == &reject_view_ops)
			view_rebuild(&a->views[i]);
	a->dirty = true;
}

static void rej_poll(void);

static void
rej_on_tail(void *ctx, const struct frame *res, const char *failure)
{
	struct app *a = ctx;

	rj.polling = false;
	if (!rj.started)
		return;		/* the console is closing: the client flushes its calls */
	if (res && res->ok && json_is_object(res->payload)) {
		long added = rejlog_apply_tail(&rj.log, res->payload);

		if (added < 0) {
			snprintf(rj.error, sizeof(rj.error), "%s: unusable result (or out of memory)",
				 gw_op_method(GW_OP_LOGS_TAIL));
		} else {
			rj.error[0] = '\0';
			if (added > 0)
				rej_rebuild_views(a);
		}
	} else if (res) {
		char why[400];

		frame_describe_failure(res, failure, why, sizeof(why));
		if (frame_missing_scope(res, NULL, 0) || strcmp(res->err_code, "FORBIDDEN") == 0)
			rj.no_scope = true;
		snprintf(rj.error, sizeof(rj.error), "%s: %s", gw_op_method(GW_OP_LOGS_TAIL), why);
	} else {
		snprintf(rj.error, sizeof(rj.error), "%s: %s", gw_op_method(GW_OP_LOGS_TAIL),
			 failure ? failure : "failed");
	}
	a->dirty = true;
	if (rj.following && !rj.no_scope && client_state(a->client) == CLIENT_READY)
		evloop_timer_set(rj.timer, REJ_POLL_MS);
	else
		rj.following = false;
}

static void
rej_poll(void)
{
	struct app *a = rj.a;
	json_t *params;

	if (rj.polling || client_state(a->client) != CLIENT_READY)
		return;
	rj.log.only_port = cli_shared_log_port(a->me.url, client_result(a->client));
	params = rejlog_tail_params(&rj.log);
	if (!params)
		return;
	if (gw_logs_tail(a->client, params, rej_on_tail, a) == 0)
		rj.polling = true;
}

static void
rej_on_timer(void *ctx)
{
	(void)ctx;
	if (rj.following)
		rej_poll();
}

int
reject_view_start(struct app *a)
{
	rejlog_init(&rj.log, REJLOG_CAP);
	rj.a = a;
	rj.timer = evloop_timer_new(a->loop, rej_on_timer, a);
	if (!rj.timer)
		return -1;
	rj.started = true;
	return 0;
}

void
reject_view_on_state(struct app *a)
{
	enum client_state st;
	const struct session_result *r;

	if (!rj.started)
		return;
	st = client_state(a->client);
	r = client_result(a->client);
	if (st == CLIENT_READY) {
		rj.no_scope = !rej_granted(a, gw_op_scope(GW_OP_LOGS_TAIL));
		if (!rj.no_scope && !rj.following) {
			rj.following = true;
			rej_poll();
		}
		return;
	}
	if (rj.following) {
		rj.following = false;
		evloop_timer_cancel(rj.timer);
	}
	/* the console's own failed handshake: once per attempt */
	if ((r->code[0] || r->details_code[0]) && client_attempts(a->client) != rj.recorded_attempt &&
	    (st == CLIENT_BACKOFF || st == CLIENT_PAIRING || st == CLIENT_FAILED)) {
		rj.recorded_attempt = client_attempts(a->client);
		if (rejlog_add_local(&rj.log, r, "openclaw-tui", "ui", a->me.url, app_now()) == 0)
			rej_rebuild_views(a);
	}
}

void
reject_view_stop(struct app *a)
{
	(void)a;
	if (!rj.started)
		return;
	evloop_timer_free(rj.timer);
	rj.timer = NULL;
	rejlog_free(&rj.log);
	rj.started = false;
}

/* ===================================================================== The view */

static const char *
dash(const char *s)
{
	return s && *s ? s : "-";
}

#define R(r) ((const struct logline_rec *)(r))

static size_t
rej_count(void *ctx)
{
	(void)ctx;
	return rejlog_count(&rj.log);
}

static const void *
rej_row(void *ctx, size_t i)
{
	(void)ctx;
	return rejlog_newest(&rj.log, i);
}

static const char *
rej_clean(const char *s, char *buf, size_t size)
{
	text_sanitize(dash(s), buf, size);
	return buf;
}

static const char *
c_time(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	text_sanitize(R(r)->time, buf, size);
	if (strlen(buf) > 19 && buf[10] == 'T')
		buf[10] = ' ';
	if (strlen(buf) > 19)
		buf[19] = '\0';
	return buf;
}

static const char *
c_remote(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	return rej_clean(R(r)->remote, buf, size);
}

static const char *
c_origin(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	return rej_clean(R(r)->origin, buf, size);
}

static const char *
c_ua(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	return rej_clean(R(r)->ua, buf, size);
}

static const char *
c_code(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	snprintf(buf, size, "%d", R(r)->close_code);
	return R(r)->close_code ? buf : "-";
}

static int64_t
c_code_num(const void *r, void *c)
{
	(void)c;
	return R(r)->close_code;
}

static const char *
c_client(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	char cm[300];

	(void)c; (void)now;
	snprintf(cm, sizeof(cm), "%s/%s", dash(R(r)->client), dash(R(r)->mode));
	return rej_clean(cm, buf, size);
}

static const char *
c_phase(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	return rej_clean(R(r)->phase, buf, size);
}

static const char *
c_cause(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	char cr[600];

	(void)c; (void)now;
	snprintf(cr, sizeof(cr), "%s: %s", dash(R(r)->cause), dash(R(r)->reason));
	return rej_clean(cr, buf, size);
}

static const char *
c_search(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	char all[600];

	(void)c; (void)now;
	snprintf(all, sizeof(all), "%s %s", dash(R(r)->host), dash(R(r)->device_id));
	return rej_clean(all, buf, size);
}

/* origin and user agent drop first, then phase, then client */
static const struct tw_col rej_cols[] = {
	{ .name = "time", .title = "TIME", .min = 19, .max = 19, .prio = TW_KEEP, .text = c_time },
	{ .name = "remote", .title = "REMOTE", .min = 9, .max = 15, .prio = 3, .text = c_remote },
	{ .name = "origin", .title = "ORIGIN", .min = 12, .max = 30, .prio = 5, .text = c_origin },
	{ .name = "agent", .title = "USER AGENT", .min = 12, .max = 24, .prio = 5, .text = c_ua },
	{ .name = "code", .title = "CODE", .min = 4, .max = 4, .prio = TW_KEEP, .text = c_code,
	  .num = c_code_num },
	{ .name = "client", .title = "CLIENT/MODE", .min = 12, .max = 24, .prio = 2, .text = c_client },
	{ .name = "phase", .title = "PHASE", .min = 12, .max = 25, .prio = 4, .text = c_phase },
	{ .name = "cause", .title = "CAUSE: REASON", .min = 20, .max = 0, .prio = TW_KEEP, .text = c_cause },
};

static struct tw_table rej_table = {
	.cols = rej_cols, .ncols = sizeof(rej_cols) / sizeof(rej_cols[0]),
	.count = rej_count, .row = rej_row, .search = c_search,
};

static const struct tw_table *
reject_table(struct view *v)
{
	rej_table.empty = v->rv.filter[0] ? NULL :
			  rj.no_scope ? "reading the gateway log needs the operator.read scope (logs.tail); "
					"reconnect with a grant that includes operator.read" :
			  rj.following ? "no rejected handshakes in the gateway log (following logs.tail)" :
			  "not following the gateway log (not connected)";
	return &rej_table;
}

static void
reject_init(struct view *v)
{
	v->rv.sort_col = -1;
}

static void
rej_field(struct fields *o, enum element el, const char *label, const char *value)
{
	fields_add(o, label, el, value);
}

static void
reject_draw_detail(struct view *v, const struct canvas *c)
{
	const struct logline_rec *r = view_selected(v);
	struct fields o;
	struct decide_input in;
	struct decide_verdict vd;
	char buf[600];
	int known;

	fields_begin(&o, c, "explanation");
	if (!r) {
		rej_field(&o, EL_DIM, "", "no rejection selected");
		return;
	}
	known = logline_to_input(r, &in);
	/* explain for the release the console is connected to */
	snprintf(in.gateway_version, sizeof(in.gateway_version), "%s",
		 client_result(rj.a->client)->server_version);
	decide_evaluate(&in, &vd);
	snprintf(buf, sizeof(buf), "%s%s%s", decide_outcome_text(vd.outcome),
		 vd.details_code ? ": " : "", vd.details_code ? vd.details_code : "");
	rej_field(&o, EL_CODE, "verdict", buf);
	snprintf(buf, sizeof(buf), "%s (%s)", vd.rule, vd.rule_id);
	rej_field(&o, EL_DEFAULT, "rule", buf);
	snprintf(buf, sizeof(buf), "client %s, mode %s, role %s, auth %s%s, device %s, origin %s%s",
		 in.client_id, in.mode, in.role[0] ? in.role : "operator", decide_auth_key(in.auth),
		 in.auth != DECIDE_AUTH_NONE ? (in.secret_ok ? " (right secret)" : " (wrong secret)") : "",
		 decide_device_key(in.device), in.origin == DECIDE_ORIGIN_ABSENT ? "none" : in.origin_value,
		 known < 0 ? " (client id/mode guessed)" : "");
	rej_field(&o, EL_DEFAULT, "likely sent", buf);
	if (vd.message[0])
		rej_field(&o, EL_DEFAULT, "gateway says", vd.message);
	for (size_t i = 0; i < vd.n_remedies; i++) {
		snprintf(buf, sizeof(buf), "%zu. %s", i + 1, vd.remedies[i]);
		rej_field(&o, EL_DEFAULT, i ? "" : "remedies", buf);
	}
	if (rejlog_is_local(r))
		rej_field(&o, EL_STATUS_WARN, "source", "this console's own handshake (recorded locally)");
	rej_field(&o, EL_DEFAULT, "time", r->time);
	rej_field(&o, EL_DEFAULT, "peer", r->peer);
	rej_field(&o, EL_DEFAULT, "origin", r->origin);
	rej_field(&o, EL_DEFAULT, "host", r->host);
	rej_field(&o, EL_DEFAULT, "user agent", r->ua);
	snprintf(buf, sizeof(buf), "%d", r->close_code);
	rej_field(&o, EL_DEFAULT, "close code", r->close_code ? buf : "-");
	rej_field(&o, EL_DEFAULT, "reason", r->reason);
	rej_field(&o, EL_DEFAULT, "phase", r->phase);
	rej_field(&o, EL_DEFAULT, "log cause", r->cause);
	rej_field(&o, EL_DEFAULT, "detail reason", r->detail_reason);
	rej_field(&o, EL_DEFAULT, "auth reason", r->auth_reason);
	rej_field(&o, EL_DEFAULT, "auth provided", r->auth_provided);
	rej_field(&o, EL_DEFAULT, "device", r->device_id);
	rej_field(&o, EL_DEFAULT, "request id", r->request_id);
}

static void
reject_draw(struct view *v, const struct canvas *c)
{
	struct canvas table = *c, detail;

	if (rj.error[0] && !rj.no_scope && c->h > 4) {
		draw_fill(c, c->h - 1, EL_DEFAULT);
		draw_text(c, c->h - 1, 1, EL_STATUS_WARN, rj.error, 0, ALIGN_LEFT);
		table.h--;
	}
	if (v->detail && table.h >= 8) {
		int want = (int)v->rv.n + 1;

		table.h = want < c->h / 4 ? want : c->h / 4;
		if (table.h < 3)
			table.h = 3;
		detail = draw_sub(c, table.h, c->h - table.h - (rj.error[0] && !rj.no_scope ? 1 : 0));
		reject_draw_detail(v, &detail);
	}
	view_draw_table(v, &table);
}

static enum action
reject_handle(struct view *v, enum action act)
{
	switch (act) {
	case ACT_TOGGLE_ALL:
		app_status(v->app, EL_STATUS, "every rejection is listed");
		return ACT_NONE;
	case ACT_REFRESH:
		if (!rj.no_scope)
			rej_poll();
		return ACT_REFRESH;
	default:
		return act;
	}
}

static bool
reject_wants_tick(const struct view *v)
{
	(void)v;
	return false;
}

const struct view_ops reject_view_ops = {
	.name = "rejections",
	.title = "Rejections",
	.model_mask = 0,
	.kind = ROWS_PRESENCE,	/* unused: the widget indexes the rejection log */
	.init = reject_init,
	.draw = reject_draw,
	.handle = reject_handle,
	.wants_tick = reject_wants_tick,
	.table = reject_table,
};
