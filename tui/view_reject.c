/* Rejections: rejected handshakes from the gateway log, followed live with logs.tail
 * (cursor-based: one bounded first read, then only new lines, every 2 s while connected
 * with operator.read), plus the console's own failed handshakes, newest first.  Enter
 * opens the explanation: the explain engine's verdict for what the client most likely
 * sent (auth/decide.h via auth/logline.h), the matching rule and the remedies. */
#include "tui/view_reject.h"

#include <ctype.h>
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

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return true;
	for (; *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool
rec_matches(const struct logline_rec *r, const char *f)
{
	char all[1400];

	snprintf(all, sizeof(all), "%s|%s|%s|%s|%s|%d|%s|%s|%s|%s/%s|%s", r->time, r->remote, r->origin,
		 r->ua, r->host, r->close_code, r->reason, r->phase, r->cause, r->client, r->mode, r->device_id);
	return contains_ci(all, f);
}

static void
reject_rebuild(struct view *v)
{
	size_t n = rejlog_count(&rj.log);

	if (n > v->rv.cap) {
		size_t *p = realloc(v->rv.idx, n * sizeof(*p));

		if (!p) {
			app_status(v->app, EL_STATUS_ERROR, "out of memory");
			return;
		}
		v->rv.idx = p;
		v->rv.cap = n;
	}
	v->rv.n = 0;
	v->rv.sort_col = -1;
	for (size_t i = 0; i < n; i++) {
		const struct logline_rec *r = rejlog_newest(&rj.log, i);

		if (r && rec_matches(r, v->rv.filter))
			v->rv.idx[v->rv.n++] = i;
	}
}

static const struct logline_rec *
reject_selected(const struct view *v)
{
	if (v->sel >= v->rv.n)
		return NULL;
	return rejlog_newest(&rj.log, v->rv.idx[v->sel]);
}

struct rej_col {
	const char *title;
	int width;		/* 0: the rest */
};

static const struct rej_col rej_cols[] = {
	{ "TIME", 19 }, { "REMOTE", 15 }, { "ORIGIN", 22 }, { "USER AGENT", 16 }, { "CODE", 4 },
	{ "CLIENT/MODE", 20 }, { "PHASE", 25 }, { "CAUSE: REASON", 0 },
};
#define REJ_NCOLS (sizeof(rej_cols) / sizeof(rej_cols[0]))

static void
rej_cells(const struct logline_rec *r, char cells[REJ_NCOLS][320])
{
	char t[64], cm[80], code[16], cr[320];

	text_sanitize(r->time, t, sizeof(t));
	if (strlen(t) > 19 && t[10] == 'T')
		t[10] = ' ';
	snprintf(cells[0], 320, "%.19s", t);
	text_sanitize(dash(r->remote), cells[1], 320);
	text_sanitize(dash(r->origin), cells[2], 320);
	text_sanitize(dash(r->ua), cells[3], 320);
	snprintf(code, sizeof(code), "%d", r->close_code);
	snprintf(cells[4], 320, "%s", r->close_code ? code : "-");
	snprintf(cm, sizeof(cm), "%s/%s", dash(r->client), dash(r->mode));
	text_sanitize(cm, cells[5], 320);
	text_sanitize(dash(r->phase), cells[6], 320);
	snprintf(cr, sizeof(cr), "%s: %s", dash(r->cause), dash(r->reason));
	text_sanitize(cr, cells[7], 320);
}

static void
reject_draw_table(struct view *v, const struct canvas *c)
{
	/* column sets by width: origin and user agent go first, then phase, then client */
	static const size_t wide[] = { 0, 1, 2, 3, 4, 5, 6, 7 }, mid[] = { 0, 1, 4, 5, 6, 7 },
			    narrow[] = { 0, 1, 4, 5, 7 }, tiny[] = { 0, 4, 7 };
	const size_t *cols = c->w >= 190 ? wide : c->w >= 130 ? mid : c->w >= 100 ? narrow : tiny;
	size_t nc = c->w >= 190 ? 8 : c->w >= 130 ? 6 : c->w >= 100 ? 5 : 3;
	int widths[REJ_NCOLS], used = 0, x, body;

	if (c->h <= 0)
		return;
	for (size_t i = 0; i < nc; i++) {
		widths[i] = rej_cols[cols[i]].width ? rej_cols[cols[i]].width : 0;
		used += widths[i] + 1;
	}
	widths[nc - 1] = c->w - used > 8 ? c->w - used : 8;
	draw_fill(c, 0, EL_HEADER);
	x = 0;
	for (size_t i = 0; i < nc; i++)
		x += draw_text(c, 0, x, EL_HEADER, rej_cols[cols[i]].title, widths[i], ALIGN_LEFT) + 1;
	body = c->h - 1;
	v->page = body > 0 ? body : 0;
	v->first_row_y = c->y + 1;
	if (v->sel < v->top)
		v->top = v->sel;
	if (body > 0 && v->sel >= v->top + (size_t)body)
		v->top = v->sel - (size_t)body + 1;
	if (v->top + (size_t)body > v->rv.n)
		v->top = v->rv.n > (size_t)body ? v->rv.n - (size_t)body : 0;
	if (!v->rv.n && body > 0) {
		const char *msg = v->rv.filter[0] ? "no rows match the filter" :
				  rj.no_scope ? "reading the gateway log needs the operator.read scope (logs.tail); "
						"reconnect with a grant that includes operator.read" :
				  rj.following ? "no rejected handshakes in the gateway log (following logs.tail)" :
				  "not following the gateway log (not connected)";

		draw_text(c, 1, 1, rj.no_scope ? EL_STATUS_WARN : EL_DIM, msg, 0, ALIGN_LEFT);
	}
	for (int r = 0; r < body && v->top + (size_t)r < v->rv.n; r++) {
		size_t di = v->top + (size_t)r;
		const struct logline_rec *rec = rejlog_newest(&rj.log, v->rv.idx[di]);
		enum element el = di == v->sel ? EL_CURSOR : EL_DEFAULT;
		char cells[REJ_NCOLS][320];

		if (!rec)
			continue;
		rej_cells(rec, cells);
		draw_fill(c, r + 1, el);
		x = 0;
		for (size_t i = 0; i < nc; i++)
			x += draw_text(c, r + 1, x, el, cells[cols[i]], widths[i], ALIGN_LEFT) + 1;
	}
}

struct rej_out {
	const struct canvas *c;
	int row;
};

static void
rej_field(struct rej_out *o, enum element el, const char *label, const char *value)
{
	char clean[600];
	int w = o->c->w - 19;
	const char *s;

	text_sanitize(value && *value ? value : "-", clean, sizeof(clean));
	s = clean;
	/* wrap long values at spaces onto following rows */
	do {
		char line[600];
		size_t len = strlen(s), cut = len;

		if (o->row >= o->c->h)
			return;
		if (w > 10 && (int)len > w) {
			cut = (size_t)w;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (!cut)
				cut = (size_t)w;
		}
		snprintf(line, sizeof(line), "%.*s", (int)cut, s);
		draw_fill(o->c, o->row, EL_DEFAULT);
		draw_text(o->c, o->row, 1, EL_LABEL, label, 16, ALIGN_LEFT);
		draw_text(o->c, o->row, 18, el, line, 0, ALIGN_LEFT);
		o->row++;
		label = "";
		s += cut;
		while (*s == ' ')
			s++;
	} while (*s);
}

static void
reject_draw_detail(struct view *v, const struct canvas *c)
{
	const struct logline_rec *r = reject_selected(v);
	struct rej_out o = { c, 1 };
	struct decide_input in;
	struct decide_verdict vd;
	char buf[600];
	int known;

	draw_rule(c, 0, EL_FRAME);
	draw_text(c, 0, 2, EL_HEADER, " explanation ", 13, ALIGN_LEFT);
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
	reject_draw_table(v, &table);
}

static enum action
reject_handle(struct view *v, enum action act)
{
	switch (act) {
	case ACT_SORT: case ACT_SORT_REVERSE: case ACT_TOGGLE_ALL:
		app_status(v->app, EL_STATUS, "rejections are listed newest first");
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
	.kind = ROWS_PRESENCE,	/* unused: reject_rebuild fills the index */
	.init = reject_rebuild,
	.draw = reject_draw,
	.handle = reject_handle,
	.wants_tick = reject_wants_tick,
	.rebuild = reject_rebuild,
};
