/* Pairing: the gateway's pending pairing requests (kept current by device.pair.requested
 * and device.pair.resolved, expired locally 300 s after their last refresh) above the
 * paired devices.  `p` moves the cursor between the two sections.  Approve, reject,
 * remove and revoke open a confirmation that lists exactly what the gateway will do: an
 * approval shows the effective grant (auth/grant.h), so a repair that restores scopes a
 * revoked token held says so; granting operator.admin, asked for or restored, takes a
 * second, different keystroke (y, then Y).  A request is sent at most once, and never
 * queued while the connection is down. */
#include "tui/pairing.h"

#include <jansson.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/grant.h"
#include "auth/scopes.h"
#include "net/client.h"
#include "net/frame.h"
#include "net/gwcall.h"
#include "net/model.h"
#include "net/text.h"
#include "tui/app.h"
#include "tui/cli.h"
#include "tui/fields.h"
#include "tui/view.h"
#include "tui/width.h"

#define PAIRING_TTL_MS 300000	/* the gateway drops a request 300 s after its last refresh */
#define MAX_INFLIGHT 16

enum pairing_op {
	OP_NONE,
	OP_APPROVE,
	OP_REJECT,
	OP_REMOVE,
	OP_REVOKE,
};

/* What the operator is asked to confirm: a snapshot taken when the overlay opened. */
struct pairing_confirm {
	enum pairing_op op;
	int stage;		/* 1 after the first confirmation of an admin grant */
	bool admin;		/* the effective grant includes operator.admin (or is unknown) */
	bool self;		/* remove/revoke of this console's own device */
	bool repair;
	char id[128];		/* request id (approve, reject) or device id (remove, revoke) */
	char device[80];
	char name[80], client[80], mode[40], cls[40], platform[40], ip[64];
	char role[40];
	char scopes[1024];	/* comma-joined, exactly as shown (approve: as requested) */
	char old_scopes[1024];	/* repair: what the paired record holds now */
	struct grant grant;	/* approve: what the device will hold afterwards */
	char granted[1024];	/* grant_join of it, to notice a change before sending */
};

/* One RPC in flight. */
struct pairing_call {
	struct app *a;
	enum pairing_op op;
	char id[128];
	char role[40];
};

static struct {
	struct pairing_confirm cf;
	struct rows_view other;		/* the section without the cursor */
	struct tw_pos other_pos;		/* its cursor and scroll */
	bool paired_focus;		/* the cursor is in the paired-devices section */
	bool loaded;			/* the first device.pair.list has arrived */
	char inflight[MAX_INFLIGHT][128];
	size_t n_inflight;
} st;

/* ===================================================================== Helpers */

static bool
utf8_term(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && strcmp(cs, "UTF-8") == 0;
}

static const char *
nz(const char *s)
{
	return s && *s ? s : "-";
}

static bool
has_pairing_scope(struct app *a, bool *ready)
{
	const struct session_result *r = client_result(a->client);
	const char *list[SESSION_MAX_SCOPES];

	*ready = client_state(a->client) == CLIENT_READY;
	for (size_t i = 0; i < r->n_scopes && i < SESSION_MAX_SCOPES; i++)
		list[i] = r->scopes[i];
	return scopes_list_satisfies(list, r->n_scopes, "operator.pairing");
}

static bool
inflight_has(const char *id)
{
	for (size_t i = 0; i < st.n_inflight; i++)
		if (strcmp(st.inflight[i], id) == 0)
			return true;
	return false;
}

static void
inflight_del(const char *id)
{
	for (size_t i = 0; i < st.n_inflight; i++)
		if (strcmp(st.inflight[i], id) == 0) {
			memmove(st.inflight[i], st.inflight[i + 1],
				(st.n_inflight - i - 1) * sizeof(st.inflight[0]));
			st.n_inflight--;
			return;
		}
}

/* The paired record of a pending request's device, when it has one (repair/upgrade). */
static const struct paired_dev *
request_paired(const struct model *m, const struct pending_req *q)
{
	return q->device_id ? model_find_paired(m, q->device_id) : NULL;
}

static const char *
request_role(const struct pending_req *q, char *buf, size_t size)
{
	if (q->role && *q->role)
		return q->role;
	return rows_join(q->roles.v, q->roles.n, ",", buf, size);
}

/* "abcd1234 ef567890 …": the device id in groups of 8 for reading aloud. */
static const char *
grouped_id(const char *id, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; id && id[i] && o + 2 < size; i++) {
		if (i && i % 8 == 0)
			buf[o++] = ' ';
		buf[o++] = id[i];
	}
	buf[o] = '\0';
	return buf;
}

/* Time left before the gateway forgets q: "4m58s" or "0s". */
static const char *
time_left(const struct pending_req *q, int64_t now, char *buf, size_t size)
{
	int64_t left = q->seen_ms + PAIRING_TTL_MS - now;

	if (left < 0)
		left = 0;
	left /= 1000;
	if (left >= 60)
		snprintf(buf, size, "%lldm%02llds", (long long)(left / 60), (long long)(left % 60));
	else
		snprintf(buf, size, "%llds", (long long)left);
	return buf;
}

static bool
scopes_admin(char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (scopes_weight(v[i]) == SCOPE_ADMIN)
			return true;
	return false;
}

/* ===================================================================== Tables */

static struct app *pa;	/* the app the row getters look things up in */

static size_t
pending_count(void *ctx)
{
	return rows_count(&((struct app *)ctx)->model, ROWS_PENDING);
}

static const void *
pending_row(void *ctx, size_t i)
{
	return rows_get(&((struct app *)ctx)->model, ROWS_PENDING, i);
}

