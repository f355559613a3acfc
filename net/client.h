/* A gateway client: one WebSocket, the signed handshake, device-token reuse and
 * persistence, RPC with timeouts, event dispatch, keepalive watchdog, and reconnects with
 * exponential backoff and jitter.  Used by the TUI, the agent and every CLI command. */
#ifndef OC_NET_CLIENT_H
#define OC_NET_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "net/rpc.h"
#include "net/session.h"
#include "net/ws.h"

struct evloop;
struct frame;
struct identity;
struct oc_err;
struct client;

struct client_config {
	const char *url;
	const char *state_dir;		/* where device tokens are kept */
	const struct identity *id;	/* the console's device identity (required) */
	const char *shared_token;	/* gateway token or NULL; caller keeps it alive */
	struct session_client who;	/* client id/mode/scopes/platform sent in connect */
	bool scopes_explicit;		/* the user chose the scopes: do not narrow them to a stored token's */
	bool reconnect;			/* reconnect forever after failures and losses */
	bool wait_pairing;		/* keep retrying while our pairing request is pending */
	bool insecure;			/* allow a token over plain ws:// to a non-loopback host */
	struct ws_options ws;
	int64_t rpc_timeout_ms;		/* 0 = 30 s */
	int64_t connect_timeout_ms;	/* one attempt, upgrade to hello-ok; 0 = 10 s */
};

enum client_state {
	CLIENT_CONNECTING,	/* TCP/TLS/upgrade in progress */
	CLIENT_HANDSHAKE,	/* waiting for challenge or hello-ok */
	CLIENT_READY,		/* hello-ok received */
	CLIENT_PAIRING,		/* our pairing request waits for an operator; retrying */
	CLIENT_BACKOFF,		/* waiting before the next attempt */
	CLIENT_FAILED,		/* gave up: see client_result / client_error */
};

struct client_handlers {
	void (*on_state)(void *ctx);				/* state, result or error changed */
	void (*on_event)(void *ctx, const struct frame *ev);	/* every event after hello-ok */
	void (*on_log)(void *ctx, const char *line);		/* dropped frames and other notes */
	void (*on_warn)(void *ctx, const char *line);		/* token store problems (NULL: on_log) */
};

/* Create a client; nothing happens until client_start.  NULL with err. */
struct client *client_new(struct evloop *l, const struct client_config *cfg,
			  const struct client_handlers *h, void *ctx, struct oc_err *err);

/* Begin the first connection attempt. */
void client_start(struct client *c);

/* Send a request.  params is stolen (NULL = no params).  cb runs exactly once, with the
 * response, or with res == NULL and a reason.  0, or -1 when not READY (cb not called). */
int client_call(struct client *c, const char *method, json_t *params, rpc_cb cb, void *cb_ctx);

enum client_state client_state(const struct client *c);
const char *client_state_name(enum client_state s);

/* The last handshake result (outcome, codes, granted scopes). */
const struct session_result *client_result(const struct client *c);

/* The presence list that came with hello-ok (snapshot.presence), or NULL: the first paint
 * needs no round trip.  Valid only during the on_state call that reports CLIENT_READY. */
const json_t *client_hello_presence(const struct client *c);

/* The last connection-level error ("cannot connect …", "connection lost …"), or "". */
const char *client_error(const struct client *c);

/* The client id sent (the configured one, or the fallback a release before 2026.3.28
 * needed instead of openclaw-tui). */
const char *client_id_used(const struct client *c);

/* Which credential the current/last attempt used. */
enum session_auth client_auth_used(const struct client *c);

/* Attempts made so far, and when the next one is due (monotonic ms, 0 = none). */
unsigned client_attempts(const struct client *c);
int64_t client_next_attempt_ms(const struct client *c);

/* Give up waiting and try again now (the `r` key). */
void client_retry_now(struct client *c);

/* Close the connection and free everything. Safe on NULL. */
void client_free(struct client *c);

#endif
