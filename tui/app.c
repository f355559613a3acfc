#include "tui/app.h"

#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/err.h"
#include "auth/scopes.h"
#include "net/evloop.h"
#include "net/frame.h"
#include "net/gwcall.h"
#include "net/text.h"
#include "tui/cli.h"
#include "tui/config.h"
#include "tui/curses.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/pairing.h"
#include "tui/term.h"
#include "tui/view.h"
#include "tui/view_reject.h"
#include "tui/view_trusted.h"
#include "tui/width.h"

#define MIN_COLS 40
#define MIN_LINES 10

int64_t
app_now(void)
{
	return evloop_wall_ms();
}

void
app_status(struct app *a, enum element el, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status, sizeof(a->status), fmt, ap);
	va_end(ap);
	a->status_el = el;
	a->dirty = true;
}

static struct view *
cur_view(struct app *a)
{
	return &a->views[a->cur];
}

static void
rebuild_all(struct app *a, unsigned changed)
{
	for (size_t i = 0; i < views_count; i++)
		if (!changed || (a->views[i].ops->model_mask & changed))
			view_rebuild(&a->views[i]);
	trusted_view_on_model(a, changed);
	a->dirty = true;
}

/* ===================================================================== Network */

static void
on_presence(void *ctx, const struct frame *res, const char *failure)
{
	struct app *a = ctx;
	char why[400];

	if (res && res->ok && json_is_array(res->payload)) {
		if (model_set_presence(&a->model, res->payload) < 0)
			app_status(a, EL_STATUS_ERROR, "out of memory");
		rebuild_all(a, model_take_changes(&a->model) | MODEL_CHANGED_PRESENCE);
		return;
	}
	frame_describe_failure(res, failure, why, sizeof(why));
	app_status(a, EL_STATUS_ERROR, "%s: %s", gw_op_method(GW_OP_PRESENCE), why);
}

static void pairing_list(struct app *a);

static void
on_pairing(void *ctx, const struct frame *res, const char *failure)
{
	struct app *a = ctx;
	char why[400];

	a->pairing_listing = false;
	if (a->pairing_relist) {
		a->pairing_relist = false;
		pairing_list(a);
	}
	if (res && res->ok && json_is_object(res->payload)) {
		unsigned ch;

		if (model_set_pairing(&a->model, res->payload, app_now()) < 0)
			app_status(a, EL_STATUS_ERROR, "out of memory");
		ch = model_take_changes(&a->model);
		rebuild_all(a, ch | MODEL_CHANGED_PENDING | MODEL_CHANGED_PAIRED);
		if (pairing_should_ring(a, ch, true))
			beep();
		return;
	}
	frame_describe_failure(res, failure, why, sizeof(why));
	app_status(a, EL_STATUS_ERROR, "%s: %s", gw_op_method(GW_OP_PAIR_LIST), why);
}

/* The pairing list, at most one in flight: a call asked for meanwhile runs after it. */
static void
pairing_list(struct app *a)
{
	if (client_state(a->client) != CLIENT_READY ||
	    !session_granted(client_result(a->client), gw_op_scope(GW_OP_PAIR_LIST)))
		return;
	if (a->pairing_listing) {
		a->pairing_relist = true;
		return;
	}
	if (gw_pair_list(a->client, on_pairing, a) == 0)
		a->pairing_listing = true;
}

void
app_reload(struct app *a)
{
	if (client_state(a->client) != CLIENT_READY) {
		app_status(a, EL_STATUS_WARN, "not connected");
		return;
	}
	gw_presence(a->client, on_presence, a);
	pairing_list(a);
}

/* The gateway announces no expiry of a pending request and events can be lost, so the
 * pairing list is re-read every `refresh` seconds while connected (config file). */
static void
on_refresh(void *ctx)
{
	struct app *a = ctx;

	if (client_state(a->client) != CLIENT_READY)
		return;		/* on_state re-arms on the next connect */
	pairing_list(a);
	evloop_timer_set(a->refresh, (int64_t)config_refresh_seconds() * 1000);
}