static size_t
paired_count(void *ctx)
{
	return rows_count(&((struct app *)ctx)->model, ROWS_PAIRED);
}

static const void *
paired_row(void *ctx, size_t i)
{
	return rows_get(&((struct app *)ctx)->model, ROWS_PAIRED, i);
}

#define Q(r) ((const struct pending_req *)(r))
#define D(r) ((const struct paired_dev *)(r))
#define APP(c) ((struct app *)(c))

static const char *
q_request(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now; (void)buf; (void)size;
	return nz(Q(r)->request_id);
}

static const char *
q_client(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	snprintf(buf, size, "%s/%s", nz(Q(r)->client_id), nz(Q(r)->client_mode));
	return buf;
}

static const char *
q_class(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now; (void)buf; (void)size;
	return classify_key(Q(r)->cls);
}

static const char *
q_name(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now; (void)buf; (void)size;
	return nz(Q(r)->display_name);
}

static const char *
q_platform(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now; (void)buf; (void)size;
	return nz(Q(r)->platform);
}

static const char *
q_role(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	return nz(request_role(Q(r), buf, size));
}

static const char *
q_kind(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)now; (void)buf; (void)size;
	return Q(r)->is_repair || request_paired(&APP(c)->model, Q(r)) ? "upgrade" : "new";
}

static enum element
q_kind_el(const void *r, void *c, int64_t now)
{
	(void)c; (void)now;
	return Q(r)->is_repair ? EL_STATUS_WARN : EL_DEFAULT;
}

static const char *
q_from(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now; (void)buf; (void)size;
	return nz(Q(r)->remote_ip);
}

static const char *
q_age(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c;
	return rows_relative_time(now, Q(r)->ts_ms, buf, size);
}

static int64_t
q_age_num(const void *r, void *c)
{
	(void)c;
	return Q(r)->ts_ms;
}

static const char *
q_left(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c;
	return time_left(Q(r), now, buf, size);
}

static int64_t
q_left_num(const void *r, void *c)
{
	(void)c;
	return Q(r)->seen_ms;
}

static const char *
arrow(void)
{
	return utf8_term() ? " → " : " -> ";
}

/* "paired,scopes → requested,scopes" for an upgrade, else the requested scopes. */
static const char *
q_scopes(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	const struct paired_dev *d = request_paired(&APP(c)->model, Q(r));
	char req[600], old[600];

	(void)now;
	rows_join(Q(r)->scopes.v, Q(r)->scopes.n, ",", req, sizeof(req));
	if (!d) {
		snprintf(buf, size, "%s", Q(r)->scopes.n ? req : "(none)");
		return buf;
	}
	rows_join(d->scopes.v, d->scopes.n, ",", old, sizeof(old));
	snprintf(buf, size, "%s%s%s", d->scopes.n ? old : "(none)", arrow(), Q(r)->scopes.n ? req : "(none)");
	return buf;
}

static int
q_scopes_draw(const struct canvas *cv, int row, int x, int width, const void *r, void *c, enum element el)
{
	const struct paired_dev *d = request_paired(&APP(c)->model, Q(r));
	char buf[1400];
	int used = 0;

	/* too narrow for both: what is asked for (admin first) is what the decision needs */
	if (d && width_of(q_scopes(r, c, 0, buf, sizeof(buf))) <= width) {
		used += fields_draw_scopes(cv, row, x, width, d->scopes.v, d->scopes.n, el);
		if (used < width)
			used += draw_text(cv, row, x + used, el, arrow(), width_of(arrow()), ALIGN_LEFT);
	}
	if (used < width)
		used += fields_draw_scopes(cv, row, x + used, width - used, Q(r)->scopes.v, Q(r)->scopes.n, el);
	return used;
}

static const char *
q_search(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now; (void)buf; (void)size;
	return Q(r)->device_id ? Q(r)->device_id : "";
}

static const struct tw_col pending_cols[] = {
	{ .name = "request", .title = "REQUEST", .min = 8, .max = 36, .prio = TW_KEEP, .text = q_request },
	{ .name = "client", .title = "CLIENT/MODE", .min = 11, .max = 24, .prio = TW_KEEP, .text = q_client },
	{ .name = "class", .title = "CLASS", .min = 8, .max = 10, .prio = 3, .text = q_class },
	{ .name = "name", .title = "NAME", .min = 8, .max = 24, .prio = TW_KEEP, .text = q_name },
	{ .name = "platform", .title = "PLATFORM", .min = 8, .max = 12, .prio = 5, .text = q_platform },
	{ .name = "role", .title = "ROLE", .min = 4, .max = 10, .prio = 2, .text = q_role },
	{ .name = "kind", .title = "KIND", .min = 7, .max = 7, .prio = 1, .text = q_kind, .cell_el = q_kind_el },
	{ .name = "from", .title = "FROM", .min = 12, .max = 15, .prio = 4, .text = q_from },
	{ .name = "age", .title = "AGE", .min = 4, .max = 5, .prio = 3, .text = q_age, .num = q_age_num },
	{ .name = "left", .title = "LEFT", .min = 4, .max = 6, .prio = 1, .text = q_left, .num = q_left_num },
	{ .name = "scopes", .title = "SCOPES", .min = 12, .max = 0, .prio = TW_KEEP, .text = q_scopes,
	  .draw = q_scopes_draw },
};

static const char *
d_device(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	return rows_short_id_r(D(r)->device_id, buf, size);
}

static const char *
d_client(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	const struct paired_dev *d = D(r);

	(void)now;
	snprintf(buf, size, "%s/%s%s", nz(d->client_id), nz(d->client_mode),
		 d->device_id && strcmp(d->device_id, APP(c)->me.id.device_id) == 0 ? " (me)" : "");
	return buf;
}

