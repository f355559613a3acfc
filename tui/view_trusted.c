/* Trusted: the trusted-services allowlist (auth/trusted.h: add, edit ceiling/expiry/note,
 * remove with confirmation; saved atomically under the lock), the gateway's own pairing
 * policy (config.get; edited with config.patch guarded by baseHash, needs
 * operator.admin), the requests the in-console agent flagged, and the agent itself:
 * pending requests within an entry's ceiling are approved while the console runs. */
#include "tui/view_trusted.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/agent.h"
#include "auth/err.h"
#include "auth/paths.h"
#include "auth/release.h"
#include "auth/scopes.h"
#include "auth/trusted.h"
#include "net/client.h"
#include "net/frame.h"
#include "net/gwcall.h"
#include "net/model.h"
#include "net/text.h"
#include "tui/app.h"
#include "tui/autoapprove.h"
#include "tui/cli.h"
#include "tui/fields.h"
#include "tui/view.h"
#include "tui/width.h"

#define TV_LOCK_WAIT_MS 2000
#define TV_PROMPT '>'

enum tv_step {
	TV_IDLE,
	TV_ADD_NAME, TV_ADD_ID, TV_ADD_SCOPES, TV_ADD_EXPIRY, TV_ADD_NOTE,
	TV_EDIT_SCOPES, TV_EDIT_EXPIRY, TV_EDIT_NOTE,
	TV_REMOVE_CONFIRM,
	TV_POLICY_LOCAL, TV_POLICY_CIDRS,
};

static struct {
	struct app *a;
	bool started;
	char config_dir[4096];
	struct autoapprove aa;
	enum tv_step step;
	struct trusted_entry draft;
	char target[65];		/* entry being edited or removed */
	/* the gateway pairing policy */
	struct gw_policy pol;		/* as read; valid while pol_loaded */
	bool pol_loaded, pol_loading;
	char pol_cidrs[300];		/* pol's CIDRs, sanitised, for drawing and the form */
	char pol_hash[160];		/* pol's hash, sanitised, for drawing */
	char pol_error[300];
	bool pol_new_local;
} tv;

/* ===================================================================== Status */

static void
tv_report(void *ctx, bool ok, const char *msg)
{
	struct app *a = ctx;

	app_status(a, ok ? EL_STATUS_OK : EL_STATUS_WARN, "%s", msg);
}

static void
tv_rebuild_views(struct app *a)
{
	for (size_t i = 0; a->views && i < views_count; i++)
		if (a->views[i].ops == &trusted_view_ops)
			view_rebuild(&a->views[i]);
	a->dirty = true;
}

static bool
tv_granted(const struct app *a, const char *scope)
{
	const struct session_result *r = client_result(a->client);
	const char *list[SESSION_MAX_SCOPES];

	if (!r->grant_known && r->outcome == SESSION_OK)
		return true;	/* an old release did not say: the gateway decides */
	for (size_t i = 0; i < r->n_scopes; i++)
		list[i] = r->scopes[i];
	return scopes_list_satisfies(list, r->n_scopes, scope);
}

/* Does the connected gateway's release have this pairing-policy key? */
static bool
tv_supports(const struct app *a, const char *key)
{
	char full[80];

	snprintf(full, sizeof(full), "gateway.nodes.pairing.%s", key);
	return release_has_setting(release_find(client_result(a->client)->server_version, NULL), full);
}

/* ===================================================================== Agent */

int
trusted_view_start(struct app *a)
{
	struct oc_err err = { "" };
	const struct autoapprove_hooks hooks = { tv_report, NULL, a };

	tv.a = a;
	if (paths_config_dir(a->opts ? a->opts->config_dir : NULL, tv.config_dir, sizeof(tv.config_dir),
			     &err) < 0 ||
	    autoapprove_init(&tv.aa, tv.config_dir, a->me.state_dir, &hooks, &err) < 0) {
		app_status(a, EL_STATUS_ERROR, "trusted services: %s", err.msg);
		tv.config_dir[0] = '\0';
		return 0;
	}
	if (tv.aa.file_bad)
		app_status(a, EL_STATUS_ERROR, "%s; the agent approves nothing until it is fixed",
			   tv.aa.file_error);
	tv.started = true;
	return 0;
}

