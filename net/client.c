#include "net/client.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/addr.h"
#include "auth/err.h"
#include "auth/identity.h"
#include "auth/token.h"
#include "net/evloop.h"
#include "net/frame.h"
#include "net/text.h"

#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 30000
#define PAIRING_RETRY_MS 3000
#define WARN_MEMORY 4

struct client {
	struct evloop *loop;
	struct client_config cfg;
	struct client_handlers h;
	void *ctx;
	struct ws_conn *ws;
	struct rpc *rpc;
	enum client_state state;
	struct session_result result;
	json_t *hello_presence;		/* hello-ok snapshot.presence of this connection, or NULL */
	char error[320];
	enum session_auth auth_used;
	bool skip_device_token;		/* the stored token was refused: use the shared token */
	bool failing;			/* inside fail(): ignore re-entry from request callbacks */
	bool fell_back;			/* the client id was replaced by one the release knows */
	char warned[WARN_MEMORY][400];	/* warnings already given, not repeated */
	size_t n_warned;
	struct device_token dtoken;
	bool have_dtoken;
	unsigned attempts, failures;
	int64_t next_attempt_ms;
	int64_t last_rx_ms;
	int64_t tick_ms;
	bool have_seq;
	int64_t last_seq;
	const char *scopes[SESSION_MAX_SCOPES];	/* the scopes of this attempt */
	struct evloop_timer *retry_timer, *rpc_timer, *watchdog;
};

static void attempt(struct client *c);

const char *
client_state_name(enum client_state s)
{
	switch (s) {
	case CLIENT_CONNECTING: return "connecting";
	case CLIENT_HANDSHAKE: return "handshake";
	case CLIENT_READY: return "connected";
	case CLIENT_PAIRING: return "pairing";
	case CLIENT_BACKOFF: return "reconnecting";
	case CLIENT_FAILED: return "failed";
	}
	return "?";
}

static void
notify(struct client *c)
{
	if (c->h.on_state)
		c->h.on_state(c->ctx);
}