static const char *
d_name(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now; (void)buf; (void)size;
	return nz(D(r)->label && *D(r)->label ? D(r)->label : D(r)->display_name);
}

static const char *
d_via(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now; (void)buf; (void)size;
	return nz(D(r)->approved_via);
}

static const char *
d_online(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now; (void)buf; (void)size;
	return D(r)->connected ? "yes" : "no";
}

static const char *
d_seen(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c;
	return rows_relative_time(now, D(r)->last_seen_ms, buf, size);
}

static int64_t
d_seen_num(const void *r, void *c)
{
	(void)c;
	return D(r)->last_seen_ms;
}

static const char *
d_scopes(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	return D(r)->scopes.n ? rows_join(D(r)->scopes.v, D(r)->scopes.n, ",", buf, size) : "(none)";
}

static int
d_scopes_draw(const struct canvas *cv, int row, int x, int width, const void *r, void *c, enum element el)
{
	(void)c;
	return fields_draw_scopes(cv, row, x, width, D(r)->scopes.v, D(r)->scopes.n, el);
}

static const char *token_text(const struct paired_dev *d, char *buf, size_t size);

static const char *
d_tokens(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	return D(r)->n_tokens ? token_text(D(r), buf, size) : "(no token)";
}

static const char *
d_search(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now; (void)buf; (void)size;
	return D(r)->device_id ? D(r)->device_id : "";
}

static const struct tw_col paired_cols[] = {
	{ .name = "device", .title = "DEVICE", .min = 12, .max = 12, .prio = TW_KEEP, .text = d_device },
	{ .name = "client", .title = "CLIENT/MODE", .min = 11, .max = 28, .prio = TW_KEEP, .text = d_client },
	{ .name = "name", .title = "NAME", .min = 8, .max = 24, .prio = TW_KEEP, .text = d_name },
	{ .name = "via", .title = "VIA", .min = 6, .max = 10, .prio = 3, .text = d_via },
	{ .name = "online", .title = "ONLINE", .min = 6, .max = 6, .prio = 1, .text = d_online },
	{ .name = "seen", .title = "SEEN", .min = 4, .max = 5, .prio = 2, .text = d_seen, .num = d_seen_num },
	{ .name = "scopes", .title = "SCOPES", .min = 12, .max = 0, .prio = TW_KEEP, .text = d_scopes,
	  .draw = d_scopes_draw },
	{ .name = "tokens", .title = "TOKEN SCOPES", .min = 12, .max = 0, .prio = 4, .text = d_tokens },
};

static struct tw_table pending_table = {
	.cols = pending_cols, .ncols = sizeof(pending_cols) / sizeof(pending_cols[0]),
	.count = pending_count, .row = pending_row, .search = q_search,
	.empty = "no pending requests",
};

static struct tw_table paired_table = {
	.cols = paired_cols, .ncols = sizeof(paired_cols) / sizeof(paired_cols[0]),
	.count = paired_count, .row = paired_row, .search = d_search,
	.empty = "no paired devices",
};

static const struct tw_table *
section_table(enum rows_kind kind)
{
	pending_table.ctx = paired_table.ctx = pa;
	return kind == ROWS_PENDING ? &pending_table : &paired_table;
}

static const struct tw_table *
pairing_table(struct view *v)
{
	return section_table(v->rv.kind);
}

static const char *
token_text(const struct paired_dev *d, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < d->n_tokens && o + 1 < size; i++) {
		const struct device_token_info *t = &d->tokens[i];
		char sc[512];
		int n;

		n = snprintf(buf + o, size - o, "%s%s:%s%s", i ? "; " : "", nz(t->role),
			     t->scopes.n ? rows_join(t->scopes.v, t->scopes.n, ",", sc, sizeof(sc)) : "(none)",
			     t->revoked_ms ? " (revoked)" : "");
		if (n < 0 || (size_t)n >= size - o)
			break;
		o += (size_t)n;
	}
	return buf;
}

/* Draw one section (title, then the table) of rv into c. */
static void
draw_section(struct view *v, const struct canvas *c, const struct rows_view *rv, struct tw_pos *pos,
	     bool focus)
{
	bool pend = rv->kind == ROWS_PENDING;
	char title[160];
	struct canvas table;

	if (c->h <= 0)
		return;
	snprintf(title, sizeof(title), " %s %s (%zu)%s%s ", focus ? (utf8_term() ? "▶" : ">") : " ",
		 pend ? "Pending requests" : "Paired devices", rv->n,
		 rv->filter[0] ? "  filter: " : "", rv->filter);
	draw_rule(c, 0, EL_FRAME);
	draw_text(c, 0, 1, focus ? EL_TAB_ACTIVE : EL_HEADER, title, width_of(title), ALIGN_LEFT);
	if (c->h < 2)
		return;
	table = draw_sub(c, 1, c->h - 1);
	(void)v;
	tw_draw(section_table(rv->kind), rv, pos, &table, focus, app_now());
}

/* ===================================================================== Details */

static void
field(struct fields *o, const char *label, enum element el, const char *value)
{
	fields_add(o, label, el, value);
}

static void
field_scopes(struct fields *o, const char *label, char *const *v, size_t n)
{
	fields_scopes(o, label, v, n);
}

/* Scopes of a grant as a vector of names for draw_scopes. */
static size_t
grant_names(const struct grant *g, char **v, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < g->n && n < max; i++)
		v[n++] = (char *)g->v[i].name;
	return n;
}

/* The rows that say what approval really grants: everything the device will hold, and
 * what of it comes back or stays without being asked for. */