void
trusted_view_on_model(struct app *a, unsigned changed)
{
	if (!tv.started || (changed && !(changed & (MODEL_CHANGED_PENDING | MODEL_CHANGED_NEW_REQUEST))))
		return;
	if (client_state(a->client) != CLIENT_READY)
		return;
	autoapprove_run(&tv.aa, a->client, &a->model, app_now());
	tv_rebuild_views(a);
}

void
trusted_view_stop(struct app *a)
{
	(void)a;
	if (!tv.started)
		return;
	autoapprove_free(&tv.aa);
	gw_policy_free(&tv.pol);
	tv.started = false;
}

/* ===================================================================== Saving */

enum tv_edit { TV_DO_ADD, TV_DO_UPDATE, TV_DO_REMOVE };

/* Load, change and save the allowlist under its lock.  Reports on the status line. */
static int
tv_save(struct app *a, enum tv_edit what, const struct trusted_entry *e, const char *name)
{
	struct trusted_list l = { NULL, 0 };
	struct oc_err err = { "" };
	struct trusted_entry *cur;
	int lock, rc = -1;

	if (!tv.started) {
		app_status(a, EL_STATUS_ERROR, "trusted services: no config directory");
		return -1;
	}
	lock = trusted_lock(tv.config_dir, TV_LOCK_WAIT_MS, &err);
	if (lock < 0) {
		app_status(a, EL_STATUS_ERROR, "%s", err.msg);
		return -1;
	}
	if (trusted_load(tv.aa.trusted_path, &l, &err) < 0)
		goto out;
	if (what == TV_DO_ADD) {
		if (trusted_add(&l, e, &err) < 0)
			goto out;
	} else if (what == TV_DO_REMOVE) {
		if (!trusted_remove(&l, name)) {
			oc_errf(&err, "no trusted service named \"%s\"", name);
			goto out;
		}
	} else {
		struct trusted_entry copy = *e;

		cur = trusted_find(&l, name);
		if (!cur) {
			oc_errf(&err, "no trusted service named \"%s\" (removed meanwhile?)", name);
			goto out;
		}
		if (trusted_validate_entry(&copy, &err) < 0)
			goto out;
		*cur = copy;
	}
	if (trusted_save(tv.aa.trusted_path, &l, &err) < 0)
		goto out;
	rc = 0;
out:
	trusted_unlock(lock);
	trusted_free(&l);
	if (rc < 0) {
		app_status(a, EL_STATUS_ERROR, "not saved: %s", err.msg);
	} else {
		autoapprove_reload(&tv.aa, true);
		app_status(a, EL_STATUS_OK, "%s %s (saved %s)", what == TV_DO_ADD ? "added" :
			   what == TV_DO_REMOVE ? "removed" : "updated", what == TV_DO_REMOVE ? name : e->name,
			   TRUSTED_FILE);
		autoapprove_run(&tv.aa, a->client, &a->model, app_now());
	}
	tv_rebuild_views(a);
	return rc;
}

/* ===================================================================== Policy */

/* Keep the policy read from a config.get result and its sanitised forms for drawing. */
static void
tv_policy_take(const json_t *res)
{
	size_t n = 0;

	gw_policy_free(&tv.pol);
	if (gw_policy_parse(res, &tv.pol) < 0) {
		snprintf(tv.pol_error, sizeof(tv.pol_error), "%s: out of memory",
			 gw_op_method(GW_OP_CONFIG_GET));
		tv.pol_loaded = false;
		return;
	}
	tv.pol_cidrs[0] = '\0';
	for (size_t i = 0; i < tv.pol.n_cidrs; i++) {
		char buf[80];

		if (!tv.pol.cidrs[i])
			continue;
		text_sanitize(tv.pol.cidrs[i], buf, sizeof(buf));
		n += (size_t)snprintf(tv.pol_cidrs + n, sizeof(tv.pol_cidrs) - n, "%s%s", n ? "," : "", buf);
		if (n >= sizeof(tv.pol_cidrs))
			break;
	}
	text_sanitize(tv.pol.hash, tv.pol_hash, sizeof(tv.pol_hash));
	tv.pol_loaded = true;
	tv.pol_error[0] = '\0';
}

