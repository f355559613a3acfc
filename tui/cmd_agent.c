/* `openclaw-console agent`: the auto-approval agent, headless.  Connects as cli/cli with
 * the console's device identity, reconnects forever, lists pending pairing requests on
 * connect, on every device.pair.requested event and every 30 s, approves what the
 * trusted-services allowlist allows (auth/agent.h), flags the rest, logs every decision
 * to stderr and every automatic one to <state_dir>/audit.jsonl.  SIGTERM/SIGINT: exit 0. */
#include "tui/commands.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth/agent.h"
#include "auth/err.h"
#include "auth/paths.h"
#include "auth/scopes.h"
#include "auth/trusted.h"
#include "net/client.h"
#include "net/evloop.h"
#include "net/frame.h"
#include "net/model.h"
#include "net/text.h"

#define AGENT_REFRESH_MS 30000
#define AGENT_PENDING_TTL_MS 310000

static volatile sig_atomic_t agent_stop;

/* What the agent remembers about one request id. */
struct agent_seen {
	char id[72];
	char last[300];		/* "verdict|entry|reason" last logged, to log changes only */
	bool approved;		/* device.pair.approve was sent: never again */
	int64_t seen_ms;
};

struct agent_run {
	struct evloop *loop;
	struct client *client;
	struct evloop_timer *refresh;
	struct model model;
	struct trusted_list list;
	char trusted_path[4200];
	char audit_path[4200];
	struct timespec mtime;
	off_t size;
	bool have_file, file_bad;
	bool was_ready, listing, relist;
	enum client_state last_state;
	struct agent_seen *seen;
	size_t n_seen;
};

struct agent_approve_ctx {
	struct agent_run *a;
	char request_id[72];
	char device_id[72];
	char client_id[72];
	char entry[65];
	char scopes[16][48];
	size_t n_scopes;
};

static void
agent_on_signal(int sig)
{
	(void)sig;
	agent_stop = 1;
}

static void agent_logf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
agent_logf(const char *fmt, ...)
{
	char ts[40];
	va_list ap;

	agent_format_time(evloop_wall_ms(), ts, sizeof(ts));
	fprintf(stderr, "%s agent: ", ts);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

/* Reload trusted-services.json when its mtime or size changed (or it appeared/vanished).
 * A bad file keeps nothing: the agent then approves nothing until it is fixed. */
static void
agent_reload(struct agent_run *a)
{
	struct stat st;
	struct oc_err err = { "" };
	bool exists = stat(a->trusted_path, &st) == 0;

	if (exists == a->have_file && (!exists || (st.st_mtim.tv_sec == a->mtime.tv_sec &&
						   st.st_mtim.tv_nsec == a->mtime.tv_nsec &&
						   st.st_size == a->size)))
		return;
	a->have_file = exists;
	if (exists) {
		a->mtime = st.st_mtim;
		a->size = st.st_size;
	}
	if (trusted_load(a->trusted_path, &a->list, &err) < 0) {
		trusted_free(&a->list);
		a->file_bad = true;
		agent_logf("%s; approving nothing until it is fixed", err.msg);
		return;
	}
	a->file_bad = false;
	/* earlier verdicts are decided again on the next list; only changed ones are logged */
	agent_logf("loaded %zu trusted service(s) from %s", a->list.n, a->trusted_path);
}

static struct agent_seen *
agent_seen_get(struct agent_run *a, const char *id, int64_t now)
{
	struct agent_seen *v;

	for (size_t i = 0; i < a->n_seen; i++)
		if (strcmp(a->seen[i].id, id) == 0) {
			a->seen[i].seen_ms = now;
			return &a->seen[i];
		}
	/* forget unapproved ids the gateway has surely expired; approved ones stay forever */
	for (size_t i = 0; i < a->n_seen;)
		if (!a->seen[i].approved && now - a->seen[i].seen_ms > 2 * AGENT_PENDING_TTL_MS)
			a->seen[i] = a->seen[--a->n_seen];
		else
			i++;
	v = realloc(a->seen, (a->n_seen + 1) * sizeof(*v));
	if (!v)
		return NULL;
	a->seen = v;
	v = &a->seen[a->n_seen++];
	memset(v, 0, sizeof(*v));
	snprintf(v->id, sizeof(v->id), "%s", id);
	v->seen_ms = now;
	return v;
}

static void
agent_scopes_str(const struct strlist *s, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < s->n && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? "," : "", s->v[i]);
}

static void
agent_on_approved(void *ctx, const struct frame *res, const char *failure)
{
	struct agent_approve_ctx *c = ctx;
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
		agent_logf("approved %s (device %.16s…, entry %s)", c->request_id, c->device_id, c->entry);
	} else {
		char msg[300], why[400];

		frame_describe_failure(res, failure, msg, sizeof(msg));
		snprintf(why, sizeof(why), "device.pair.approve failed: %s", msg);
		agent_logf("%s: %s", c->request_id, why);
		if (agent_audit_append(c->a->audit_path, evloop_wall_ms(), &r, c->entry,
				       "approve-failed", why, &err) < 0)
			agent_logf("%s", err.msg);
	}
	free(c);
}