static void
field_grant(struct fields *o, const struct grant *g, const char *label)
{
	char *names[GRANT_MAX_SCOPES], buf[600];

	if (g->unknown) {
		field(o, label, EL_STATUS_ERROR, "unknown: the device's paired record is not loaded "
		      "(press r); approval may restore earlier scopes");
		return;
	}
	field_scopes(o, label, names, grant_names(g, names, GRANT_MAX_SCOPES));
	if (*grant_format(g, GRANT_RESTORED, buf, sizeof(buf)))
		field(o, "re-grants", strstr(buf, "operator.admin") ? EL_SCOPE_ADMIN : EL_STATUS_WARN, buf);
	if (*grant_format(g, GRANT_KEPT, buf, sizeof(buf)))
		field(o, "keeps", EL_DEFAULT, buf);
}

static void
draw_grant(struct fields *o, const struct model *m, const struct pending_req *q)
{
	struct grant g;

	model_request_grant(m, q, &g);
	if (g.repair)
		field_grant(o, &g, "approval grants");
}

static void
draw_details(struct view *v, const struct canvas *c)
{
	struct app *a = v->app;
	const void *row = view_selected(v);
	struct fields o;
	int64_t now = app_now();
	char buf[1024], t[128];

	fields_begin(&o, c, "details");
	if (!row) {
		field(&o, "", EL_DIM, "nothing selected");
		return;
	}
	if (v->rv.kind == ROWS_PENDING) {
		const struct pending_req *q = row;
		const struct paired_dev *d = request_paired(&a->model, q);

		field(&o, "request", EL_DEFAULT, q->request_id);
		field(&o, "device", EL_DEFAULT, grouped_id(q->device_id, buf, sizeof(buf)));
		field(&o, "client / mode", EL_DEFAULT, (snprintf(t, sizeof(t), "%s / %s", nz(q->client_id),
								  nz(q->client_mode)), t));
		field(&o, "class", EL_DEFAULT, classify_label(q->cls));
		field(&o, "name", EL_DEFAULT, q->display_name);
		field(&o, "platform", EL_DEFAULT, q->platform);
		field(&o, "device family", EL_DEFAULT, q->device_family);
		field(&o, "role", EL_DEFAULT, request_role(q, buf, sizeof(buf)));
		field_scopes(&o, "scopes", q->scopes.v, q->scopes.n);
		if (d) {
			field_scopes(&o, "paired scopes", d->scopes.v, d->scopes.n);
			field(&o, "kind", EL_STATUS_WARN, "upgrade of a paired device");
		} else {
			field(&o, "kind", EL_DEFAULT, q->is_repair ? "repair" : "new device");
		}
		draw_grant(&o, &a->model, q);
		field(&o, "from", EL_DEFAULT, q->remote_ip);
		field(&o, "origin", EL_DEFAULT, q->browser_origin);
		field(&o, "created", EL_DEFAULT, fields_when(now, q->ts_ms, t, sizeof(t)));
		field(&o, "expires in", EL_DEFAULT, time_left(q, now, t, sizeof(t)));
	} else {
		const struct paired_dev *d = row;

		field(&o, "device", EL_DEFAULT, grouped_id(d->device_id, buf, sizeof(buf)));
		field(&o, "client / mode", EL_DEFAULT, (snprintf(t, sizeof(t), "%s / %s", nz(d->client_id),
								  nz(d->client_mode)), t));
		field(&o, "class", EL_DEFAULT, classify_label(d->cls));
		field(&o, "name", EL_DEFAULT, d->display_name);
		field(&o, "label", EL_DEFAULT, d->label);
		field(&o, "platform", EL_DEFAULT, d->platform);
		field(&o, "role", EL_DEFAULT, d->role);
		field_scopes(&o, "scopes", d->scopes.v, d->scopes.n);
		for (size_t i = 0; i < d->n_tokens; i++) {
			const struct device_token_info *tk = &d->tokens[i];
			char lab[48], sc[512];

			snprintf(lab, sizeof(lab), "token %s", nz(tk->role));
			snprintf(buf, sizeof(buf), "%s%s", rows_join(tk->scopes.v, tk->scopes.n, ",", sc, sizeof(sc)),
				 tk->revoked_ms ? " (revoked)" : "");
			field(&o, lab, tk->revoked_ms ? EL_STATUS_WARN : EL_DEFAULT, buf);
		}
		field(&o, "approved via", EL_DEFAULT, d->approved_via);
		field(&o, "approved", EL_DEFAULT, fields_when(now, d->approved_ms, t, sizeof(t)));
		field(&o, "last seen", EL_DEFAULT, fields_when(now, d->last_seen_ms, t, sizeof(t)));
		field(&o, "last seen why", EL_DEFAULT, d->last_seen_reason);
		field(&o, "connected", EL_DEFAULT, d->connected ? "yes" : "no");
	}
}

/* ===================================================================== Confirmation */

static void
confirm_close(void)
{
	memset(&st.cf, 0, sizeof(st.cf));
}