static void
tv_on_config(void *ctx, const struct frame *res, const char *failure)
{
	struct app *a = ctx;

	tv.pol_loading = false;
	if (!tv.started)
		return;		/* the console is closing */
	if (res && res->ok && json_is_object(res->payload)) {
		tv_policy_take(res->payload);
	} else {
		char why[300];

		frame_describe_failure(res, failure, why, sizeof(why));
		snprintf(tv.pol_error, sizeof(tv.pol_error), "%s: %s", gw_op_method(GW_OP_CONFIG_GET), why);
	}
	a->dirty = true;
}

static void
tv_policy_load(struct app *a)
{
	if (tv.pol_loading || client_state(a->client) != CLIENT_READY)
		return;
	if (gw_policy_get(a->client, tv_on_config, a) == 0)
		tv.pol_loading = true;
}

static void
tv_on_patch(void *ctx, const struct frame *res, const char *failure)
{
	struct app *a = ctx;

	if (!tv.started)
		return;		/* the console is closing */
	if (res && res->ok && json_is_object(res->payload)) {
		app_status(a, EL_STATUS_OK, "updated the gateway pairing policy");
		tv.pol_loaded = false;
		tv_policy_load(a);
		return;
	} else {
		char why[300];

		frame_describe_failure(res, failure, why, sizeof(why));
		if (strstr(why, "changed since"))
			app_status(a, EL_STATUS_ERROR, "policy NOT saved: the gateway config changed since it "
				   "was read (%s); press r to re-read, then edit again", why);
		else
			app_status(a, EL_STATUS_ERROR, "policy NOT saved: %s: %s",
				   gw_op_method(GW_OP_CONFIG_PATCH), why);
	}
	tv.pol_loaded = false;
	tv_policy_load(a);
}

/* Patch both switches: autoApproveLocal from the first form step, the CIDRs typed here. */
static void
tv_policy_save(struct app *a, const char *cidrs_text)
{
	/* a release without autoApproveLocal (before 2026.8.2) is sent only the CIDRs */
	struct gw_policy_edit e = { .set_local = tv_supports(a, "autoApproveLocal"), .local = tv.pol_new_local,
				     .cidrs = NULL };
	struct oc_err err = { "" };
	json_t *params;

	if (gw_policy_edit_cidrs(&e, cidrs_text, ", ", &err) < 0) {
		app_status(a, EL_STATUS_ERROR, "%s", err.msg);
		return;
	}
	params = gw_policy_patch_params(&tv.pol, &e, NULL, "openclaw-console Trusted view", NULL);
	gw_policy_edit_free(&e);
	if (!params) {
		app_status(a, EL_STATUS_ERROR, "out of memory");
		return;
	}
	if (gw_policy_patch(a->client, params, tv_on_patch, a) < 0)
		app_status(a, EL_STATUS_ERROR, "policy NOT saved: not connected");
	else
		app_status(a, EL_STATUS, "saving the gateway pairing policy (baseHash %.12s…)",
			   release_hash_digest(tv.pol_hash));
}

/* ===================================================================== Forms */

static void
tv_ask(struct app *a, enum tv_step step, const char *initial)
{
	tv.step = step;
	prompt_begin(&a->prompt, TV_PROMPT, initial);
	a->dirty = true;
}

static const char *
tv_step_label(enum tv_step s)
{
	switch (s) {
	case TV_ADD_NAME: return "add 1/5  name (letters, digits, . _ -)";
	case TV_ADD_ID: return "add 2/5  device id (64 hex: pinned) or client id[/mode] (UNPINNED, loopback only, weaker)";
	case TV_ADD_SCOPES: return "add 3/5  scope ceiling (comma list, e.g. operator.read,operator.write)";
	case TV_ADD_EXPIRY: return "add 4/5  expiry (YYYY-MM-DD or ISO time; empty = never)";
	case TV_ADD_NOTE: return "add 5/5  note (optional)";
	case TV_EDIT_SCOPES: return "edit 1/3  scope ceiling (comma list)";
	case TV_EDIT_EXPIRY: return "edit 2/3  expiry (YYYY-MM-DD or ISO time; empty = never)";
	case TV_EDIT_NOTE: return "edit 3/3  note";
	case TV_REMOVE_CONFIRM: return "remove: type y and Enter to confirm, Esc to keep it";
	case TV_POLICY_LOCAL: return "gateway policy 1/2  autoApproveLocal (true/false)";
	case TV_POLICY_CIDRS: return "gateway policy 2/2  autoApproveCidrs (comma list of IPs/CIDRs, or none)";
	case TV_IDLE: break;
	}
	return "";
}

