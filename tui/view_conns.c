/* Connections: the gateway's presence list, live rows only by default (disconnected rows
 * linger for 5 minutes with reason "disconnect"), with a details pane that joins the
 * selected connection to its paired-device record. */
#include "tui/view.h"

#include <stdio.h>
#include <string.h>

#include "net/model.h"
#include "tui/app.h"
#include "tui/fields.h"
#include "tui/width.h"

/* Widths and dropping order of the net/rows.h presence columns, keyed by name; STATE
 * (shown with disconnected rows) comes first. */
static const struct {
	const char *name;
	int min, max, prio;
} conns_meta[] = {
	{ "reason", 6, 12, TW_KEEP }, { "client", 10, 28, TW_KEEP }, { "mode", 4, 10, 1 },
	{ "class", 8, 12, 3 }, { "roles", 8, 12, 4 }, { "scopes", 14, 80, 2 },
	{ "device", 12, 12, 3 }, { "platform", 8, 14, 5 }, { "version", 7, 12, 6 },
	{ "since", 5, 6, 1 }, { "host", 12, 0, 5 },
};
#define CONNS_NCOLS (sizeof(conns_meta) / sizeof(conns_meta[0]))

static struct tw_col conns_cols[CONNS_NCOLS];
static struct tw_table conns_all, conns_live;

static size_t
conns_count(void *ctx)
{
	return rows_count(ctx, ROWS_PRESENCE);
}

static const void *
conns_row(void *ctx, size_t i)
{
	return rows_get(ctx, ROWS_PRESENCE, i);
}

static bool
conns_keep(const void *row, void *ctx, const struct rows_view *rv)
{
	(void)ctx;
	return !rv->live_only || ((const struct presence_row *)row)->live;
}

static const char *
conns_search(const void *row, void *ctx, int64_t now, char *buf, size_t size)
{
	(void)ctx;
	(void)now;
	(void)buf;
	(void)size;
	return ((const struct presence_row *)row)->device_id ? ((const struct presence_row *)row)->device_id : "";
}

static enum element
conns_row_el(const void *row, void *ctx, int64_t now)
{
	(void)ctx;
	(void)now;
	return ((const struct presence_row *)row)->live ? EL_DEFAULT : EL_ROW_GONE;
}

static void
conns_init(struct view *v)
{
	size_t n;
	const struct rows_column *rc = rows_columns(ROWS_PRESENCE, &n);

	for (size_t i = 0; i < CONNS_NCOLS; i++) {
		int k = rows_column_find(ROWS_PRESENCE, conns_meta[i].name);
		struct tw_col *c = &conns_cols[i];

		c->name = conns_meta[i].name;
		c->title = k >= 0 ? rc[k].title : conns_meta[i].name;
		c->min = conns_meta[i].min;
		c->max = conns_meta[i].max;
		c->prio = conns_meta[i].prio;
		c->mtext = k >= 0 ? rc[k].text : NULL;
		c->mnum = k >= 0 ? rc[k].num : NULL;
		c->el = EL_DEFAULT;
	}
	conns_all = (struct tw_table){ .cols = conns_cols, .ncols = CONNS_NCOLS, .count = conns_count,
				       .row = conns_row, .keep = conns_keep, .search = conns_search,
				       .row_el = conns_row_el, .ctx = &v->app->model };
	conns_live = conns_all;
	conns_live.cols = conns_cols + 1;	/* without STATE */
	conns_live.ncols = CONNS_NCOLS - 1;
	v->rv.live_only = true;
}

static const struct tw_table *
conns_table(struct view *v)
{
	return v->rv.live_only ? &conns_live : &conns_all;
}

static enum action
conns_handle(struct view *v, enum action act)
{
	/* the STATE column comes and goes in front: keep the sort on the same column */
	if (act == ACT_TOGGLE_ALL && v->rv.sort_col >= 0)
		v->rv.sort_col += v->rv.live_only ? 1 : -1;
	if (act == ACT_TOGGLE_ALL)
		v->pos.n_shown = 0;
	return act;
}

static bool
conns_wants_tick(const struct view *v)
{
	return v->rv.n > 0;	/* the SINCE column is relative */
}

static void
field(struct fields *o, const char *label, const char *value)
{
	fields_add(o, label, EL_DEFAULT, value);
}

static void
conns_draw_detail(struct view *v, const struct canvas *c)
{
	const struct presence_row *p = view_selected(v);
	const struct paired_dev *d;
	struct fields o;
	int64_t now = app_now();
	char buf[512], t[128];

	fields_begin(&o, c, "details");
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
		field(&o, "created", fields_when(now, d->created_ms, t, sizeof(t)));
		field(&o, "approved", fields_when(now, d->approved_ms, t, sizeof(t)));
		field(&o, "last seen", fields_when(now, d->last_seen_ms, t, sizeof(t)));
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
	field(&o, "online since", fields_when(now, p->online_since_ms, t, sizeof(t)));
	field(&o, "last activity", fields_when(now, p->last_activity_ms, t, sizeof(t)));
	field(&o, "updated", fields_when(now, p->ts_ms, t, sizeof(t)));
	field(&o, "text", p->text);
}

static void
conns_draw(struct view *v, const struct canvas *c)
{
	struct canvas table = *c, detail;

	if (v->detail && c->h >= 6) {
		int want = (int)v->rv.n + 1;

		table.h = want < c->h / 3 ? want : c->h / 3;
		if (table.h < 3)
			table.h = 3;
		detail = draw_sub(c, table.h, c->h - table.h);
		conns_draw_detail(v, &detail);
	}
	view_draw_table(v, &table);
}

const struct view_ops conns_view_ops = {
	.name = "connections",
	.title = "Connections",
	.model_mask = MODEL_CHANGED_PRESENCE | MODEL_CHANGED_PAIRED,
	.kind = ROWS_PRESENCE,
	.init = conns_init,
	.draw = conns_draw,
	.handle = conns_handle,
	.wants_tick = conns_wants_tick,
	.table = conns_table,
};
