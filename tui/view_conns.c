/* Connections: the gateway's presence list, live rows only by default (disconnected rows
 * linger for 5 minutes with reason "disconnect"), with a details pane that joins the
 * selected connection to its paired-device record. */
#include "tui/view.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "net/model.h"
#include "tui/app.h"
#include "tui/width.h"

static void
conns_init(struct view *v)
{
	v->rv.live_only = true;
}

static bool
conns_wants_tick(const struct view *v)
{
	return v->rv.n > 0;	/* the SINCE column is relative */
}

static const char *
when(int64_t now, int64_t ms, char *buf, size_t size)
{
	char rel[16], abs[32];
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (!ms) {
		snprintf(buf, size, "-");
		return buf;
	}
	if (!gmtime_r(&t, &tm) || !strftime(abs, sizeof(abs), "%Y-%m-%d %H:%M:%SZ", &tm))
		abs[0] = '\0';
	snprintf(buf, size, "%s (%s ago)", abs, rows_relative_time(now, ms, rel, sizeof(rel)));
	return buf;
}

struct detail_out {
	const struct canvas *c;
	int row;
};

static void
field(struct detail_out *o, const char *label, const char *value)
{
	if (o->row >= o->c->h)
		return;
	draw_fill(o->c, o->row, EL_DEFAULT);
	draw_text(o->c, o->row, 1, EL_LABEL, label, 16, ALIGN_LEFT);
	draw_text(o->c, o->row, 18, EL_DEFAULT, value && *value ? value : "-", 0, ALIGN_LEFT);
	o->row++;
}

static void
conns_draw_detail(struct view *v, const struct canvas *c)
{
	const struct presence_row *p = view_selected(v);
	const struct paired_dev *d;
	struct detail_out o = { c, 1 };
	int64_t now = app_now();
	char buf[512], t[128];

	draw_rule(c, 0, EL_FRAME);
	draw_text(c, 0, 2, EL_HEADER, " details ", 9, ALIGN_LEFT);
	if (!p) {
		field(&o, "", "no connection selected");
		return;
	}
	field(&o, "client", p->client_id);
	field(&o, "mode", p->mode);
	field(&o, "class", classify_label(p->cls));
	field(&o, "roles", rows_join(p->roles.v, p->roles.n, ", ", buf, sizeof(buf)));
	field(&o, "scopes", p->scopes_present ? rows_join(p->scopes.v, p->scopes.n, ", ", buf, sizeof(buf)) :
		  "(none granted)");
	field(&o, "device", p->device_id);
	d = p->device_id ? model_find_paired(&v->app->model, p->device_id) : NULL;
	if (!d) {
		field(&o, "paired device", p->device_id ? "no paired-device record (or no pairing scope)" :
			  "no device identity");
	} else {
		field(&o, "paired as", d->display_name);
		field(&o, "label", d->label);
		field(&o, "approved via", d->approved_via);
		field(&o, "created", when(now, d->created_ms, t, sizeof(t)));
		field(&o, "approved", when(now, d->approved_ms, t, sizeof(t)));
		field(&o, "last seen", when(now, d->last_seen_ms, t, sizeof(t)));
		field(&o, "last seen why", d->last_seen_reason);
		field(&o, "paired scopes", rows_join(d->scopes.v, d->scopes.n, ", ", buf, sizeof(buf)));
		for (size_t i = 0; i < d->n_tokens; i++) {
			const struct device_token_info *tk = &d->tokens[i];
			char lab[32], sc[300];

			snprintf(lab, sizeof(lab), "token %s", tk->role ? tk->role : "?");
			snprintf(buf, sizeof(buf), "%s%s", rows_join(tk->scopes.v, tk->scopes.n, ", ", sc, sizeof(sc)),
				 tk->revoked_ms ? " (revoked)" : "");
			field(&o, lab, buf);
		}
	}
	field(&o, "instance", p->instance_id);
	field(&o, "host", p->host);
	field(&o, "ip", p->ip);
	field(&o, "platform", p->platform);
	field(&o, "device family", p->device_family);
	field(&o, "model", p->model_identifier);
	field(&o, "version", p->version);
	field(&o, "state", p->live ? "live" : "disconnected");
	field(&o, "reason", p->reason);
	field(&o, "online since", when(now, p->online_since_ms, t, sizeof(t)));
	field(&o, "last activity", when(now, p->last_activity_ms, t, sizeof(t)));
	field(&o, "updated", when(now, p->ts_ms, t, sizeof(t)));
	field(&o, "text", p->text);
}

static void
conns_draw(struct view *v, const struct canvas *c)
{
	static const int narrow[] = { 0, 1, 8, 5 };	/* client mode since device */
	struct canvas table = *c, detail;

	if (v->detail && c->h >= 6) {
		int want = (int)v->rv.n + 1;

		table.h = want < c->h / 3 ? want : c->h / 3;
		if (table.h < 3)
			table.h = 3;
		detail = draw_sub(c, table.h, c->h - table.h);
		conns_draw_detail(v, &detail);
	}
	if (c->w < 70) {
		view_draw_table(v, &table, narrow, sizeof(narrow) / sizeof(narrow[0]));
		return;
	}
	{
		static const int cols_live[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
		static const int cols_all[] = { 10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

		if (v->rv.live_only)
			view_draw_table(v, &table, cols_live, 10);
		else
			view_draw_table(v, &table, cols_all, 11);
	}
}

const struct view_ops conns_view_ops = {
	.name = "connections",
	.title = "Connections",
	.model_mask = MODEL_CHANGED_PRESENCE | MODEL_CHANGED_PAIRED,
	.kind = ROWS_PRESENCE,
	.init = conns_init,
	.draw = conns_draw,
	.handle = NULL,
	.wants_tick = conns_wants_tick,
};