static void
on_state(void *ctx)
{
	struct app *a = ctx;
	bool ready = client_state(a->client) == CLIENT_READY;

	if (ready && !a->was_ready) {
		const json_t *snap = client_hello_presence(a->client);

		a->ever_ready = true;
		/* paint the hello-ok snapshot at once; system-presence then confirms it */
		if (json_is_array(snap) && model_set_presence(&a->model, snap) == 0)
			rebuild_all(a, model_take_changes(&a->model) | MODEL_CHANGED_PRESENCE);
		app_reload(a);
		evloop_timer_set(a->refresh, (int64_t)config_refresh_seconds() * 1000);
	}
	reject_view_on_state(a);
	a->was_ready = ready;
	a->dirty = true;
}

/* After a large presence list shrinks (a thousand clients gone), hand the freed heap back
 * to the system: glibc keeps it otherwise, and the console would stay at its peak size. */
static void
give_back_memory(struct app *a)
{
	size_t rows = a->model.n_presence + a->model.n_pending + a->model.n_paired;

	if (rows > a->rows_high)
		a->rows_high = rows;
	if (a->rows_high >= 256 && rows * 4 < a->rows_high) {
		malloc_trim(0);
		a->rows_high = rows;
	}
}

static void
on_event(void *ctx, const struct frame *ev)
{
	struct app *a = ctx;
	unsigned changed = model_apply_event(&a->model, ev, app_now());

	/* An event carries the request but not the paired record it repairs, and approvals
	 * elsewhere change those records: read both again, so the Pairing view and the agent
	 * see what approval would really grant (auth/grant.h). */
	if (gw_event_is_pairing(ev))
		pairing_list(a);
	if (changed) {
		model_take_changes(&a->model);
		rebuild_all(a, changed);
		if (pairing_should_ring(a, changed, false))
			beep();
	}
	give_back_memory(a);
}

static void
on_log(void *ctx, const char *line)
{
	struct app *a = ctx;

	text_sanitize(line, a->last_log, sizeof(a->last_log));
}

static void
on_warn(void *ctx, const char *line)
{
	struct app *a = ctx;
	char clean[256];

	text_sanitize(line, clean, sizeof(clean));
	app_status(a, EL_STATUS_WARN, "%s", clean);
}

static void
on_tty(void *ctx)
{
	(void)ctx;	/* the keys are drained after every loop pass */
}

static void
on_signal_fd(void *ctx)
{
	struct app *a = ctx;
	unsigned sig = term_take_signals();

	if (sig & TERM_SIG_QUIT)
		a->quit = true;
	if (sig & TERM_SIG_RESIZE)
		a->dirty = true;
}

static void
on_tick(void *ctx)
{
	struct app *a = ctx;

	a->tick_armed = false;
	a->dirty = true;
}

/* ===================================================================== Drawing */