static void
agent_handle(struct agent_run *a, const struct pending_req *p, int64_t now)
{
	struct agent_request r;
	struct agent_decision d;
	struct agent_seen *s;
	struct oc_err err = { "" };
	char key[300], scopes[400];

	if (!p->request_id || !*p->request_id)
		return;
	s = agent_seen_get(a, p->request_id, now);
	if (!s || s->approved)
		return;		/* never approve (or re-log) the same request twice */
	memset(&r, 0, sizeof(r));
	r.request_id = p->request_id;
	r.device_id = p->device_id;
	r.public_key = p->public_key;
	r.client_id = p->client_id;
	r.client_mode = p->client_mode;
	r.display_name = p->display_name;
	r.role = p->role;
	r.roles = (const char *const *)p->roles.v;
	r.n_roles = p->roles.n;
	r.remote_ip = p->remote_ip;
	r.scopes = (const char *const *)p->scopes.v;
	r.n_scopes = p->scopes.n;
	agent_decide(&r, &a->list, now, &d);
	snprintf(key, sizeof(key), "%d|%s|%s", (int)d.verdict, d.entry, d.reason);
	if (strcmp(key, s->last) == 0)
		return;
	snprintf(s->last, sizeof(s->last), "%s", key);
	agent_scopes_str(&p->scopes, scopes, sizeof(scopes));
	agent_logf("%s request %s device %.16s… client %s/%s scopes [%s]%s%s%s%s",
		   d.verdict == AGENT_APPROVE ? "APPROVE" : d.verdict == AGENT_FLAG ? "FLAG" : "ignore",
		   p->request_id, p->device_id ? p->device_id : "-", p->client_id ? p->client_id : "-",
		   p->client_mode ? p->client_mode : "-", scopes, d.entry[0] ? " entry " : "", d.entry,
		   d.reason[0] ? ": " : " (no trusted entry)", d.reason);
	if (d.verdict == AGENT_IGNORE)
		return;
	if (agent_audit_append(a->audit_path, now, &r, d.entry, agent_verdict_name(d.verdict),
			       d.reason, &err) < 0)
		agent_logf("audit log: %s", err.msg);
	if (d.verdict == AGENT_APPROVE) {
		struct agent_approve_ctx *c = calloc(1, sizeof(*c));

		s->approved = true;	/* before the call: a second list must not approve again */
		if (!c)
			return;
		c->a = a;
		snprintf(c->request_id, sizeof(c->request_id), "%s", p->request_id);
		snprintf(c->device_id, sizeof(c->device_id), "%s", p->device_id ? p->device_id : "");
		snprintf(c->client_id, sizeof(c->client_id), "%s", p->client_id ? p->client_id : "");
		snprintf(c->entry, sizeof(c->entry), "%s", d.entry);
		for (size_t i = 0; i < p->scopes.n && i < 16; i++)
			snprintf(c->scopes[c->n_scopes++], sizeof(c->scopes[0]), "%s", p->scopes.v[i]);
		if (client_call(a->client, "device.pair.approve",
				json_pack("{s:s}", "requestId", p->request_id), agent_on_approved, c) < 0)
			agent_on_approved(c, NULL, "not connected");
	}
}

static void agent_list(struct agent_run *a);

static void
agent_on_list(void *ctx, const struct frame *res, const char *failure)
{
	struct agent_run *a = ctx;
	int64_t now = evloop_wall_ms();

	a->listing = false;
	if (!res || !res->ok) {
		char msg[300];

		text_sanitize(res ? res->err_message : failure, msg, sizeof(msg));
		agent_logf("device.pair.list failed: %s", msg);
	} else if (model_set_pairing(&a->model, res->payload, now) < 0) {
		agent_logf("device.pair.list: out of memory");
	} else {
		agent_reload(a);
		for (size_t i = 0; i < a->model.n_pending; i++)
			agent_handle(a, &a->model.pending[i], now);
	}
	if (a->relist) {
		a->relist = false;
		agent_list(a);
	}
}

static void
agent_list(struct agent_run *a)
{
	if (client_state(a->client) != CLIENT_READY)
		return;
	if (a->listing) {
		a->relist = true;
		return;
	}
	if (client_call(a->client, "device.pair.list", json_object(), agent_on_list, a) == 0)
		a->listing = true;
}

static void
agent_on_refresh(void *ctx)
{
	struct agent_run *a = ctx;

	agent_list(a);
	evloop_timer_set(a->refresh, AGENT_REFRESH_MS);
}