static void
tv_scopes_str(const struct trusted_entry *e, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < e->n_scopes && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? "," : "", e->scopes[i]);
}

static void
tv_form_add_start(struct app *a, const struct trusted_entry *prefill)
{
	if (prefill)
		tv.draft = *prefill;
	else
		memset(&tv.draft, 0, sizeof(tv.draft));
	tv_ask(a, TV_ADD_NAME, tv.draft.name);
}

static void
tv_prompt_done(struct view *v, const char *typed)
{
	struct app *a = v->app;
	struct oc_err err = { "" };
	char buf[300], text[256];
	int n;

	if (!typed) {
		if (tv.step != TV_IDLE)
			app_status(a, EL_STATUS, "cancelled");
		tv.step = TV_IDLE;
		return;
	}
	snprintf(text, sizeof(text), "%s", typed);	/* typed is the prompt's buffer, reused below */
	switch (tv.step) {
	case TV_IDLE:
		return;
	case TV_ADD_NAME:
		snprintf(tv.draft.name, sizeof(tv.draft.name), "%s", text);
		if (tv.draft.device_id[0])
			tv_ask(a, TV_ADD_ID, tv.draft.device_id);
		else if (tv.draft.client_id[0]) {
			snprintf(buf, sizeof(buf), "%s%s%s", tv.draft.client_id, tv.draft.mode[0] ? "/" : "",
				 tv.draft.mode);
			tv_ask(a, TV_ADD_ID, buf);
		} else {
			tv_ask(a, TV_ADD_ID, NULL);
		}
		return;
	case TV_ADD_ID:
		tv.draft.device_id[0] = tv.draft.client_id[0] = tv.draft.mode[0] = '\0';
		if (trusted_is_device_id(text)) {
			snprintf(tv.draft.device_id, sizeof(tv.draft.device_id), "%s", text);
		} else {
			const char *slash = strchr(text, '/');

			snprintf(tv.draft.client_id, sizeof(tv.draft.client_id), "%.*s",
				 slash ? (int)(slash - text) : (int)strlen(text), text);
			if (slash)
				snprintf(tv.draft.mode, sizeof(tv.draft.mode), "%s", slash + 1);
		}
		tv_scopes_str(&tv.draft, buf, sizeof(buf));
		tv_ask(a, TV_ADD_SCOPES, tv.draft.n_scopes ? buf : "operator.read");
		return;
	case TV_ADD_SCOPES: case TV_EDIT_SCOPES:
		n = scopes_parse_list(text, tv.draft.scopes, TRUSTED_MAX_SCOPES);
		if (n <= 0) {
			app_status(a, EL_STATUS_ERROR, "expected a comma-separated list of scopes");
			tv_ask(a, tv.step, text);
			return;
		}
		tv.draft.n_scopes = (size_t)n;
		tv_ask(a, tv.step == TV_ADD_SCOPES ? TV_ADD_EXPIRY : TV_EDIT_EXPIRY, tv.draft.expires);
		return;
	case TV_ADD_EXPIRY: case TV_EDIT_EXPIRY:
		snprintf(tv.draft.expires, sizeof(tv.draft.expires), "%s", text);
		tv.draft.expires_ms = 0;
		if (text[0] && trusted_parse_expiry(text, &tv.draft.expires_ms) < 0) {
			app_status(a, EL_STATUS_ERROR, "bad expiry \"%s\": YYYY-MM-DD or an ISO time", text);
			tv_ask(a, tv.step, text);
			return;
		}
		tv_ask(a, tv.step == TV_ADD_EXPIRY ? TV_ADD_NOTE : TV_EDIT_NOTE, tv.draft.note);
		return;
	case TV_ADD_NOTE: case TV_EDIT_NOTE:
		snprintf(tv.draft.note, sizeof(tv.draft.note), "%s", text);
		if (trusted_validate_entry(&tv.draft, &err) < 0) {
			app_status(a, EL_STATUS_ERROR, "not saved: %s", err.msg);
		} else if (tv.step == TV_ADD_NOTE) {
			tv_save(a, TV_DO_ADD, &tv.draft, NULL);
		} else {
			tv_save(a, TV_DO_UPDATE, &tv.draft, tv.target);
		}
		tv.step = TV_IDLE;
		return;
	case TV_REMOVE_CONFIRM:
		tv.step = TV_IDLE;
		if (strcmp(text, "y") == 0 || strcmp(text, "yes") == 0)
			tv_save(a, TV_DO_REMOVE, NULL, tv.target);
		else
			app_status(a, EL_STATUS, "kept %s", tv.target);
		return;
	case TV_POLICY_LOCAL:
		if (strcmp(text, "true") && strcmp(text, "false")) {
			app_status(a, EL_STATUS_ERROR, "autoApproveLocal must be true or false");
			tv_ask(a, TV_POLICY_LOCAL, text);
			return;
		}
		tv.pol_new_local = strcmp(text, "true") == 0;
		tv_ask(a, TV_POLICY_CIDRS, tv.pol_cidrs[0] ? tv.pol_cidrs : "none");
		return;
	case TV_POLICY_CIDRS:
		tv.step = TV_IDLE;
		tv_policy_save(a, text);
		return;
	}
}