static void
draw_confirm(struct view *v, const struct canvas *c)
{
	struct pairing_confirm *cf = &st.cf;
	struct canvas box;
	struct fields o;
	char buf[1200], line[300];
	const char *verb = cf->op == OP_APPROVE ? "Approve" : cf->op == OP_REJECT ? "Reject" :
			   cf->op == OP_REMOVE ? "Remove" : "Revoke the token of";
	int h = 16, w = c->w - 4 > 90 ? 90 : c->w - 4;

	(void)v;
	if (h > c->h)
		h = c->h;
	box.y = c->y + (c->h - h) / 2;
	box.x = c->x + (c->w - w) / 2;
	box.h = h;
	box.w = w;
	draw_clear(&box, EL_DEFAULT);
	draw_rule(&box, 0, EL_FRAME);
	draw_rule(&box, h - 1, EL_FRAME);
	if (cf->op == OP_APPROVE || cf->op == OP_REJECT)
		snprintf(line, sizeof(line), " %s pairing request %s? ", verb, cf->id);
	else
		snprintf(line, sizeof(line), " %s paired device %s? ", verb, rows_short_id(cf->id));
	draw_text(&box, 0, 2, EL_PROMPT, line, width_of(line), ALIGN_LEFT);
	o.c = &box;
	o.row = 1;
	field(&o, "device", EL_DEFAULT, grouped_id(cf->device, buf, sizeof(buf)));
	field(&o, "name", EL_DEFAULT, cf->name);
	snprintf(line, sizeof(line), "%s / %s  (class %s)", nz(cf->client), nz(cf->mode), nz(cf->cls));
	field(&o, "client / mode", EL_DEFAULT, line);
	if (cf->op == OP_APPROVE || cf->op == OP_REJECT) {
		field(&o, "platform", EL_DEFAULT, cf->platform);
		field(&o, "from", EL_DEFAULT, cf->ip);
	}
	field(&o, cf->op == OP_APPROVE ? "grants role" : "role", EL_DEFAULT, cf->role);
	if (cf->op == OP_APPROVE) {
		field_grant(&o, &cf->grant, "grants scopes");
		if (cf->repair) {
			field(&o, "asked for", EL_DEFAULT, cf->scopes[0] ? cf->scopes : "(none)");
			field(&o, "paired record", EL_DEFAULT, cf->old_scopes[0] ? cf->old_scopes : "(none)");
		}
	} else if (cf->op == OP_REJECT || cf->op == OP_REMOVE) {
		char tmp[1024], *v2[32], *save = NULL, *tok;
		size_t n = 0;

		snprintf(tmp, sizeof(tmp), "%s", cf->scopes);
		for (tok = strtok_r(tmp, ",", &save); tok && n < 32; tok = strtok_r(NULL, ",", &save))
			v2[n++] = tok;
		field_scopes(&o, "scopes", v2, n);
		if (cf->repair)
			field(&o, "paired record", EL_DEFAULT, cf->old_scopes[0] ? cf->old_scopes : "(none)");
	} else {
		field(&o, "token scopes", EL_DEFAULT, cf->scopes);
	}
	if (cf->op == OP_REMOVE)
		field(&o, "effect", EL_STATUS_WARN, "unpaired: its token is revoked and its sockets closed");
	if (cf->op == OP_REVOKE)
		field(&o, "effect", EL_STATUS_WARN, "it must use the shared token or pair again");
	if (cf->self)
		field(&o, "note", EL_STATUS_ERROR, "this is this console's own device");
	if (cf->op == OP_APPROVE && cf->admin) {
		int src = grant_source_of(&cf->grant, "operator.admin");

		field(&o, "warning", EL_SCOPE_ADMIN, cf->grant.unknown ?
		      "this may restore operator.admin: full control of the gateway" :
		      src == GRANT_RESTORED ? "operator.admin, not asked for, comes back: full control of the gateway" :
		      src == GRANT_KEPT ? "operator.admin, not asked for, stays granted: full control of the gateway" :
		      "operator.admin: full control of the gateway, every scope implied");
		snprintf(buf, sizeof(buf), "%s", cf->stage == 0 ?
			 "y: continue (a second keystroke follows)   n/Esc: cancel" :
			 "Press Y (shift-y) to grant operator.admin   n/Esc: cancel");
	} else {
		snprintf(buf, sizeof(buf), "y: %s   n/Esc: cancel",
			 cf->op == OP_APPROVE ? "approve" : cf->op == OP_REJECT ? "reject" :
			 cf->op == OP_REMOVE ? "remove" : "revoke");
	}
	draw_fill(&box, h - 2, EL_DEFAULT);
	draw_text(&box, h - 2, 2, EL_PROMPT, buf, 0, ALIGN_LEFT);
}

static void
confirm_open_request(struct view *v, enum pairing_op op)
{
	struct app *a = v->app;
	const struct pending_req *q;
	const struct paired_dev *d;
	char buf[64];

	if (v->rv.kind != ROWS_PENDING) {
		app_status(a, EL_STATUS_WARN, "select a pending request first (p: switch section)");
		return;
	}
	q = view_selected(v);
	if (!q || !q->request_id) {
		app_status(a, EL_STATUS_WARN, "no pending request selected");
		return;
	}
	if (inflight_has(q->request_id)) {
		app_status(a, EL_STATUS_WARN, "already sent for %s; waiting for the gateway", q->request_id);
		return;
	}
	confirm_close();
	st.cf.op = op;
	d = request_paired(&a->model, q);
	snprintf(st.cf.id, sizeof(st.cf.id), "%s", q->request_id);
	snprintf(st.cf.device, sizeof(st.cf.device), "%s", q->device_id ? q->device_id : "");
	snprintf(st.cf.name, sizeof(st.cf.name), "%s", q->display_name ? q->display_name : "");
	snprintf(st.cf.client, sizeof(st.cf.client), "%s", q->client_id ? q->client_id : "");
	snprintf(st.cf.mode, sizeof(st.cf.mode), "%s", q->client_mode ? q->client_mode : "");
	snprintf(st.cf.cls, sizeof(st.cf.cls), "%s", classify_label(q->cls));
	snprintf(st.cf.platform, sizeof(st.cf.platform), "%s", q->platform ? q->platform : "");
	snprintf(st.cf.ip, sizeof(st.cf.ip), "%s", q->remote_ip ? q->remote_ip : "");
	snprintf(st.cf.role, sizeof(st.cf.role), "%s", request_role(q, buf, sizeof(buf)));
	rows_join(q->scopes.v, q->scopes.n, ",", st.cf.scopes, sizeof(st.cf.scopes));
	/* decide on what the device will hold, not on what it asks for */
	model_request_grant(&a->model, q, &st.cf.grant);
	grant_join(&st.cf.grant, st.cf.granted, sizeof(st.cf.granted));
	st.cf.admin = op == OP_APPROVE ? grant_has_admin(&st.cf.grant) : scopes_admin(q->scopes.v, q->scopes.n);
	st.cf.repair = d != NULL || q->is_repair;
	if (d)
		rows_join(d->scopes.v, d->scopes.n, ",", st.cf.old_scopes, sizeof(st.cf.old_scopes));
}

