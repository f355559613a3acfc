#include "tui/autoapprove.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth/agent.h"
#include "auth/err.h"
#include "auth/paths.h"
#include "net/client.h"
#include "net/evloop.h"
#include "net/frame.h"
#include "net/gwcall.h"
#include "net/gwop.h"
#include "net/model.h"
#include "net/rows.h"
#include "net/text.h"

#define AA_FORGET_MS 620000	/* unapproved request ids are forgotten after this */
/* Request ids remembered at most (issue #13.7: every list is capped): four times the
 * model's cap of pending requests, so the ids evicted first, those listed longest ago, are
 * never of a request still pending. */
#define AA_SEEN_MAX (4 * MODEL_MAX_PENDING)

struct autoapprove_seen {
	char id[72];
	char last[340];		/* "verdict|entry|reason" last reported */
	bool approved;		/* device.pair.approve was sent: never again */
	int64_t seen_ms;
};

struct aa_call {
	struct autoapprove *aa;
	char request_id[72], device_id[72], client_id[72], entry[65];
	char scopes[16][48];
	size_t n_scopes;
};

int
autoapprove_init(struct autoapprove *aa, const char *config_dir, const char *state_dir,
		 const struct autoapprove_hooks *hooks, struct oc_err *err)
{
	memset(aa, 0, sizeof(*aa));
	if (paths_join(aa->trusted_path, sizeof(aa->trusted_path), config_dir, TRUSTED_FILE) < 0 ||
	    paths_join(aa->audit_path, sizeof(aa->audit_path), state_dir, AGENT_AUDIT_FILE) < 0) {
		oc_errf(err, "config or state dir path too long");
		return -1;
	}
	if (hooks)
		aa->hooks = *hooks;
	autoapprove_reload(aa, true);
	return 0;
}