void
trusted_view_prefill(struct app *a, const struct pending_req *p)
{
	struct trusted_entry e;
	size_t k = 0;

	if (!p) {
		app_status(a, EL_STATUS_WARN, "no pending request selected");
		return;
	}
	memset(&e, 0, sizeof(e));
	/* a name from the display name or client id, in the allowed alphabet */
	for (const char *s = p->display_name && *p->display_name ? p->display_name :
		     p->client_id ? p->client_id : "service"; *s && k < 40; s++) {
		char ch = *s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '.' || ch == '_' || ch == '-')
			e.name[k++] = ch;
		else if (k && e.name[k - 1] != '-')
			e.name[k++] = '-';
	}
	if (p->device_id && trusted_is_device_id(p->device_id)) {
		snprintf(e.device_id, sizeof(e.device_id), "%s", p->device_id);
	} else {
		snprintf(e.client_id, sizeof(e.client_id), "%s", p->client_id ? p->client_id : "");
		snprintf(e.mode, sizeof(e.mode), "%s", p->client_mode ? p->client_mode : "");
	}
	for (size_t i = 0; i < p->scopes.n && e.n_scopes < TRUSTED_MAX_SCOPES; i++)
		snprintf(e.scopes[e.n_scopes++], sizeof(e.scopes[0]), "%s", p->scopes.v[i]);
	for (size_t i = 0; i < views_count; i++)
		if (a->views[i].ops == &trusted_view_ops)
			a->cur = i;
	tv_form_add_start(a, &e);
}

/* ===================================================================== The view */

#define E(r) ((const struct trusted_entry *)(r))

static size_t
tv_count(void *ctx)
{
	(void)ctx;
	return tv.aa.list.n;
}

static const void *
tv_row(void *ctx, size_t i)
{
	(void)ctx;
	return i < tv.aa.list.n ? &tv.aa.list.v[i] : NULL;
}

static const char *
tv_clean(const char *s, char *buf, size_t size)
{
	text_sanitize(s, buf, size);
	return buf;
}

static const char *
t_name(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	return tv_clean(E(r)->name, buf, size);
}

static const char *
t_kind(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now; (void)buf; (void)size;
	return E(r)->device_id[0] ? "pinned" : "UNPINNED";
}

static enum element
t_kind_el(const void *r, void *c, int64_t now)
{
	(void)c; (void)now;
	return E(r)->device_id[0] ? EL_DEFAULT : EL_STATUS_WARN;
}

static const char *
t_matches(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	char m[300];

	(void)c; (void)now;
	if (E(r)->device_id[0])
		snprintf(m, sizeof(m), "device %.16s", E(r)->device_id);
	else
		snprintf(m, sizeof(m), "client %s/%s (local)", E(r)->client_id, E(r)->mode[0] ? E(r)->mode : "*");
	return tv_clean(m, buf, size);
}

static const char *
t_ceiling(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	char m[600];

	(void)c; (void)now;
	tv_scopes_str(E(r), m, sizeof(m));
	return tv_clean(m, buf, size);
}

/* The ceiling's scopes, sanitised, as a vector for fields_draw_scopes. */
static size_t
tv_scope_vec(const struct trusted_entry *e, char store[][48], char **v)
{
	size_t n = 0;

	for (size_t i = 0; i < e->n_scopes && i < TRUSTED_MAX_SCOPES; i++) {
		text_sanitize(e->scopes[i], store[n], 48);
		v[n] = store[n];
		n++;
	}
	return n;
}