static const char *
device_role(const struct paired_dev *d)
{
	for (size_t i = 0; i < d->n_tokens; i++)
		if (d->tokens[i].role && !d->tokens[i].revoked_ms)
			return d->tokens[i].role;
	if (d->role && *d->role)
		return d->role;
	return d->roles.n ? d->roles.v[0] : "operator";
}

static void
confirm_open_device(struct view *v, enum pairing_op op)
{
	struct app *a = v->app;
	const struct paired_dev *d;

	if (v->rv.kind != ROWS_PAIRED) {
		app_status(a, EL_STATUS_WARN, "select a paired device first (p: switch section)");
		return;
	}
	d = view_selected(v);
	if (!d || !d->device_id) {
		app_status(a, EL_STATUS_WARN, "no paired device selected");
		return;
	}
	if (inflight_has(d->device_id)) {
		app_status(a, EL_STATUS_WARN, "already sent for %s; waiting for the gateway",
			   rows_short_id(d->device_id));
		return;
	}
	confirm_close();
	st.cf.op = op;
	snprintf(st.cf.id, sizeof(st.cf.id), "%s", d->device_id);
	snprintf(st.cf.device, sizeof(st.cf.device), "%s", d->device_id);
	snprintf(st.cf.name, sizeof(st.cf.name), "%s", d->label && *d->label ? d->label :
		 d->display_name ? d->display_name : "");
	snprintf(st.cf.client, sizeof(st.cf.client), "%s", d->client_id ? d->client_id : "");
	snprintf(st.cf.mode, sizeof(st.cf.mode), "%s", d->client_mode ? d->client_mode : "");
	snprintf(st.cf.cls, sizeof(st.cf.cls), "%s", classify_label(d->cls));
	snprintf(st.cf.role, sizeof(st.cf.role), "%s", device_role(d));
	if (op == OP_REVOKE)
		token_text(d, st.cf.scopes, sizeof(st.cf.scopes));
	else
		rows_join(d->scopes.v, d->scopes.n, ",", st.cf.scopes, sizeof(st.cf.scopes));
	st.cf.self = strcmp(d->device_id, a->me.id.device_id) == 0;
}

static void
on_result(void *ctx, const struct frame *res, const char *failure)
{
	struct pairing_call *p = ctx;
	struct app *a = p->a;
	const char *what = p->op == OP_APPROVE ? "approve" : p->op == OP_REJECT ? "reject" :
			   p->op == OP_REMOVE ? "remove" : "revoke";

	inflight_del(p->id);
	if (res && res->ok) {
		if (p->op == OP_APPROVE) {
			const json_t *dev = json_object_get(res->payload, "device");
			const json_t *sc = json_object_get(dev, "scopes"), *it;
			char granted[600] = "", one[128];
			size_t i;

			json_array_foreach(sc, i, it) {
				if (!json_is_string(it))
					continue;
				text_sanitize(json_string_value(it), one, sizeof(one));
				if (strlen(granted) + strlen(one) + 2 < sizeof(granted)) {
					if (granted[0])
						strcat(granted, ",");
					strcat(granted, one);
				}
			}
			model_remove_pending(&a->model, p->id);
			app_status(a, EL_STATUS_OK, "approved %s: scopes %s", p->id,
				   granted[0] ? granted : "(none)");
		} else if (p->op == OP_REJECT) {
			model_remove_pending(&a->model, p->id);
			app_status(a, EL_STATUS_OK, "rejected %s", p->id);
		} else if (p->op == OP_REMOVE) {
			app_status(a, EL_STATUS_OK, "removed device %s", rows_short_id(p->id));
		} else {
			app_status(a, EL_STATUS_OK, "revoked the %s token of device %s", p->role,
				   rows_short_id(p->id));
		}
		app_reload(a);	/* remove and revoke send no event: re-read the paired list */
	} else if (res) {
		char why[400];

		frame_describe_failure(res, NULL, why, sizeof(why));
		app_status(a, EL_STATUS_ERROR, "%s %s failed: %s", what,
			   p->op == OP_APPROVE || p->op == OP_REJECT ? p->id : rows_short_id(p->id), why);
	} else {
		/* sent, but unconfirmed: it may or may not have been applied */
		app_status(a, EL_STATUS_ERROR, "%s %s: not confirmed (%s); check the list before retrying",
			   what, p->op == OP_APPROVE || p->op == OP_REJECT ? p->id : rows_short_id(p->id),
			   failure ? failure : "failed");
	}
	a->dirty = true;
	free(p);
}

/* The same request still pending with the same role and scopes as confirmed? */
static bool
request_unchanged(struct app *a, const char **why)
{
	const struct pending_req *q = model_find_pending(&a->model, st.cf.id);
	char buf[1024], role[64];
	struct grant g;

	if (!q) {
		*why = "no longer pending (resolved elsewhere or expired)";
		return false;
	}
	rows_join(q->scopes.v, q->scopes.n, ",", buf, sizeof(buf));
	if (strcmp(buf, st.cf.scopes) != 0 || strcmp(request_role(q, role, sizeof(role)), st.cf.role) != 0) {
		*why = "changed while you were confirming; review it again";
		return false;
	}
	/* the paired record can change too (a list arrived): then so did what approval grants */
	model_request_grant(&a->model, q, &g);
	if (g.unknown != st.cf.grant.unknown || strcmp(grant_join(&g, buf, sizeof(buf)), st.cf.granted) != 0) {
		*why = "now grants something else (its paired record changed); review it again";
		return false;
	}
	return true;
}