static void
draw_header(struct app *a, const struct canvas *c)
{
	const struct session_result *r = client_result(a->client);
	enum client_state st = client_state(a->client);
	char line[512], state[96];
	int x = 0;

	draw_fill(c, 0, EL_TITLE);
	snprintf(line, sizeof(line), " openclaw-console  %s", a->me.url);
	x += draw_text(c, 0, x, EL_TITLE, line, width_of(line), ALIGN_LEFT);
	if (r->server_version[0]) {
		snprintf(line, sizeof(line), "  gateway %s", r->server_version);
		x += draw_text(c, 0, x, EL_TITLE, line, width_of(line), ALIGN_LEFT);
	}
	if (st == CLIENT_READY) {
		snprintf(state, sizeof(state), "connected");
	} else if (st == CLIENT_BACKOFF || st == CLIENT_PAIRING) {
		int64_t left = client_next_attempt_ms(a->client) - evloop_now_ms();

		snprintf(state, sizeof(state), "reconnecting in %llds",
			 (long long)(left > 0 ? (left + 999) / 1000 : 0));
	} else {
		snprintf(state, sizeof(state), "%s", client_state_name(st));
	}
	if (c->w - x > width_of(state) + 2)
		draw_text(c, 0, c->w - width_of(state) - 1, st == CLIENT_READY ? EL_TITLE : EL_STATUS_WARN,
			  state, width_of(state), ALIGN_LEFT);
	if (pairing_badge(a, line, sizeof(line)) && c->w - x > width_of(state) + width_of(line) + 5)
		draw_text(c, 0, c->w - width_of(state) - width_of(line) - 3, EL_STATUS_WARN, line,
			  width_of(line), ALIGN_LEFT);
	/* row 1: granted scopes, with pairing and admin highlighted */
	draw_fill(c, 1, EL_DEFAULT);
	x = draw_text(c, 1, 0, EL_LABEL, " scopes: ", 9, ALIGN_LEFT);
	if (!r->grant_known && r->outcome == SESSION_OK)
		draw_text(c, 1, x, EL_DIM, "(unknown: this gateway does not say)", 0, ALIGN_LEFT);
	else if (!r->n_scopes)
		draw_text(c, 1, x, EL_DIM, "(none)", 0, ALIGN_LEFT);
	for (size_t i = 0; i < r->n_scopes && x < c->w; i++) {
		enum scope_weight wgt = scopes_weight(r->scopes[i]);
		enum element el = wgt == SCOPE_ADMIN ? EL_SCOPE_ADMIN :
				  wgt == SCOPE_PAIRING ? EL_SCOPE_PAIRING : EL_SCOPE;

		x += draw_text(c, 1, x, el, r->scopes[i], width_of(r->scopes[i]), ALIGN_LEFT);
		x += draw_text(c, 1, x, EL_DEFAULT, " ", 1, ALIGN_LEFT);
	}
}

static void
draw_tabs(struct app *a, const struct canvas *c, int row)
{
	int x = 0;

	draw_fill(c, row, EL_TAB);
	a->tab_row = row;	/* for mouse clicks */
	for (size_t i = 0; i < views_count; i++) {
		char tab[64];

		snprintf(tab, sizeof(tab), " %zu %s ", i + 1, a->views[i].ops->title);
		x += draw_text(c, row, x, i == a->cur ? EL_TAB_ACTIVE : EL_TAB, tab, width_of(tab), ALIGN_LEFT);
		if (i < sizeof(a->tab_end) / sizeof(a->tab_end[0]))
			a->tab_end[i] = x;
		x += draw_text(c, row, x, EL_TAB, " ", 1, ALIGN_LEFT);
	}
}

static void
draw_status(struct app *a, const struct canvas *c, int row)
{
	struct view *v = cur_view(a);
	char line[512], full_caps[512];
	enum client_state st = client_state(a->client);

	draw_fill(c, row, EL_STATUS);
	if (a->status[0]) {
		draw_text(c, row, 0, a->status_el, a->status, 0, ALIGN_LEFT);
		return;
	}
	if (st != CLIENT_READY && client_error(a->client)[0]) {
		draw_text(c, row, 0, EL_STATUS_WARN, client_error(a->client), 0, ALIGN_LEFT);
		return;
	}
	snprintf(line, sizeof(line), "%zu row%s%s%s%s%s%s", v->rv.n, v->rv.n == 1 ? "" : "s",
		 v->rv.filter[0] ? "  filter: " : "", v->rv.filter,
		 v->ops != &conns_view_ops ? "" :
		 v->rv.live_only ? "  (live only, a: all)" : "  (including disconnected)",
		 view_sort_name(v) ? "  sort: " : "", view_sort_name(v) ? view_sort_name(v) : "");
	draw_text(c, row, 0, EL_STATUS, line, 0, ALIGN_LEFT);
	/* Our own caps first (a hostile gateway's lists), then the gateway's: say who left rows out. */
	if (model_caps_describe(&a->model, full_caps, sizeof(full_caps))) {
		draw_text(c, row, (int)strlen(line) + 2, EL_STATUS_WARN, full_caps, 0, ALIGN_LEFT);
	} else if (v->ops == &conns_view_ops && model_presence_full(&a->model)) {
		char full[128];

		snprintf(full, sizeof(full), "the gateway lists only its %d freshest connections; "
			 "some may be missing", MODEL_GATEWAY_PRESENCE_MAX);
		draw_text(c, row, (int)strlen(line) + 2, EL_STATUS_WARN, full, 0, ALIGN_LEFT);
	}
}