static int
t_ceiling_draw(const struct canvas *cv, int row, int x, int width, const void *r, void *c, enum element el)
{
	char store[TRUSTED_MAX_SCOPES][48], *v[TRUSTED_MAX_SCOPES];

	(void)c;
	return fields_draw_scopes(cv, row, x, width, v, tv_scope_vec(E(r), store, v), el);
}

static const char *
t_expires(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	char m[80];

	(void)c;
	snprintf(m, sizeof(m), "%s%s", E(r)->expires[0] ? E(r)->expires : "never",
		 trusted_is_expired(E(r), now) ? " EXPIRED" : "");
	return tv_clean(m, buf, size);
}

static int64_t
t_expires_num(const void *r, void *c)
{
	(void)c;
	return E(r)->expires_ms ? E(r)->expires_ms : INT64_MAX;
}

static enum element
t_expires_el(const void *r, void *c, int64_t now)
{
	(void)c;
	return trusted_is_expired(E(r), now) ? EL_STATUS_WARN : EL_DEFAULT;
}

static const char *
t_note(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	(void)c; (void)now;
	return tv_clean(E(r)->note, buf, size);
}

static const char *
t_search(const void *r, void *c, int64_t now, char *buf, size_t size)
{
	char m[400];

	(void)c; (void)now;
	snprintf(m, sizeof(m), "%s %s %s", E(r)->device_id, E(r)->client_id, E(r)->display_name);
	return tv_clean(m, buf, size);
}

static enum element
t_row_el(const void *r, void *c, int64_t now)
{
	(void)c;
	return trusted_is_expired(E(r), now) ? EL_ROW_GONE : EL_DEFAULT;
}

static const struct tw_col tv_cols[] = {
	{ .name = "name", .title = "NAME", .min = 10, .max = 24, .prio = TW_KEEP, .text = t_name },
	{ .name = "kind", .title = "KIND", .min = 8, .max = 9, .prio = 1, .text = t_kind, .cell_el = t_kind_el },
	{ .name = "matches", .title = "MATCHES", .min = 14, .max = 40, .prio = 2, .text = t_matches },
	{ .name = "ceiling", .title = "CEILING", .min = 14, .max = 60, .prio = TW_KEEP, .text = t_ceiling,
	  .draw = t_ceiling_draw },
	{ .name = "expires", .title = "EXPIRES", .min = 10, .max = 22, .prio = 1, .text = t_expires,
	  .num = t_expires_num, .cell_el = t_expires_el },
	{ .name = "note", .title = "NOTE", .min = 8, .max = 0, .prio = 3, .text = t_note },
};

static struct tw_table tv_table = {
	.cols = tv_cols, .ncols = sizeof(tv_cols) / sizeof(tv_cols[0]),
	.count = tv_count, .row = tv_row, .search = t_search, .row_el = t_row_el,
};

static const struct tw_table *
trusted_table(struct view *v)
{
	(void)v;
	tv_table.empty = tv.aa.file_bad ? tv.aa.file_error :
			 "no trusted services (a: add, or t on a request in the Pairing view)";
	return &tv_table;
}

static void
trusted_init(struct view *v)
{
	v->rv.sort_col = -1;
}

static const struct trusted_entry *
tv_selected(struct view *v)
{
	return view_selected(v);
}

/* The details of the selected entry (Enter). */
static void
tv_draw_details(struct view *v, const struct canvas *c)
{
	const struct trusted_entry *e = tv_selected(v);
	struct fields o;
	char store[TRUSTED_MAX_SCOPES][48], *sv[TRUSTED_MAX_SCOPES], buf[300];
	int64_t now = app_now();

	fields_begin(&o, c, "details");
	if (!e) {
		fields_add(&o, "", EL_DIM, "no entry selected");
		return;
	}
	fields_add(&o, "name", EL_DEFAULT, e->name);
	fields_add(&o, "kind", e->device_id[0] ? EL_DEFAULT : EL_STATUS_WARN, e->device_id[0] ?
		   "pinned to a device key" : "UNPINNED: matches a client id from loopback only (weaker)");
	if (e->device_id[0]) {
		fields_add(&o, "device", EL_DEFAULT, width_group(e->device_id, 8, buf, sizeof(buf)));
	} else {
		snprintf(buf, sizeof(buf), "%s / %s", e->client_id, e->mode[0] ? e->mode : "any mode");
		fields_add(&o, "client / mode", EL_DEFAULT, buf);
	}
	fields_add(&o, "display name", EL_DEFAULT, e->display_name[0] ? e->display_name : "any");
	fields_scopes(&o, "ceiling", sv, tv_scope_vec(e, store, sv));
	snprintf(buf, sizeof(buf), "%s%s", e->expires[0] ? e->expires : "never",
		 trusted_is_expired(e, now) ? " (EXPIRED: no longer applies)" : "");
	fields_add(&o, "expires", trusted_is_expired(e, now) ? EL_STATUS_WARN : EL_DEFAULT, buf);
	fields_add(&o, "note", EL_DEFAULT, e->note);
	fields_add(&o, "keys", EL_DIM, "e: edit  d: remove  Enter/Esc: close");
}