static void logf_(struct client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
logf_(struct client *c, const char *fmt, ...)
{
	char line[400];
	va_list ap;

	if (!c->h.on_log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	c->h.on_log(c->ctx, line);
}

/* Problems the user must hear about even in one-shot commands (unusable token store,
 * a token that could not be saved): on_warn when set, else the log. */
static void warnf_(struct client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
warnf_(struct client *c, const char *fmt, ...)
{
	char line[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* The token store is re-read on every attempt: say each problem once. */
	for (size_t i = 0; i < WARN_MEMORY; i++)
		if (strcmp(line, c->warned[i]) == 0)
			return;
	snprintf(c->warned[c->n_warned++ % WARN_MEMORY], sizeof(c->warned[0]), "%s", line);
	if (c->h.on_warn)
		c->h.on_warn(c->ctx, line);
	else if (c->h.on_log)
		c->h.on_log(c->ctx, line);
}

static void
set_state(struct client *c, enum client_state s)
{
	c->state = s;
	notify(c);
}

static void
load_device_token(struct client *c)
{
	struct oc_err err = { "" };
	int rc;

	token_free(&c->dtoken);
	memset(&c->dtoken, 0, sizeof(c->dtoken));
	c->have_dtoken = false;
	rc = token_load(&c->dtoken, c->cfg.state_dir, c->cfg.url, c->cfg.id->device_id, &err);
	if (rc < 0)
		warnf_(c, "%s; not using the stored device token", err.msg);
	c->have_dtoken = rc == 1 && c->dtoken.token;
}

static void
drop_connection(struct client *c)
{
	if (c->ws)
		ws_close(c->ws);
	c->ws = NULL;
	evloop_timer_cancel(c->watchdog);
}

static void
schedule(struct client *c, enum client_state s, int64_t delay_ms)
{
	drop_connection(c);
	c->next_attempt_ms = evloop_now_ms() + delay_ms;
	evloop_timer_set(c->retry_timer, delay_ms);
	set_state(c, s);
}

static int64_t
backoff_ms(struct client *c)
{
	int64_t d = BACKOFF_MIN_MS;

	for (unsigned i = 1; i < c->failures && d < BACKOFF_MAX_MS; i++)
		d *= 2;
	if (d > BACKOFF_MAX_MS)
		d = BACKOFF_MAX_MS;
	/* +-20 % jitter so that many consoles do not reconnect in lockstep. */
	return d * 8 / 10 + (int64_t)randombytes_uniform((uint32_t)(d * 4 / 10 + 1));
}

static void
fail(struct client *c, const char *msg)
{
	char why[sizeof(c->error)];

	/* Failing the pending requests calls their callbacks, and the connect request's
	 * callback fails the client again: the first reason wins. */
	if (c->failing)
		return;
	c->failing = true;
	snprintf(why, sizeof(why), "%s", msg && *msg ? msg : c->error[0] ? c->error : "connection lost");
	snprintf(c->error, sizeof(c->error), "%s", why);
	rpc_fail_all(c->rpc, why);
	c->failing = false;
	c->failures++;
	if (c->cfg.reconnect) {
		schedule(c, CLIENT_BACKOFF, backoff_ms(c));
		return;
	}
	drop_connection(c);
	c->next_attempt_ms = 0;
	set_state(c, CLIENT_FAILED);
}

static void
arm_rpc_timer(struct client *c)
{
	int64_t next = rpc_next_deadline(c->rpc);

	if (next == INT64_MAX)
		evloop_timer_cancel(c->rpc_timer);
	else
		evloop_timer_set(c->rpc_timer, next - evloop_now_ms());
}

static void
on_rpc_timer(void *ctx)
{
	struct client *c = ctx;

	rpc_expire(c->rpc, evloop_now_ms());
	arm_rpc_timer(c);
}

static void
on_retry_timer(void *ctx)
{
	attempt(ctx);
}

static void
on_watchdog(void *ctx)
{
	struct client *c = ctx;
	int64_t idle = evloop_now_ms() - c->last_rx_ms;

	if (c->state == CLIENT_READY && idle >= 2 * c->tick_ms) {
		fail(c, "the gateway went silent (no tick for two intervals)");
		return;
	}
	evloop_timer_set(c->watchdog, 2 * c->tick_ms - idle);
}

static void
save_device_token(struct client *c, const struct session_result *r)
{
	struct device_token t;
	struct oc_err err = { "" };

	if (!r->device_token)
		return;
	if (c->have_dtoken && strcmp(c->dtoken.token, r->device_token) == 0 &&
	    c->dtoken.n_scopes == r->n_scopes)
		return;
	memset(&t, 0, sizeof(t));
	if (token_set_secret(&t, r->device_token) < 0)
		return;
	snprintf(t.role, sizeof(t.role), "%s", r->role);
	for (size_t i = 0; i < r->n_scopes && i < TOKEN_MAX_SCOPES; i++)
		snprintf(t.scopes[t.n_scopes++], sizeof(t.scopes[0]), "%s", r->scopes[i]);
	t.issued_at_ms = r->issued_at_ms;
	snprintf(t.platform, sizeof(t.platform), "%s", c->cfg.who.platform);
	snprintf(t.device_family, sizeof(t.device_family), "%s",
		 c->cfg.who.device_family ? c->cfg.who.device_family : "");
	if (token_save(&t, c->cfg.state_dir, c->cfg.url, c->cfg.id->device_id, &err) < 0)
		warnf_(c, "could not save the device token: %s", err.msg);
	token_free(&t);
	load_device_token(c);
}

static void
on_connect_res(void *ctx, const struct frame *res, const char *failure)
{
	struct client *c = ctx;
	enum session_step step;

	session_result_clear(&c->result);
	json_decref(c->hello_presence);
	c->hello_presence = NULL;
	if (!res) {
		memset(&c->result, 0, sizeof(c->result));
		fail(c, failure);
		return;
	}
	session_parse_response(res, &c->result);
	if (c->result.outcome == SESSION_OK) {
		c->failures = 0;
		c->error[0] = '\0';
		c->tick_ms = c->result.tick_interval_ms > 0 ? c->result.tick_interval_ms : 30000;
		c->have_seq = false;
		c->hello_presence = json_incref(json_object_get(json_object_get(res->payload, "snapshot"),
								 "presence"));
		save_device_token(c, &c->result);
		evloop_timer_set(c->watchdog, 2 * c->tick_ms);
		set_state(c, CLIENT_READY);
		/* read during that on_state only: kept, a hostile snapshot's tree would pin the
		 * heap it took (a million rows are hundreds of MB) */
		json_decref(c->hello_presence);
		c->hello_presence = NULL;
		return;
	}
	session_describe(&c->result, c->error, sizeof(c->error));
	{
		/* Releases before 2026.3.28 refuse openclaw-tui in their schema: retry once
		 * with an id every release knows, and say so. */
		const char *fb = session_fallback_client_id(c->cfg.who.client_id, &c->result);

		if (fb && !c->fell_back) {
			warnf_(c, "this gateway does not know client id %s (releases before 2026.3.28); "
			       "connecting as %s/%s instead", c->cfg.who.client_id, fb, c->cfg.who.client_mode);
			c->fell_back = true;
			c->cfg.who.client_id = fb;
			schedule(c, CLIENT_BACKOFF, 1);
			return;
		}
	}
	step = session_next_step(&c->result, c->auth_used, c->cfg.shared_token != NULL);
	switch (step) {
	case STEP_RETRY_SHARED: {
		struct oc_err err = { "" };

		logf_(c, "stored device token refused (%s); retrying with the shared token",
		      c->result.details_code);
		if (token_forget(c->cfg.state_dir, c->cfg.url, c->cfg.id->device_id, &err) < 0)
			warnf_(c, "could not forget the refused device token: %s", err.msg);
		c->skip_device_token = true;
		schedule(c, CLIENT_BACKOFF, 1);
		return;
	}
	case STEP_WAIT_PAIRING:
		if (c->cfg.wait_pairing) {
			schedule(c, CLIENT_PAIRING, PAIRING_RETRY_MS);
			return;
		}
		break;
	case STEP_BACKOFF:
		if (c->cfg.reconnect) {
			c->failures++;
			schedule(c, CLIENT_BACKOFF, c->result.retry_after_ms > 0 ? c->result.retry_after_ms
										 : backoff_ms(c));
			return;
		}
		break;
	case STEP_STOP:
		break;
	}
	drop_connection(c);
	set_state(c, CLIENT_FAILED);
}

static bool
url_allows_secret(struct client *c)
{
	bool tls;
	char host[256], path[512];
	int port;

	if (c->cfg.insecure)
		return true;
	if (!ws_parse_url(c->cfg.url, &tls, host, sizeof(host), &port, path, sizeof(path)))
		return false;
	return tls || addr_is_loopback_host(host);
}

static void
send_connect(struct client *c, const struct frame *challenge)
{
	struct session_client who = c->cfg.who;
	const char *nonce = frame_str(challenge->payload, "nonce");
	int64_t ts = frame_int(challenge->payload, "ts", 0);
	const char *secret = NULL, *id;
	struct oc_err err = { "" };
	char *text;

	if (!*nonce || ts <= 0) {
		fail(c, "the gateway's connect.challenge has no nonce or ts");
		return;
	}
	c->auth_used = SESSION_AUTH_NONE;
	if (c->have_dtoken && !c->skip_device_token) {
		c->auth_used = SESSION_AUTH_DEVICE_TOKEN;
		secret = c->dtoken.token;
		/* Ask for what the token covers: more would be AUTH_SCOPE_MISMATCH. */
		if (!c->cfg.scopes_explicit && c->dtoken.n_scopes) {
			who.n_scopes = 0;
			for (size_t i = 0; i < c->cfg.who.n_scopes; i++)
				for (size_t j = 0; j < c->dtoken.n_scopes; j++)
					if (strcmp(c->cfg.who.scopes[i], c->dtoken.scopes[j]) == 0)
						c->scopes[who.n_scopes++] = c->cfg.who.scopes[i];
			who.scopes = c->scopes;
		}
	} else if (c->cfg.shared_token) {
		c->auth_used = SESSION_AUTH_SHARED_TOKEN;
		secret = c->cfg.shared_token;
	}
	id = rpc_add(c->rpc, "connect", evloop_now_ms() + 15000, on_connect_res, c);
	if (!id) {
		fail(c, "out of memory");
		return;
	}
	text = session_build_connect(&who, c->cfg.id, c->auth_used, secret, id, nonce, ts, &err);
	if (!text) {
		fail(c, err.msg);
		return;
	}
	if (ws_send(c->ws, text, strlen(text)) < 0)
		logf_(c, "%s", "could not queue the connect frame");
	sodium_memzero(text, strlen(text));
	free(text);
	arm_rpc_timer(c);
}

/* A frame jansson refused is reported, never left to look like silence: an answer whose
 * id can still be read fails its request at once with the reason; anything else is
 * logged with the pending requests named, and later timeouts mention it. */
static void
on_unreadable(struct client *c, const char *text, size_t len, const char *why)
{
	char type[16], id[40], msg[400], pending[200] = "";
	const char *method;

	frame_peek(text, len, type, sizeof(type), id, sizeof(id));
	method = id[0] && strcmp(type, "res") == 0 ? rpc_method_of(c->rpc, id) : NULL;
	if (method) {
		char m[64];

		snprintf(m, sizeof(m), "%s", method);	/* rpc_fail_id frees it */
		snprintf(msg, sizeof(msg), "the gateway's answer could not be read: %s", why);
		logf_(c, "unreadable answer to %s (%s): %s", m, id, why);
		rpc_fail_id(c->rpc, id, msg);
		arm_rpc_timer(c);
		return;
	}
	rpc_describe_pending(c->rpc, pending, sizeof(pending));
	logf_(c, "dropped an unreadable frame from the gateway%s%s%s: %s%s%s", type[0] ? " (type " : "",
	      type, type[0] ? ")" : "", why, pending[0] ? "; waiting for " : "", pending);
	rpc_note_unreadable(c->rpc, why);
}

static void
on_ws_text(void *ctx, const char *text, size_t len)
{
	struct client *c = ctx;
	struct frame f;
	struct oc_err err = { "" };

	c->last_rx_ms = evloop_now_ms();
	if (frame_parse(text, len, &f, &err) < 0) {
		on_unreadable(c, text, len, err.msg);
		return;
	}
	if (f.type == FRAME_EVENT && strcmp(f.event, "connect.challenge") == 0) {
		if (c->state == CLIENT_HANDSHAKE)
			send_connect(c, &f);
	} else if (f.type == FRAME_RES) {
		if (!rpc_complete(c->rpc, &f))
			logf_(c, "dropped a response to an unknown request id %.40s", f.id);
		arm_rpc_timer(c);
	} else if (f.type == FRAME_EVENT && c->state == CLIENT_READY) {
		if (f.has_seq) {
			if (c->have_seq && f.seq > c->last_seq + 1)
				logf_(c, "%s", "event sequence gap: some events were lost");
			c->have_seq = true;
			c->last_seq = f.seq;
		}
		if (c->h.on_event)
			c->h.on_event(c->ctx, &f);
	}
	frame_free(&f);
}

static void
on_ws_open(void *ctx)
{
	struct client *c = ctx;

	set_state(c, CLIENT_HANDSHAKE);
}

static void
on_ws_close(void *ctx, int code, const char *reason)
{
	struct client *c = ctx;
	char msg[320];
	char clean[200];

	c->ws = NULL;
	text_sanitize(reason, clean, sizeof(clean));
	if (c->state == CLIENT_READY)
		snprintf(msg, sizeof(msg), "connection lost (close %d%s%s)", code, *clean ? " " : "",
			 clean);
	else if (code == 0)
		snprintf(msg, sizeof(msg), "cannot connect to %s: %s", c->cfg.url,
			 *clean ? clean : "connection failed");
	else
		snprintf(msg, sizeof(msg), "the gateway closed the connection during the handshake "
			 "(close %d%s%s)", code, *clean ? " " : "", clean);
	/* A refused handshake is followed by a close: the res frame already decided. */
	if (c->state == CLIENT_FAILED || c->state == CLIENT_PAIRING || c->state == CLIENT_BACKOFF)
		return;
	fail(c, msg);
}

static void
attempt(struct client *c)
{
	static const struct ws_callbacks cbs = { on_ws_open, on_ws_text, on_ws_close };
	struct ws_options wo = c->cfg.ws;
	struct oc_err err = { "" };

	drop_connection(c);
	c->attempts++;
	c->next_attempt_ms = 0;
	load_device_token(c);
	if ((c->have_dtoken || c->cfg.shared_token) && !url_allows_secret(c)) {
		snprintf(c->error, sizeof(c->error),
			 "refusing to send a token over plain ws:// to a non-loopback host; use wss:// "
			 "or pass --insecure");
		set_state(c, CLIENT_FAILED);
		return;
	}
	set_state(c, CLIENT_CONNECTING);
	evloop_timer_set(c->watchdog, c->cfg.connect_timeout_ms);
	/* a secret over plain ws:// goes only to a loopback peer, whatever the name said */
	wo.loopback_peer = !c->cfg.insecure && (c->have_dtoken || c->cfg.shared_token);
	c->ws = ws_open(c->loop, c->cfg.url, &wo, &cbs, c, &err);
	if (!c->ws)
		fail(c, err.msg);
}

/* The watchdog doubles as the per-attempt timeout until hello-ok. */
static void
on_watchdog_or_timeout(void *ctx)
{
	struct client *c = ctx;

	if (c->state == CLIENT_CONNECTING || c->state == CLIENT_HANDSHAKE) {
		fail(c, c->state == CLIENT_CONNECTING ? "timed out connecting to the gateway"
						      : "timed out waiting for the gateway's handshake");
		return;
	}
	on_watchdog(c);
}

struct client *
client_new(struct evloop *l, const struct client_config *cfg, const struct client_handlers *h,
	   void *ctx, struct oc_err *err)
{
	struct client *c = calloc(1, sizeof(*c));

	if (!c) {
		oc_errf(err, "out of memory");
		return NULL;
	}
	c->loop = l;
	c->cfg = *cfg;
	if (!c->cfg.rpc_timeout_ms)
		c->cfg.rpc_timeout_ms = 30000;
	if (!c->cfg.connect_timeout_ms)
		c->cfg.connect_timeout_ms = 10000;
	if (h)
		c->h = *h;
	c->ctx = ctx;
	c->tick_ms = 30000;
	c->rpc = rpc_new();
	c->retry_timer = evloop_timer_new(l, on_retry_timer, c);
	c->rpc_timer = evloop_timer_new(l, on_rpc_timer, c);
	c->watchdog = evloop_timer_new(l, on_watchdog_or_timeout, c);
	if (!c->rpc || !c->retry_timer || !c->rpc_timer || !c->watchdog) {
		client_free(c);
		oc_errf(err, "out of memory");
		return NULL;
	}
	return c;
}

void
client_start(struct client *c)
{
	attempt(c);
}

int
client_call(struct client *c, const char *method, json_t *params, rpc_cb cb, void *cb_ctx)
{
	const char *id;
	char *text;

	if (c->state != CLIENT_READY || !c->ws) {
		json_decref(params);
		return -1;
	}
	id = rpc_add(c->rpc, method, evloop_now_ms() + c->cfg.rpc_timeout_ms, cb, cb_ctx);
	if (!id) {
		json_decref(params);
		return -1;
	}
	text = frame_build_req(id, method, params ? params : json_object());
	if (!text || ws_send(c->ws, text, strlen(text)) < 0) {
		free(text);
		/* Leave it pending: it times out or fails with the connection, once. */
		arm_rpc_timer(c);
		return 0;
	}
	free(text);
	arm_rpc_timer(c);
	return 0;
}

enum client_state
client_state(const struct client *c)
{
	return c->state;
}

const struct session_result *
client_result(const struct client *c)
{
	return &c->result;
}

const json_t *
client_hello_presence(const struct client *c)
{
	return c->hello_presence;
}

const char *
client_error(const struct client *c)
{
	return c->error;
}

const char *
client_id_used(const struct client *c)
{
	return c->cfg.who.client_id;
}

enum session_auth
client_auth_used(const struct client *c)
{
	return c->auth_used;
}

unsigned
client_attempts(const struct client *c)
{
	return c->attempts;
}

int64_t
client_next_attempt_ms(const struct client *c)
{
	return c->next_attempt_ms;
}

void
client_retry_now(struct client *c)
{
	evloop_timer_cancel(c->retry_timer);
	c->skip_device_token = false;
	attempt(c);
}

void
client_free(struct client *c)
{
	if (!c)
		return;
	drop_connection(c);
	evloop_timer_free(c->retry_timer);
	evloop_timer_free(c->rpc_timer);
	evloop_timer_free(c->watchdog);
	if (c->rpc)
		rpc_free(c->rpc);
	session_result_clear(&c->result);
	json_decref(c->hello_presence);
	token_free(&c->dtoken);
	free(c);
}