static void
confirm_send(struct view *v, bool strong)
{
	struct app *a = v->app;
	struct pairing_call *p;
	const char *why;
	enum gw_op call;
	json_t *params;
	enum pairing_op op = st.cf.op;

	if (op == OP_APPROVE && st.cf.admin && st.cf.stage == 0) {
		st.cf.stage = 1;	/* the first confirmation; Y must follow */
		app_status(a, EL_STATUS_WARN, "this grants operator.admin: press Y to approve, n to cancel");
		return;
	}
	if (op == OP_APPROVE && st.cf.admin && !strong) {
		app_status(a, EL_STATUS_WARN, "press Y (shift-y) to grant operator.admin, n to cancel");
		return;
	}
	if (client_state(a->client) != CLIENT_READY) {
		app_status(a, EL_STATUS_ERROR, "not sent: disconnected");
		confirm_close();
		return;
	}
	if ((op == OP_APPROVE || op == OP_REJECT) && !request_unchanged(a, &why)) {
		app_status(a, EL_STATUS_WARN, "not sent: request %s %s", st.cf.id, why);
		confirm_close();
		return;
	}
	if (inflight_has(st.cf.id) || st.n_inflight >= MAX_INFLIGHT) {
		app_status(a, EL_STATUS_WARN, "not sent: already waiting for the gateway");
		confirm_close();
		return;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		app_status(a, EL_STATUS_ERROR, "out of memory");
		confirm_close();
		return;
	}
	p->a = a;
	p->op = op;
	snprintf(p->id, sizeof(p->id), "%s", st.cf.id);
	snprintf(p->role, sizeof(p->role), "%s", st.cf.role);
	switch (op) {
	case OP_APPROVE:
		call = GW_OP_PAIR_APPROVE;
		params = gw_pair_approve_params(p->id);
		break;
	case OP_REJECT:
		call = GW_OP_PAIR_REJECT;
		params = gw_pair_reject_params(p->id);
		break;
	case OP_REMOVE:
		call = GW_OP_PAIR_REMOVE;
		params = gw_pair_remove_params(p->id);
		break;
	default:
		call = GW_OP_TOKEN_REVOKE;
		params = gw_token_revoke_params(p->id, p->role);
		break;
	}
	confirm_close();
	if (gw_call(a->client, call, params, on_result, p) < 0) {
		app_status(a, EL_STATUS_ERROR, "not sent: disconnected");
		free(p);
		return;
	}
	snprintf(st.inflight[st.n_inflight++], sizeof(st.inflight[0]), "%s", p->id);
	app_status(a, EL_STATUS, "%s sent for %s, waiting for the gateway", gw_op_method(call),
		   op == OP_APPROVE || op == OP_REJECT ? p->id : rows_short_id(p->id));
}

/* ===================================================================== View */

static void
pairing_init(struct view *v)
{
	memset(&st, 0, sizeof(st));
	pa = v->app;
	st.other_pos.first_row_y = -1;
	v->rv.kind = ROWS_PENDING;
	st.other.kind = ROWS_PAIRED;
	st.other.sort_col = -1;
}

static void
toggle_section(struct view *v)
{
	struct rows_view tmp = v->rv;
	struct tw_pos pos = v->pos;

	v->rv = st.other;
	st.other = tmp;
	v->pos = st.other_pos;
	st.other_pos = pos;
	st.paired_focus = v->rv.kind == ROWS_PAIRED;
	view_rebuild(v);
}

static enum action
pairing_handle(struct view *v, enum action act)
{
	struct app *a = v->app;

	if (st.cf.op != OP_NONE) {
		switch (act) {
		case ACT_PAIR_CONFIRM: confirm_send(v, false); return ACT_NONE;
		case ACT_PAIR_CONFIRM_STRONG: confirm_send(v, true); return ACT_NONE;
		case ACT_BACK:
			app_status(a, EL_STATUS, "cancelled: nothing sent");
			confirm_close();
			return ACT_NONE;
		case ACT_QUIT: case ACT_REDRAW: case ACT_HELP: return act;
		default:
			app_status(a, EL_STATUS_WARN, "confirm with %s or cancel with n/Esc",
				   st.cf.admin && st.cf.stage ? "Y" : "y");
			return ACT_NONE;
		}
	}
	switch (act) {
	case ACT_PAIR_APPROVE: confirm_open_request(v, OP_APPROVE); return ACT_NONE;
	case ACT_PAIR_REJECT: confirm_open_request(v, OP_REJECT); return ACT_NONE;
	case ACT_PAIR_REMOVE: confirm_open_device(v, OP_REMOVE); return ACT_NONE;
	case ACT_PAIR_REVOKE: confirm_open_device(v, OP_REVOKE); return ACT_NONE;
	case ACT_PAIR_SECTION: toggle_section(v); return ACT_NONE;
	case ACT_PAIR_CONFIRM: case ACT_PAIR_CONFIRM_STRONG:
		app_status(a, EL_STATUS_WARN, "nothing to confirm");
		return ACT_NONE;
	default:
		return act;
	}
}

static bool
pairing_wants_tick(const struct view *v)
{
	return v->app->model.n_pending > 0 || v->app->model.n_paired > 0;
}