static void
tv_line(const struct canvas *c, int *row, enum element el, const char *label, const char *text)
{
	char clean[600];

	if (*row >= c->h)
		return;
	text_sanitize(text, clean, sizeof(clean));
	draw_fill(c, *row, EL_DEFAULT);
	if (label) {
		draw_text(c, *row, 1, EL_LABEL, label, 18, ALIGN_LEFT);
		draw_text(c, *row, 20, el, clean, 0, ALIGN_LEFT);
	} else {
		draw_text(c, *row, 1, el, clean, 0, ALIGN_LEFT);
	}
	(*row)++;
}

static void
trusted_draw(struct view *v, const struct canvas *c)
{
	int row, table_h, extra;
	struct canvas table;
	char buf[600];

	if (c->h <= 0)
		return;
	if (tv.started && autoapprove_reload(&tv.aa, false) > 0)
		view_rebuild(v);
	if (!tv.pol_loaded && !tv.pol_error[0])
		tv_policy_load(v->app);
	extra = 5 + (int)tv.aa.n_flags + (tv.step != TV_IDLE ? 2 : 0);
	table_h = c->h - extra;
	if (table_h > (int)v->rv.n + 2)
		table_h = (int)v->rv.n + 2;
	if (table_h < 3)
		table_h = c->h < 3 ? c->h : 3;
	table = draw_sub(c, 0, table_h);
	view_draw_table(v, &table);
	if (v->detail && c->h - table_h >= 4) {
		int form = tv.step != TV_IDLE ? 2 : 0;
		struct canvas det = draw_sub(c, table_h, c->h - table_h - form);

		tv_draw_details(v, &det);
		row = c->h - form;
		if (tv.step != TV_IDLE && row < c->h) {
			tv_line(c, &row, EL_PROMPT, "form", tv_step_label(tv.step));
			if (tv.step >= TV_EDIT_SCOPES && tv.step <= TV_REMOVE_CONFIRM)
				tv_line(c, &row, EL_DEFAULT, "entry", tv.target);
		}
		return;
	}
	row = table_h;
	if (row < c->h)
		draw_rule(c, row++, EL_FRAME);
	if (!tv.pol_loaded) {
		tv_line(c, &row, tv.pol_error[0] ? EL_STATUS_WARN : EL_DIM, "gateway policy",
			tv.pol_error[0] ? tv.pol_error : "reading (config.get)…");
	} else {
		const char *ver = client_result(v->app->client)->server_version;
		char local[96], cidrs[340];

		if (tv_supports(v->app, "autoApproveLocal"))
			snprintf(local, sizeof(local), "%s", tv.pol.local ? (tv.pol.local_set ? "true" : "true (default)")
									  : "false");
		else
			snprintf(local, sizeof(local), "not supported by this gateway (%s)", ver);
		if (tv_supports(v->app, "autoApproveCidrs"))
			snprintf(cidrs, sizeof(cidrs), "%s", tv.pol_cidrs[0] ? tv.pol_cidrs : "none");
		else
			snprintf(cidrs, sizeof(cidrs), "not supported by this gateway (%s)", ver);
		snprintf(buf, sizeof(buf), "autoApproveLocal %s   autoApproveCidrs %s   (p: edit, needs operator.admin)",
			 local, cidrs);
		tv_line(c, &row, EL_DEFAULT, "gateway policy", buf);
		tv_line(c, &row, EL_DIM, "config hash", tv.pol_hash);
	}
	snprintf(buf, sizeof(buf), "%s (audit log %s/%s)", tv.aa.file_bad ? "STOPPED: the allowlist is invalid" :
		 "approves pending requests within an entry's ceiling while the console runs",
		 v->app->me.state_dir, AGENT_AUDIT_FILE);
	tv_line(c, &row, tv.aa.file_bad ? EL_STATUS_ERROR : EL_DEFAULT, "agent", buf);
	for (size_t i = tv.aa.n_flags; i-- > 0;) {
		const struct autoapprove_flag *f = &tv.aa.flags[i];

		snprintf(buf, sizeof(buf), "%s %s entry %s: %s", f->request_id, f->who, f->entry, f->reason);
		tv_line(c, &row, EL_STATUS_WARN, "FLAGGED", buf);
	}
	if (tv.step != TV_IDLE && row < c->h) {
		tv_line(c, &row, EL_PROMPT, "form", tv_step_label(tv.step));
		if (tv.step >= TV_EDIT_SCOPES && tv.step <= TV_REMOVE_CONFIRM)
			tv_line(c, &row, EL_DEFAULT, "entry", tv.target);
	}
}