static void
agent_on_state(void *ctx)
{
	struct agent_run *a = ctx;
	enum client_state s = client_state(a->client);
	const struct session_result *r = client_result(a->client);

	if (s == a->last_state)
		return;
	a->last_state = s;
	if (s == CLIENT_READY) {
		char scopes[400] = "";
		size_t n = 0;

		for (size_t i = 0; i < r->n_scopes && n < sizeof(scopes); i++)
			n += (size_t)snprintf(scopes + n, sizeof(scopes) - n, "%s%s", i ? "," : "",
					      r->scopes[i]);
		agent_logf("connected (gateway %s, scopes %s)", r->server_version, scopes);
		a->listing = false;
		agent_list(a);
	} else if (s == CLIENT_PAIRING) {
		agent_logf("waiting for this console to be approved: openclaw devices approve %s",
			   r->request_id);
	} else if (s == CLIENT_BACKOFF) {
		agent_logf("disconnected (%s); reconnecting", client_error(a->client));
	}
}

static void
agent_on_event(void *ctx, const struct frame *ev)
{
	struct agent_run *a = ctx;

	if (strcmp(ev->event, "device.pair.requested") == 0)
		agent_list(a);
}

static void
agent_on_log(void *ctx, const char *line)
{
	(void)ctx;
	if (getenv("OPENCLAW_CONSOLE_DEBUG"))
		agent_logf("%s", line);
}

int
cmd_agent(const struct opts *opts)
{
	static const struct client_handlers handlers = { agent_on_state, agent_on_event, agent_on_log,
							  NULL };
	struct agent_run a;
	struct oc_err err = { "" };
	struct client_config cfg;
	struct console_me me;
	struct sigaction sa;
	char config_dir[4096];
	int rc = EXIT_OK;

	if (opts->argc > 0) {
		cli_errorf("agent takes no arguments (global options: --url --token-file --state-dir "
			   "--config-dir)");
		return EXIT_USAGE;
	}
	memset(&a, 0, sizeof(a));
	a.last_state = CLIENT_CONNECTING;
	/* cli/cli: an ephemeral mode, hidden from presence like the gateway's own CLI */
	rc = console_me_setup(&me, opts, "cli", "cli", &cfg);
	if (rc != EXIT_OK) {
		console_me_free(&me);
		return rc;
	}
	if (paths_config_dir(opts->config_dir, config_dir, sizeof(config_dir), &err) < 0) {
		cli_errorf("%s", err.msg);
		console_me_free(&me);
		return EXIT_RUNTIME;
	}
	paths_join(a.trusted_path, sizeof(a.trusted_path), config_dir, TRUSTED_FILE);
	paths_join(a.audit_path, sizeof(a.audit_path), me.state_dir, AGENT_AUDIT_FILE);
	agent_reload(&a);
	if (!a.have_file)
		agent_logf("no %s yet: nothing will be approved until services are added "
			   "(openclaw-console trusted add)", a.trusted_path);
	cfg.reconnect = true;
	cfg.wait_pairing = true;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = agent_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	a.loop = evloop_new_for_url(cfg.url, &err);
	if (!a.loop) {
		cli_errorf("%s", err.msg);
		rc = EXIT_RUNTIME;
		goto out;
	}
	a.client = client_new(a.loop, &cfg, &handlers, &a, &err);
	a.refresh = evloop_timer_new(a.loop, agent_on_refresh, &a);
	if (!a.client || !a.refresh) {
		cli_errorf("%s", err.msg[0] ? err.msg : "out of memory");
		rc = EXIT_RUNTIME;
		goto out;
	}
	agent_logf("starting: gateway %s, allowlist %s, audit log %s", cfg.url, a.trusted_path,
		   a.audit_path);
	client_start(a.client);
	evloop_timer_set(a.refresh, AGENT_REFRESH_MS);
	while (!agent_stop) {
		if (client_state(a.client) == CLIENT_FAILED) {
			const struct session_result *r = client_result(a.client);
			char line[400];

			if (r->code[0] || r->details_code[0]) {
				session_describe(r, line, sizeof(line));
				rc = session_exit_code(r);
			} else {
				snprintf(line, sizeof(line), "%s", client_error(a.client));
				rc = EXIT_RUNTIME;
			}
			agent_logf("giving up: %s", line);
			break;
		}
		if (evloop_run_once(a.loop) < 0) {
			agent_logf("event loop failed");
			rc = EXIT_RUNTIME;
			break;
		}
	}
	if (agent_stop)
		agent_logf("stopping on signal");
out:
	evloop_timer_free(a.refresh);
	client_free(a.client);
	evloop_free(a.loop);
	model_free(&a.model);
	trusted_free(&a.list);
	free(a.seen);
	console_me_free(&me);
	return rc;
}