static void
aa_report(struct autoapprove *aa, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
aa_report(struct autoapprove *aa, bool ok, const char *fmt, ...)
{
	char raw[512], clean[512];
	va_list ap;

	if (!aa->hooks.report)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	text_sanitize(raw, clean, sizeof(clean));
	aa->hooks.report(aa->hooks.ctx, ok, clean);
}

static void aa_log(struct autoapprove *aa, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
aa_log(struct autoapprove *aa, const char *fmt, ...)
{
	char raw[1024], clean[1024];
	va_list ap;

	if (!aa->hooks.log)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	text_sanitize(raw, clean, sizeof(clean));
	aa->hooks.log(aa->hooks.ctx, clean);
}

int
autoapprove_reload(struct autoapprove *aa, bool force)
{
	struct stat st;
	struct oc_err err = { "" };
	bool exists = stat(aa->trusted_path, &st) == 0;
	int64_t mt = exists ? (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec : 0;

	if (!force && exists == aa->have_file &&
	    (!exists || (mt == aa->mtime_ns && (long long)st.st_size == aa->size)))
		return aa->file_bad ? -1 : 0;
	aa->have_file = exists;
	aa->mtime_ns = mt;
	aa->size = exists ? (long long)st.st_size : 0;
	if (trusted_load(aa->trusted_path, &aa->list, &err) < 0) {
		trusted_free(&aa->list);
		aa->file_bad = true;
		text_sanitize(err.msg, aa->file_error, sizeof(aa->file_error));
		aa_log(aa, "%s; approving nothing until it is fixed", aa->file_error);
		return -1;
	}
	aa->file_bad = false;
	aa->file_error[0] = '\0';
	if (exists)
		aa_log(aa, "loaded %zu trusted service(s) from %s", aa->list.n, aa->trusted_path);
	else
		aa_log(aa, "no %s yet: nothing will be approved until services are added "
		       "(openclaw-console trusted add)", aa->trusted_path);
	/* earlier verdicts are decided again on every run; only changed ones are logged and
	 * audited, so an unchanged flag is not written again after a reload */
	return 1;
}

static struct autoapprove_seen *
aa_seen_get(struct autoapprove *aa, const char *id, int64_t now)
{
	struct autoapprove_seen *v;

	for (size_t i = 0; i < aa->n_seen; i++)
		if (strcmp(aa->seen[i].id, id) == 0) {
			aa->seen[i].seen_ms = now;
			return &aa->seen[i];
		}
	for (size_t i = 0; i < aa->n_seen;)
		if (!aa->seen[i].approved && now - aa->seen[i].seen_ms > AA_FORGET_MS)
			aa->seen[i] = aa->seen[--aa->n_seen];
		else
			i++;
	if (aa->n_seen >= AA_SEEN_MAX) {
		size_t oldest = 0;

		for (size_t i = 1; i < aa->n_seen; i++)
			if (aa->seen[i].seen_ms < aa->seen[oldest].seen_ms)
				oldest = i;
		aa->seen[oldest] = aa->seen[--aa->n_seen];
	}
	v = realloc(aa->seen, (aa->n_seen + 1) * sizeof(*v));
	if (!v)
		return NULL;
	aa->seen = v;
	v = &aa->seen[aa->n_seen++];
	memset(v, 0, sizeof(*v));
	snprintf(v->id, sizeof(v->id), "%s", id);
	v->seen_ms = now;
	return v;
}

static void
aa_audit_failed(struct autoapprove *aa, const struct oc_err *err)
{
	aa_report(aa, false, "agent: audit log: %s", err->msg);
	aa_log(aa, "audit log: %s", err->msg);
}

static void
aa_on_approved(void *ctx, const struct frame *res, const char *failure)
{
	struct aa_call *c = ctx;
	struct oc_err err = { "" };
	const char *scopes[16];
	struct agent_request r;

	memset(&r, 0, sizeof(r));
	r.request_id = c->request_id;
	r.device_id = c->device_id;
	r.client_id = c->client_id;
	for (size_t i = 0; i < c->n_scopes; i++)
		scopes[i] = c->scopes[i];
	r.scopes = scopes;
	r.n_scopes = c->n_scopes;
	if (res && res->ok) {
		aa_report(c->aa, true, "agent: approved %s (%s, trusted entry %s)", c->request_id,
			  c->client_id[0] ? c->client_id : "?", c->entry);
		aa_log(c->aa, "approved %s (device %.16s…, entry %s)", c->request_id, c->device_id,
		       c->entry);
	} else {
		char msg[300], why[400];

		frame_describe_failure(res, failure, msg, sizeof(msg));
		snprintf(why, sizeof(why), "device.pair.approve failed: %s", msg);
		aa_log(c->aa, "%s: %s", c->request_id, why);
		if (agent_audit_append(c->aa->audit_path, evloop_wall_ms(), &r, NULL, c->entry,
				       "approve-failed", why, &err) < 0)
			aa_audit_failed(c->aa, &err);
		aa_report(c->aa, false, "agent: %s: %s", c->request_id, why);
	}
	free(c);
}

static void
aa_flag_remember(struct autoapprove *aa, const struct pending_req *p, const struct agent_decision *d)
{
	struct autoapprove_flag *f = NULL;

	for (size_t i = 0; i < aa->n_flags; i++)
		if (strcmp(aa->flags[i].request_id, p->request_id) == 0)
			f = &aa->flags[i];
	if (!f) {
		if (aa->n_flags == AUTOAPPROVE_MAX_FLAGS) {
			memmove(&aa->flags[0], &aa->flags[1], (AUTOAPPROVE_MAX_FLAGS - 1) * sizeof(aa->flags[0]));
			aa->n_flags--;
		}
		f = &aa->flags[aa->n_flags++];
	}
	memset(f, 0, sizeof(*f));
	snprintf(f->request_id, sizeof(f->request_id), "%s", p->request_id);
	snprintf(f->who, sizeof(f->who), "%s/%s device %.12s", p->client_id ? p->client_id : "-",
		 p->client_mode ? p->client_mode : "-", p->device_id ? p->device_id : "-");
	snprintf(f->entry, sizeof(f->entry), "%s", d->entry);
	text_sanitize(d->reason, f->reason, sizeof(f->reason));
}

static void
aa_flag_forget(struct autoapprove *aa, const char *request_id)
{
	for (size_t i = 0; i < aa->n_flags; i++)
		if (strcmp(aa->flags[i].request_id, request_id) == 0) {
			memmove(&aa->flags[i], &aa->flags[i + 1], (aa->n_flags - i - 1) * sizeof(aa->flags[0]));
			aa->n_flags--;
			return;
		}
}

static void
aa_handle(struct autoapprove *aa, struct client *c, const struct model *m,
	  const struct pending_req *p, int64_t now)
{
	struct model_grant_input paired;
	struct agent_request r;
	struct agent_decision d;
	struct autoapprove_seen *s;
	struct oc_err err = { "" };
	char key[340];

	if (!p->request_id || !*p->request_id)
		return;
	/* A repair is judged against the paired record listed with it: an event's copy may
	 * meet a record that changed since (the console lists again on every pairing event). */
	if ((p->is_repair || model_find_paired(m, p->device_id)) && !p->listed)
		return;
	s = aa_seen_get(aa, p->request_id, now);
	if (!s || s->approved)
		return;
	gw_agent_request(m, p, &paired, &r);
	agent_decide(&r, &aa->list, now, &d);
	snprintf(key, sizeof(key), "%d|%s|%s", (int)d.verdict, d.entry, d.reason);
	if (strcmp(key, s->last) == 0)
		return;
	snprintf(s->last, sizeof(s->last), "%s", key);
	if (aa->hooks.log) {
		char scopes[400];

		rows_join(p->scopes.v, p->scopes.n, ",", scopes, sizeof(scopes));
		aa_log(aa, "%s request %s device %.16s… client %s/%s scopes [%s]%s%s%s%s",
		       d.verdict == AGENT_APPROVE ? "APPROVE" : d.verdict == AGENT_FLAG ? "FLAG" : "ignore",
		       p->request_id, p->device_id ? p->device_id : "-", p->client_id ? p->client_id : "-",
		       p->client_mode ? p->client_mode : "-", scopes, d.entry[0] ? " entry " : "", d.entry,
		       d.reason[0] ? ": " : " (no trusted entry)", d.reason);
	}
	if (d.verdict == AGENT_IGNORE) {
		aa_flag_forget(aa, p->request_id);
		return;
	}
	if (agent_audit_append(aa->audit_path, now, &r, &d.grant, d.entry, agent_verdict_name(d.verdict),
			       d.reason, &err) < 0) {
		/* No durable record, no approval.  Forget the verdict so the next pending
		 * list decides (and records) it again once the log can be written. */
		s->last[0] = '\0';
		if (d.verdict == AGENT_APPROVE) {
			aa_report(aa, false, "agent: NOT approving %s: audit log: %s", p->request_id,
				  err.msg);
			aa_log(aa, "NOT approving %s: the decision cannot be recorded (audit log: %s); "
			       "nothing is approved until it can", p->request_id, err.msg);
			return;
		}
		aa_audit_failed(aa, &err);
	}
	if (d.verdict == AGENT_FLAG) {
		aa_flag_remember(aa, p, &d);
		aa_report(aa, false, "agent: FLAGGED request %s (%s, entry %s): %s", p->request_id,
			  p->client_id ? p->client_id : "-", d.entry, d.reason);
		return;
	}
	aa_flag_forget(aa, p->request_id);
	s->approved = true;	/* before the call: a second list must not approve again */
	{
		struct aa_call *call = calloc(1, sizeof(*call));

		if (!call)
			return;
		call->aa = aa;
		snprintf(call->request_id, sizeof(call->request_id), "%s", p->request_id);
		snprintf(call->device_id, sizeof(call->device_id), "%s", p->device_id ? p->device_id : "");
		snprintf(call->client_id, sizeof(call->client_id), "%s", p->client_id ? p->client_id : "");
		snprintf(call->entry, sizeof(call->entry), "%s", d.entry);
		for (size_t i = 0; i < p->scopes.n && i < 16; i++)
			snprintf(call->scopes[call->n_scopes++], sizeof(call->scopes[0]), "%s", p->scopes.v[i]);
		aa_report(aa, true, "agent: approving %s (%s, trusted entry %s)", p->request_id,
			  call->client_id[0] ? call->client_id : "?", d.entry);
		if (gw_pair_approve(c, p->request_id, aa_on_approved, call) < 0)
			aa_on_approved(call, NULL, "not connected");
	}
}

void
autoapprove_run(struct autoapprove *aa, struct client *c, const struct model *m, int64_t now_ms)
{
	if (autoapprove_reload(aa, false) < 0)
		return;		/* a bad allowlist approves nothing until it is fixed */
	for (size_t i = 0; i < m->n_pending; i++)
		aa_handle(aa, c, m, &m->pending[i], now_ms);
}

const struct autoapprove_flag *
autoapprove_flag_find(const struct autoapprove *aa, const char *request_id)
{
	for (size_t i = 0; request_id && i < aa->n_flags; i++)
		if (strcmp(aa->flags[i].request_id, request_id) == 0)
			return &aa->flags[i];
	return NULL;
}

void
autoapprove_free(struct autoapprove *aa)
{
	trusted_free(&aa->list);
	free(aa->seen);
	aa->seen = NULL;
	aa->n_seen = 0;
}