static enum action
trusted_handle(struct view *v, enum action act)
{
	struct app *a = v->app;
	const struct trusted_entry *e = tv_selected(v);

	switch (act) {
	case ACT_TRUST_ADD:
		tv_form_add_start(a, NULL);
		return ACT_NONE;
	case ACT_TRUST_EDIT:
		if (!e) {
			app_status(a, EL_STATUS_WARN, "no entry selected");
			return ACT_NONE;
		}
		tv.draft = *e;
		snprintf(tv.target, sizeof(tv.target), "%s", e->name);
		{
			char buf[300];

			tv_scopes_str(e, buf, sizeof(buf));
			tv_ask(a, TV_EDIT_SCOPES, buf);
		}
		return ACT_NONE;
	case ACT_TRUST_REMOVE:
		if (!e) {
			app_status(a, EL_STATUS_WARN, "no entry selected");
			return ACT_NONE;
		}
		snprintf(tv.target, sizeof(tv.target), "%s", e->name);
		tv_ask(a, TV_REMOVE_CONFIRM, NULL);
		return ACT_NONE;
	case ACT_TRUST_POLICY:
		if (client_state(a->client) != CLIENT_READY) {
			app_status(a, EL_STATUS_WARN, "not connected");
		} else if (!tv_granted(a, gw_op_scope(GW_OP_CONFIG_PATCH))) {
			app_status(a, EL_STATUS_ERROR, "editing the gateway pairing policy needs the %s scope",
				   gw_op_scope(GW_OP_CONFIG_PATCH));
		} else if (!tv.pol_loaded) {
			app_status(a, EL_STATUS_WARN, "the policy has not been read yet (r: re-read)");
			tv_policy_load(a);
		} else if (!tv_supports(a, "autoApproveCidrs")) {
			app_status(a, EL_STATUS_WARN, "this gateway (%s) has neither autoApproveLocal nor "
				   "autoApproveCidrs: nothing to edit", client_result(a->client)->server_version);
		} else if (!tv_supports(a, "autoApproveLocal")) {
			app_status(a, EL_STATUS, "autoApproveLocal is not supported by this gateway (%s)",
				   client_result(a->client)->server_version);
			tv_ask(a, TV_POLICY_CIDRS, tv.pol_cidrs[0] ? tv.pol_cidrs : "none");
		} else {
			tv_ask(a, TV_POLICY_LOCAL, tv.pol.local ? "true" : "false");
		}
		return ACT_NONE;
	case ACT_REFRESH:
		tv.pol_loaded = false;
		tv.pol_error[0] = '\0';
		tv_policy_load(a);
		if (tv.started)
			autoapprove_reload(&tv.aa, true);
		view_rebuild(v);
		return ACT_REFRESH;
	case ACT_TOGGLE_ALL:
		return ACT_NONE;
	default:
		return act;
	}
}

const struct view_ops trusted_view_ops = {
	.name = "trusted",
	.title = "Trusted",
	.model_mask = 0,
	.kind = ROWS_PRESENCE,	/* unused: the widget indexes the allowlist */
	.init = trusted_init,
	.draw = trusted_draw,
	.handle = trusted_handle,
	.table = trusted_table,
	.prompt_done = tv_prompt_done,
};