static void
draw_hints(struct app *a, const struct canvas *c, int row, const char *keymap)
{
	char hints[512];

	if (a->prompt.open) {
		prompt_draw(&a->prompt, c, row);
		return;
	}
	keys_hints(keymap, hints, sizeof(hints));
	draw_fill(c, row, EL_HINT);
	draw_text(c, row, 0, EL_HINT, hints, 0, ALIGN_LEFT);
}

static void
render(struct app *a)
{
	int lines = LINES, cols = COLS;
	struct canvas all = { 0, 0, lines, cols };

	erase();
	a->tab_row = -1;	/* until draw_tabs says where it is */
	if (cols < MIN_COLS || lines < MIN_LINES) {
		char msg[64];

		snprintf(msg, sizeof(msg), "terminal too small (%dx%d, need %dx%d)", cols, lines,
			 MIN_COLS, MIN_LINES);
		if (lines > 0 && cols > 0)
			draw_text(&all, 0, 0, EL_STATUS_WARN, msg, 0, ALIGN_LEFT);
	} else if (a->help_open) {
		view_help_draw(a, lines, cols);
	} else if (screen_pairing_draw(a, lines, cols)) {
		draw_hints(a, &all, lines - 1, "pairing-screen");
	} else {
		struct view *v = cur_view(a);
		struct canvas body = draw_sub(&all, 3, lines - 5);

		draw_header(a, &all);
		draw_tabs(a, &all, 2);
		v->ops->draw(v, &body);
		draw_status(a, &all, lines - 2);
		draw_hints(a, &all, lines - 1, v->ops->name);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static bool
needs_tick(struct app *a)
{
	enum client_state st = client_state(a->client);
	struct view *v = cur_view(a);

	if (st == CLIENT_BACKOFF || st == CLIENT_PAIRING || st == CLIENT_CONNECTING ||
	    st == CLIENT_HANDSHAKE)
		return true;
	return !a->help_open && v->ops->wants_tick && v->ops->wants_tick(v);
}

/* ===================================================================== Input */

static void
switch_view(struct app *a, size_t i)
{
	if (i >= views_count) {
		app_status(a, EL_STATUS_WARN, "no view %zu (there %s %zu)", i + 1,
			   views_count == 1 ? "is" : "are", views_count);
		return;
	}
	a->cur = i;
	a->dirty = true;
}

static void
move_cursor(struct view *v, long delta, bool absolute)
{
	long n = (long)v->rv.n, s = absolute ? delta : (long)v->pos.sel + delta;

	if (s >= n)
		s = n - 1;
	if (s < 0)
		s = 0;
	v->pos.sel = (size_t)s;
}

static void run_command(struct app *a, const char *line);

static void
do_action(struct app *a, enum action act)
{
	struct view *v = cur_view(a);
	long page = v->pos.page > 1 ? v->pos.page - 1 : 1;

	a->dirty = true;
	if (v->ops->handle && !screen_pairing_active(a))
		act = v->ops->handle(v, act);
	switch (act) {
	case ACT_NONE: break;
	case ACT_UP: move_cursor(v, -1, false); break;
	case ACT_DOWN: move_cursor(v, 1, false); break;
	case ACT_PAGE_UP: move_cursor(v, -page, false); break;
	case ACT_PAGE_DOWN: move_cursor(v, page, false); break;
	case ACT_FIRST: move_cursor(v, 0, true); break;
	case ACT_LAST: move_cursor(v, (long)v->rv.n - 1, true); break;
	case ACT_NEXT_VIEW: switch_view(a, (a->cur + 1) % views_count); break;
	case ACT_PREV_VIEW: switch_view(a, (a->cur + views_count - 1) % views_count); break;
	case ACT_VIEW_1: case ACT_VIEW_2: case ACT_VIEW_3: case ACT_VIEW_4:
		switch_view(a, (size_t)(act - ACT_VIEW_1));
		break;
	case ACT_DETAILS: v->detail = !v->detail; break;
	case ACT_FILTER: prompt_begin(&a->prompt, '/', v->rv.filter); break;
	case ACT_SORT:
		if (v->ops->table) {
			v->rv.sort_col = tw_sort_next(v->ops->table(v), &v->rv, &v->pos);
			view_rebuild(v);
		}
		break;
	case ACT_SORT_REVERSE:
		v->rv.descending = !v->rv.descending;
		view_rebuild(v);
		break;
	case ACT_TOGGLE_ALL:
		v->rv.live_only = !v->rv.live_only;
		view_rebuild(v);
		break;
	case ACT_REFRESH:
		app_reload(a);
		if (client_state(a->client) == CLIENT_READY)
			app_status(a, EL_STATUS_OK, "refreshing");
		break;
	case ACT_PROMPT: prompt_begin(&a->prompt, ':', NULL); break;
	case ACT_BACK:
		if (a->help_open)
			a->help_open = false;
		else if (v->detail)
			v->detail = false;
		else if (v->rv.filter[0]) {
			v->rv.filter[0] = '\0';
			view_rebuild(v);
		}
		break;
	case ACT_RETRY:
		if (client_state(a->client) == CLIENT_READY)
			app_status(a, EL_STATUS, "already connected");
		else
			client_retry_now(a->client);
		break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	case ACT_HELP:
		a->help_open = !a->help_open;
		a->help_top = 0;
		break;
	case ACT_QUIT: a->quit = true; break;
	case ACT_TRUST_THIS:
		if (v->rv.kind == ROWS_PENDING)
			trusted_view_prefill(a, view_selected(v));
		break;
	case ACT_TRUST_ADD: case ACT_TRUST_EDIT: case ACT_TRUST_REMOVE: case ACT_TRUST_POLICY: break;
	case ACT_PAIR_APPROVE: case ACT_PAIR_REJECT: case ACT_PAIR_REMOVE: case ACT_PAIR_REVOKE:
	case ACT_PAIR_SECTION: case ACT_PAIR_CONFIRM: case ACT_PAIR_CONFIRM_STRONG: break;	/* pairing view */
	case ACT_COUNT: break;
	}
}

static void
run_command(struct app *a, const char *line)
{
	char cmd[64] = "", arg[200] = "";
	struct view *v = cur_view(a);
	enum action act;

	if (sscanf(line, " %63s %199[^\n]", cmd, arg) < 1)
		return;
	if (strcmp(cmd, "q") == 0 || strcmp(cmd, "q!") == 0) {
		a->quit = true;
	} else if (strcmp(cmd, "view") == 0) {
		for (size_t i = 0; i < views_count; i++)
			if (strcmp(a->views[i].ops->name, arg) == 0 ||
			    strcasecmp(a->views[i].ops->title, arg) == 0) {
				switch_view(a, i);
				return;
			}
		app_status(a, EL_STATUS_ERROR, "unknown view \"%s\"", arg);
	} else if (strcmp(cmd, "sort") == 0) {
		size_t len = strlen(arg);
		bool desc = len > 0 && arg[len - 1] == '-';
		int col;

		if (desc)
			arg[len - 1] = '\0';
		col = v->ops->table ? tw_column_find(v->ops->table(v), arg) : -1;
		if (col < 0 && arg[0]) {
			app_status(a, EL_STATUS_ERROR, "unknown column \"%s\"", arg);
			return;
		}
		v->rv.sort_col = col;
		v->rv.descending = desc;
		view_rebuild(v);
	} else if (strcmp(cmd, "filter") == 0) {
		snprintf(v->rv.filter, sizeof(v->rv.filter), "%s", arg);
		view_rebuild(v);
	} else if ((act = action_find(cmd)) != ACT_NONE) {
		do_action(a, act);
	} else {
		app_status(a, EL_STATUS_ERROR, "unknown command \"%s\", press ? for help", cmd);
	}
}

static void
handle_mouse(struct app *a)
{
	MEVENT me;
	struct view *v = cur_view(a);

	if (getmouse(&me) != OK || a->help_open || screen_pairing_active(a))
		return;
	if (me.y == a->tab_row) {	/* a click on a tab opens its view */
		for (size_t i = 0; i < views_count && i < sizeof(a->tab_end) / sizeof(a->tab_end[0]); i++)
			if (me.x < a->tab_end[i]) {
				switch_view(a, i);
				break;
			}
		return;
	}
	if (v->pos.first_row_y < 0)
		return;
	if (me.y >= v->pos.first_row_y && me.y < v->pos.first_row_y + v->pos.page) {
		size_t row = v->pos.top + (size_t)(me.y - v->pos.first_row_y);

		if (row < v->rv.n)
			v->pos.sel = row;
		a->dirty = true;
	}
}

/* One key from term_read_key(): a tui/keys.h code or a TERM_KEY_* event. */
static void
handle_key(struct app *a, int code)
{
	enum action act;
	const char *keymap;
	char name[32];

	if (code == TERM_KEY_RESIZE) {
		a->dirty = true;
		return;
	}
	if (code == TERM_KEY_MOUSE) {
		handle_mouse(a);
		return;
	}
	a->status[0] = '\0';
	a->dirty = true;
	if (a->prompt.open) {
		struct view *v = cur_view(a);
		char prefix = a->prompt.prefix;
		enum prompt_result r = prompt_key(&a->prompt, code);

		if (prefix == '/') {
			/* live filter: every keystroke narrows the table; Esc clears it */
			snprintf(v->rv.filter, sizeof(v->rv.filter), "%s",
				 r == PROMPT_CANCEL ? "" : a->prompt.buf);
			view_rebuild(v);
		} else if (prefix != ':' && v->ops->prompt_done) {
			if (r != PROMPT_EDITING)
				v->ops->prompt_done(v, r == PROMPT_DONE ? a->prompt.buf : NULL);
		} else if (r == PROMPT_DONE) {
			run_command(a, a->prompt.buf);
		}
		return;
	}
	if (a->help_open) {
		keymap = "help";
		act = keys_lookup(keymap, code);
		if (act == ACT_UP || act == ACT_DOWN || act == ACT_PAGE_UP || act == ACT_PAGE_DOWN ||
		    act == ACT_FIRST || act == ACT_LAST) {
			int n = view_help_lines(a), step = LINES > 4 ? LINES - 3 : 1;

			a->help_top += act == ACT_UP ? -1 : act == ACT_DOWN ? 1 :
				       act == ACT_PAGE_UP ? -step : act == ACT_PAGE_DOWN ? step :
				       act == ACT_FIRST ? -n : n;
			if (a->help_top > n - 1)
				a->help_top = n - 1;
			if (a->help_top < 0)
				a->help_top = 0;
			return;
		}
		if (act == ACT_BACK || act == ACT_HELP) {
			a->help_open = false;
			return;
		}
		if (act == ACT_QUIT) {
			a->quit = true;
			return;
		}
		a->help_open = false;	/* any other key closes the overlay and acts */
	}
	keymap = screen_pairing_active(a) ? "pairing-screen" : cur_view(a)->ops->name;
	act = keys_lookup(keymap, code);
	if (screen_pairing_active(a) && act != ACT_RETRY && act != ACT_QUIT && act != ACT_HELP &&
	    act != ACT_REDRAW && act != ACT_BACK)
		act = ACT_NONE;
	if (act == ACT_NONE) {
		if (code != KEYC_ESC)
			app_status(a, EL_STATUS_WARN, "Unknown key %s, press ? for help",
				   keys_name(code, name, sizeof(name)));
		return;
	}
	do_action(a, act);
}

/* ===================================================================== Setup */

static int
app_open(struct app *a, const struct opts *opts)
{
	struct oc_err err = { "" };
	struct client_config cfg;
	int rc;
	static const struct client_handlers handlers = { on_state, on_event, on_log, on_warn };

	a->opts = opts;
	rc = console_me_setup(&a->me, opts, "openclaw-tui", "ui", &cfg);
	if (rc != EXIT_OK)
		return rc;
	cfg.reconnect = true;
	cfg.wait_pairing = true;
	a->loop = evloop_new_for_url(a->me.url, &err);
	if (!a->loop) {
		cli_errorf("%s", err.msg);
		return EXIT_RUNTIME;
	}
	a->client = client_new(a->loop, &cfg, &handlers, a, &err);
	if (!a->client) {
		cli_errorf("%s", err.msg);
		return EXIT_RUNTIME;
	}
	a->tick = evloop_timer_new(a->loop, on_tick, a);
	a->refresh = evloop_timer_new(a->loop, on_refresh, a);
	a->views = calloc(views_count, sizeof(*a->views));
	if (!a->tick || !a->views) {
		cli_errorf("out of memory");
		return EXIT_RUNTIME;
	}
	for (size_t i = 0; i < views_count; i++) {
		a->views[i].ops = views_all[i];
		a->views[i].app = a;
		a->views[i].rv.kind = views_all[i]->kind;
		a->views[i].rv.sort_col = -1;
		a->views[i].pos.first_row_y = -1;
		if (views_all[i]->init)
			views_all[i]->init(&a->views[i]);
	}
	if (reject_view_start(a) < 0 || trusted_view_start(a) < 0) {
		cli_errorf("out of memory");
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

static void
app_close(struct app *a)
{
	reject_view_stop(a);
	trusted_view_stop(a);
	if (a->views)
		for (size_t i = 0; i < views_count; i++)
			rows_view_free(&a->views[i].rv);
	free(a->views);
	evloop_timer_free(a->tick);
	evloop_timer_free(a->refresh);
	client_free(a->client);
	evloop_free(a->loop);
	model_free(&a->model);
	console_me_free(&a->me);
}

int
app_run(const struct opts *opts)
{
	struct app a;
	struct oc_err theme_err = { "" };
	int rc, sigfd;

	memset(&a, 0, sizeof(a));
	if (theme_load(opts->theme, config_current.dir, &theme_err) < 0) {
		cli_errorf("%s", theme_err.msg);	/* before curses: one line, exit 2 */
		return EXIT_USAGE;
	}
	rc = app_open(&a, opts);
	if (rc != EXIT_OK) {
		app_close(&a);
		return rc;
	}
	sigfd = term_start(false);
	if (sigfd < 0) {
		app_close(&a);
		return EXIT_RUNTIME;
	}
	if (evloop_watch_fd(a.loop, dup(STDIN_FILENO), on_tty, &a) < 0 ||
	    evloop_watch_fd(a.loop, sigfd, on_signal_fd, &a) < 0) {
		term_stop();
		cli_errorf("cannot watch the terminal");
		app_close(&a);
		return EXIT_RUNTIME;
	}
	client_start(a.client);
	a.dirty = true;
	while (!a.quit) {
		int code;

		if (a.dirty) {
			render(&a);
			a.dirty = false;
		}
		if (!a.tick_armed && needs_tick(&a)) {
			evloop_timer_set(a.tick, 1000);
			a.tick_armed = true;
		}
		if (evloop_run_once(a.loop) < 0) {
			a.exit_code = EXIT_RUNTIME;
			break;
		}
		if (term_take_signals() & TERM_SIG_QUIT)
			a.quit = true;
		/* drain every pending key (whole characters) before the next wait */
		while (!a.quit && (code = term_read_key()) != TERM_KEY_NONE)
			handle_key(&a, code);
	}
	term_stop();
	rc = a.exit_code;
	app_close(&a);
	return rc;
}