static void
draw_no_scope(struct app *a, const struct canvas *c)
{
	struct fields o = { c, 1 };
	const struct session_result *r = client_result(a->client);
	char have[512] = "";

	for (size_t i = 0; i < r->n_scopes && i < SESSION_MAX_SCOPES; i++) {
		size_t len = strlen(have);

		snprintf(have + len, sizeof(have) - len, "%s%s", i ? "," : "", r->scopes[i]);
	}
	draw_clear(c, EL_DEFAULT);
	field(&o, "", EL_STATUS_WARN, "This console's grant lacks operator.pairing: it cannot list,");
	field(&o, "", EL_STATUS_WARN, "approve or reject pairing requests.");
	o.row++;
	field(&o, "granted", EL_DEFAULT, r->n_scopes ? have : "(none)");
	field(&o, "missing", EL_SCOPE_PAIRING, "operator.pairing");
	o.row++;
	field(&o, "to get it", EL_DEFAULT, "re-pair with the scope: restart with");
	field(&o, "", EL_CODE, "openclaw-console --scopes operator.read,operator.write,operator.pairing");
	field(&o, "", EL_DEFAULT, "then approve its scope-upgrade request on the gateway host:");
	field(&o, "", EL_CODE, "openclaw devices approve REQUEST_ID");
	field(&o, "", EL_DEFAULT, "or run with a token that has it (--token-file).");
}

static void
pairing_draw(struct view *v, const struct canvas *c)
{
	struct app *a = v->app;
	int64_t now = app_now();
	bool ready;
	struct canvas top, bottom;
	size_t need_p, need_d, n_other;
	int h_focus, h_other;

	if (!has_pairing_scope(a, &ready) && ready) {
		draw_no_scope(a, c);
		return;
	}
	model_expire_pending(&a->model, now, PAIRING_TTL_MS);
	if (tw_rebuild(section_table(v->rv.kind), &v->rv, now) < 0 ||
	    tw_rebuild(section_table(st.other.kind), &st.other, now) < 0)
		app_status(a, EL_STATUS_ERROR, "out of memory");
	if (v->pos.sel >= v->rv.n)
		v->pos.sel = v->rv.n ? v->rv.n - 1 : 0;
	/* a request resolved (or expired) under the confirmation: close it */
	if ((st.cf.op == OP_APPROVE || st.cf.op == OP_REJECT) && !model_find_pending(&a->model, st.cf.id)) {
		app_status(a, EL_STATUS_WARN, "request %s was resolved elsewhere or expired: nothing sent",
			   st.cf.id);
		confirm_close();
	}
	n_other = st.other.n;
	need_p = (v->rv.n ? v->rv.n : 1) + 2;
	need_d = (n_other ? n_other : 1) + 2;
	if (st.paired_focus) {
		size_t t = need_p;

		need_p = need_d;
		need_d = t;
	}
	/* need_p: the focused section; need_d: the other one, which keeps a third at most */
	if (v->detail) {
		h_other = c->h / 2;
		h_focus = c->h - h_other;
	} else {
		int min_other = c->h / 3 > 3 ? c->h / 3 : 3;

		if (min_other > (int)need_d)
			min_other = (int)need_d;
		h_focus = (int)need_p < c->h - min_other ? (int)need_p : c->h - min_other;
		if (h_focus < 3)
			h_focus = c->h < 3 ? c->h : 3;
		h_other = c->h - h_focus;
	}
	if (!st.paired_focus) {
		top = draw_sub(c, 0, h_focus);
		bottom = draw_sub(c, h_focus, h_other);
		draw_section(v, &top, &v->rv, &v->pos, true);
		if (v->detail)
			draw_details(v, &bottom);
		else
			draw_section(v, &bottom, &st.other, &st.other_pos, false);
	} else {
		if (v->detail) {
			top = draw_sub(c, 0, h_focus);
			bottom = draw_sub(c, h_focus, h_other);
			draw_section(v, &top, &v->rv, &v->pos, true);
			draw_details(v, &bottom);
		} else {
			top = draw_sub(c, 0, h_other);
			bottom = draw_sub(c, h_other, h_focus);
			draw_section(v, &top, &st.other, &st.other_pos, false);
			draw_section(v, &bottom, &v->rv, &v->pos, true);
		}
	}
	if (!ready && a->ever_ready)
		draw_text(c, c->h - 1, 1, EL_STATUS_WARN, " disconnected: the lists may be stale ", 0,
			  ALIGN_LEFT);
	if (st.cf.op != OP_NONE)
		draw_confirm(v, c);
}

/* ===================================================================== App hooks */

size_t
pairing_badge(struct app *a, char *buf, size_t size)
{
	size_t n;
	int len;

	model_expire_pending(&a->model, app_now(), PAIRING_TTL_MS);
	n = a->model.n_pending;
	buf[0] = '\0';
	if (!n)
		return 0;
	len = snprintf(buf, size, "%s %zu pending", utf8_term() ? "⚑" : "!", n);
	return len > 0 ? (size_t)len : 0;
}

bool
pairing_should_ring(struct app *a, unsigned changed, bool listed)
{
	bool first = listed && !st.loaded;

	if (listed)
		st.loaded = true;
	if (first || !(changed & MODEL_CHANGED_NEW_REQUEST))
		return false;
	return !(a->opts && a->opts->no_bell);
}

const struct view_ops pairing_view_ops = {
	.name = "pairing",
	.title = "Pairing",
	.model_mask = MODEL_CHANGED_PENDING | MODEL_CHANGED_PAIRED,
	.kind = ROWS_PENDING,
	.init = pairing_init,
	.draw = pairing_draw,
	.handle = pairing_handle,
	.wants_tick = pairing_wants_tick,
	.table = pairing_table,
};
