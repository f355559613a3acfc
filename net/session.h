/* The handshake: connect.challenge in, a signed `connect` request out, then hello-ok or
 * a structured refusal in.  Pure: frames in, JSON text out, policy decisions as enums. */
#ifndef OC_NET_SESSION_H
#define OC_NET_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct frame;
struct identity;
struct oc_err;

#define SESSION_MAX_SCOPES 16

/* What the console says about itself in `connect`. */
struct session_client {
	const char *client_id;		/* closed enum on the gateway: "cli", "openclaw-tui", ... */
	const char *client_mode;	/* "cli", "ui", ... */
	const char *role;		/* "operator" */
	const char *const *scopes;
	size_t n_scopes;
	const char *version;
	const char *platform;		/* pinned in the pairing record: keep stable */
	const char *device_family;	/* pinned too; NULL to leave out */
	const char *display_name;	/* NULL to leave out */
	const char *instance_id;	/* NULL to leave out */
};

/* Which credential goes into `auth`.  The signature's token slot follows the gateway's
 * rule: token ?? deviceToken ?? "". */
enum session_auth {
	SESSION_AUTH_NONE,
	SESSION_AUTH_SHARED_TOKEN,	/* auth.token = shared gateway token */
	SESSION_AUTH_DEVICE_TOKEN,	/* auth.deviceToken = stored device token */
};

/* The protocol range the console offers: every release since 2026.3 speaks one of these
 * (3 up to 2026.5.7, 4 from 2026.5.12). */
#define SESSION_MIN_PROTOCOL 3
#define SESSION_MAX_PROTOCOL 4

/* Build the complete connect request frame text for this challenge.  id may be NULL
 * (no device block).  secret is the shared or device token for `auth` (NULL with
 * SESSION_AUTH_NONE).  signed_at_ms should be the challenge ts (gateway clock).
 * Returns a malloc'd string (it contains a secret: wipe before free) or NULL with err. */
char *session_build_connect(const struct session_client *c, const struct identity *id,
			    enum session_auth auth, const char *secret, const char *req_id,
			    const char *nonce, int64_t signed_at_ms, struct oc_err *err);

/* The outcome of a connect response. */
enum session_outcome {
	SESSION_OK,		/* hello-ok */
	SESSION_PAIRING,	/* NOT_PAIRED / PAIRING_REQUIRED: waiting for an operator */
	SESSION_AUTH,		/* authentication refused (AUTH_*, DEVICE_IDENTITY_REQUIRED, ...) */
	SESSION_UNAVAILABLE,	/* gateway starting / restarting: retry later */
	SESSION_FATAL,		/* protocol or schema error: a bug, do not retry */
};

struct session_result {
	enum session_outcome outcome;
	/* failure (all sanitised for display) */
	char code[48];			/* error.code, e.g. NOT_PAIRED */
	char details_code[64];		/* error.details.code, e.g. PAIRING_REQUIRED */
	char message[256];		/* error.message */
	char reason[48];		/* details.reason: not-paired, scope-upgrade, token_mismatch ... */
	char request_id[64];		/* details.requestId */
	char next_step[48];		/* details.recommendedNextStep */
	char remediation[256];		/* details.remediationHint */
	bool retryable, pause_reconnect, can_retry_with_device_token;
	int64_t retry_after_ms;
	char requested_role[32];
	char requested_scopes[SESSION_MAX_SCOPES][48];
	size_t n_requested_scopes;
	int expected_protocol;		/* details.expectedProtocol of a protocol mismatch, or 0 */
	/* hello-ok */
	char server_version[48];
	int protocol;
	char conn_id[64];
	char role[32];
	char auth_method[32];
	char scopes[SESSION_MAX_SCOPES][48];
	size_t n_scopes;
	bool grant_known;		/* hello-ok said which role and scopes were granted (2026.3.x
					 * sends no auth block without a device token): when false,
					 * role and scopes are unknown, not none */
	int64_t tick_interval_ms;
	int64_t issued_at_ms;
	char *device_token;		/* hello-ok.auth.deviceToken (sodium_malloc'd) or NULL */
};

/* Interpret the connect response frame into r (zeroed first).  0, or -1 if the frame is
 * not a usable response (r->outcome = SESSION_FATAL, message says why). */
int session_parse_response(const struct frame *res, struct session_result *r);

/* Does the grant in r (hello-ok's scopes) hold, or imply, scope (scopes_satisfies)?
 * True for any scope after a hello-ok that did not say what it granted (2026.3.x,
 * grant_known false): the gateway decides then. */
bool session_granted(const struct session_result *r, const char *scope);

/* Join n scope names of 48 bytes each (r->scopes, a trusted entry's scopes) with ","
 * into buf, as rows_join does ("" when n is 0; at most SESSION_MAX_SCOPES).  Returns buf. */
const char *session_scopes_join(const char (*scopes)[48], size_t n, char *buf, size_t size);

/* Wipe and free r->device_token. */
void session_result_clear(struct session_result *r);

/* What to do next after a failed handshake (policy in one place, from protocol brief 10.11). */
enum session_step {
	STEP_STOP,		/* report and stop */
	STEP_RETRY_SHARED,	/* drop the device token, retry at once with the shared token */
	STEP_WAIT_PAIRING,	/* keep retrying slowly: an operator must approve us */
	STEP_BACKOFF,		/* transient: retry with backoff */
};

enum session_step session_next_step(const struct session_result *r, enum session_auth used,
				    bool have_shared_token);

/* The client id to retry with when the gateway's schema refused the one sent (releases
 * before 2026.3.28 do not know openclaw-tui), or NULL when no retry helps. */
const char *session_fallback_client_id(const char *sent, const struct session_result *r);

/* Process exit code for an outcome: 0 ok, 3 pairing required, 4 auth refused, 1 other. */
int session_exit_code(const struct session_result *r);

/* One line for humans: "pairing required: device is not approved yet (NOT_PAIRED/PAIRING_REQUIRED)";
 * a protocol mismatch names the gateway's expectedProtocol. */
void session_describe(const struct session_result *r, char *out, size_t size);

/* One line for an HTTP answer instead of the WebSocket upgrade (status != 101), with what
 * the gateway means by it: "HTTP 503 instead of a WebSocket upgrade: more than 32 …". */
void session_describe_http_refusal(unsigned status, char *out, size_t size);

#endif
