/* `openclaw-console agent`: the auto-approval agent, headless.  Connects as cli/cli with
 * the console's device identity, reconnects forever, lists pending pairing requests on
 * connect, on every device.pair.requested event and every 30 s, approves what the
 * trusted-services allowlist allows (auth/agent.h), flags the rest, logs every decision
 * to stderr and every automatic one to <state_dir>/audit.jsonl.  SIGTERM/SIGINT: exit 0.
 * The deciding and approving is tui/autoapprove.c, the same code the console runs. */
#include "tui/commands.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/agent.h"
#include "auth/err.h"
#include "auth/paths.h"
#include "net/client.h"
#include "net/evloop.h"
#include "net/frame.h"
#include "net/gwcall.h"
#include "net/model.h"
#include "net/session.h"
#include "net/text.h"
#include "tui/autoapprove.h"

#define AGENT_REFRESH_MS 30000

static volatile sig_atomic_t agent_stop;

struct agent_run {
	struct evloop *loop;
	struct client *client;
	struct evloop_timer *refresh;
	struct model model;
	struct autoapprove aa;
	bool listing, relist;
	enum client_state last_state;
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
	char ts[40], raw[1024], clean[1024];
	va_list ap;

	agent_format_time(evloop_wall_ms(), ts, sizeof(ts));
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* gateway strings (versions, errors, request ids) are in here: one clean line */
	text_sanitize(raw, clean, sizeof(clean));
	fprintf(stderr, "%s agent: %s\n", ts, clean);
	fflush(stderr);
}

static void
agent_log_line(void *ctx, const char *line)
{
	(void)ctx;
	agent_logf("%s", line);
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
		agent_logf("%s failed: %s", gw_op_method(GW_OP_PAIR_LIST), msg);
	} else if (model_set_pairing(&a->model, res->payload, now) < 0) {
		agent_logf("%s: out of memory", gw_op_method(GW_OP_PAIR_LIST));
	} else {
		autoapprove_run(&a->aa, a->client, &a->model, now);
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
	if (gw_pair_list(a->client, agent_on_list, a) == 0)
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
		char scopes[400];

		agent_logf("connected (gateway %s, scopes %s)", r->server_version,
			   session_scopes_join(r->scopes, r->n_scopes, scopes, sizeof(scopes)));
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

	if (gw_event_of(ev) == GW_EVENT_PAIR_REQUESTED)
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
	static const struct autoapprove_hooks hooks = { NULL, agent_log_line, NULL };
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
	if (autoapprove_init(&a.aa, config_dir, me.state_dir, &hooks, &err) < 0) {
		cli_errorf("%s", err.msg);
		console_me_free(&me);
		return EXIT_RUNTIME;
	}
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
	agent_logf("starting: gateway %s, allowlist %s, audit log %s", cfg.url, a.aa.trusted_path,
		   a.aa.audit_path);
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
	autoapprove_free(&a.aa);
	console_me_free(&me);
	return rc;
}
