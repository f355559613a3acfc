/* The explain engine: how a gateway release treats one handshake, and why.
 * Connection facts and gateway settings in, a verdict out: the client class, the
 * outcome, the exact error code / details.code / message / close code the gateway
 * sends, the rule that decided it in plain words, and the smallest remedies.
 * The rules are one table in auth/decide.c, evaluated in the gateway's order of checks
 * (protocol brief 4.1); each rule may be limited to the releases that have (or lack)
 * capabilities of auth/release.h, so one table explains every release since 2026.3.
 * Pure: libc only. */
#ifndef OC_AUTH_DECIDE_H
#define OC_AUTH_DECIDE_H

#include <stdbool.h>
#include <stddef.h>

#include "auth/classify.h"

struct oc_err;

/*
 * Inputs
 */

enum decide_auth {
	DECIDE_AUTH_NONE,
	DECIDE_AUTH_TOKEN,		/* auth.token: the shared secret */
	DECIDE_AUTH_PASSWORD,		/* auth.password: the shared secret under another name */
	DECIDE_AUTH_DEVICE_TOKEN,	/* auth.deviceToken */
	DECIDE_AUTH_BOOTSTRAP_TOKEN,	/* auth.bootstrapToken (setup code) */
};

enum decide_device {
	DECIDE_DEVICE_NONE,		/* no device block */
	DECIDE_DEVICE_PAIRED,		/* signed, and approved earlier */
	DECIDE_DEVICE_UNPAIRED,		/* signed, unknown to the gateway */
	DECIDE_DEVICE_BAD_SIGNATURE,	/* signature does not verify */
	DECIDE_DEVICE_STALE_NONCE,	/* signed over another socket's nonce */
	DECIDE_DEVICE_EXPIRED_SIGNATURE,/* signedAt more than 120 s from the gateway's clock */
};

/* The gateway's signature window: |gateway now - device.signedAt| <= this. */
#define DECIDE_SIGNATURE_SKEW_MS 120000

enum decide_origin {
	DECIDE_ORIGIN_ABSENT,
	DECIDE_ORIGIN_LOOPBACK,		/* http://127.0.0.1:…, http://localhost:… */
	DECIDE_ORIGIN_OTHER,		/* anything else (origin_value holds it) */
};

enum decide_locality {
	DECIDE_LOC_LOOPBACK,		/* direct loopback socket, no proxy headers */
	DECIDE_LOC_LAN,			/* private address */
	DECIDE_LOC_REMOTE,		/* public address */
};

#define DECIDE_MAX_SCOPES 16
#define DECIDE_MAX_LIST 8

/* The gateway settings that matter.  decide_settings_default() gives the defaults (the same
 * on every release). */
struct decide_settings {
	char auth_mode[16];			/* token | password | none | trusted-proxy */
	bool allow_insecure_auth;		/* controlUi.allowInsecureAuth: live before 2026.8.2
						 * (RELEASE_INSECURE_AUTH), ignored after */
	bool disable_device_auth;		/* controlUi.dangerouslyDisableDeviceAuth: likewise */
	char allowed_origins[DECIDE_MAX_LIST][128];	/* controlUi.allowedOrigins ("*" = any) */
	size_t n_allowed_origins;
	bool auto_approve_local;		/* nodes.pairing.autoApproveLocal (default true; the key
						 * exists from 2026.8.2, before it pairing is as if true) */
	char auto_approve_cidrs[DECIDE_MAX_LIST][64];	/* nodes.pairing.autoApproveCidrs (IPv4, IPv6) */
	size_t n_auto_approve_cidrs;
};

struct decide_input {
	char client_id[48];
	char mode[16];
	char role[16];				/* "" = operator (the gateway's default) */
	char scopes[DECIDE_MAX_SCOPES][48];
	size_t n_scopes;
	enum decide_auth auth;
	bool secret_ok;				/* the secret sent is the right one (token, password,
						 * device token or bootstrap token) */
	enum decide_device device;
	enum decide_origin origin;
	char origin_value[128];			/* the Origin header when origin != ABSENT */
	enum decide_locality locality;
	char remote_addr[64];			/* peer address ("" = 127.0.0.1) */
	int min_protocol, max_protocol;		/* 0 = the release's own protocol */
	bool build_id_ok;			/* client.buildId is "dev" or the gateway's own build
						 * (only checked for openclaw-control-ui) */
	char approved_scopes[DECIDE_MAX_SCOPES][48];	/* a paired device's approved set */
	size_t n_approved_scopes;
	bool approved_known;			/* approved_scopes is given (else: covers the request) */
	char gateway_version[24];		/* the release to predict for; "" = the newest */
	struct decide_settings settings;
};

/*
 * Output
 */

#define DECIDE_OUTCOME_LIST(X) \
	X(ACCEPTED_KEPT,    "accepted",  "accepted, requested scopes kept") \
	X(ACCEPTED_CLEARED, "cleared",   "accepted, scopes cleared to []") \
	X(PAIRING_REQUIRED, "pairing",   "pairing required: an operator must approve the device") \
	X(REJECTED,         "rejected",  "rejected")

enum decide_outcome {
#define X(e, key, text) DECIDE_##e,
	DECIDE_OUTCOME_LIST(X)
#undef X
};

#define DECIDE_MAX_REMEDIES 4

struct decide_verdict {
	enum client_class cls;
	enum decide_outcome outcome;
	const char *rule_id;		/* short stable name of the deciding rule */
	const char *rule;		/* the rule in plain words */
	const char *error_code;		/* "INVALID_REQUEST", "NOT_PAIRED" or NULL when accepted */
	const char *details_code;	/* "CONTROL_UI_DEVICE_IDENTITY_REQUIRED", … or NULL */
	const char *details_reason;	/* details.reason / authReason, or NULL */
	char message[256];		/* error.message exactly as the gateway sends it */
	int close_code;			/* 1008, 1002 …, 0 when accepted */
	const char *log_cause;		/* cause in the gateway log ("control-ui-insecure-auth") */
	bool device_token;		/* hello-ok carries auth.deviceToken */
	bool silent_pairing;		/* the device was approved inside the handshake */
	const char *remedies[DECIDE_MAX_REMEDIES];
	size_t n_remedies;
	char gateway_version[24];	/* the release predicted for ("2026.9.6") */
	const char *rules;		/* its rule family ("3.x", "4.29-8.1", "8.2-9.x") */
};

/*
 * API
 */

/* Fill s with the gateway defaults (auth token, autoApproveLocal true, no lists). */
void decide_settings_default(struct decide_settings *s);

/* Fill in with a loopback cli/cli operator, shared token, no device, protocol 3..4, default
 * settings, the newest release. */
void decide_input_default(struct decide_input *in);

/* Apply one "key=value" setting (gateway.auth.mode, gateway.controlUi.allowedOrigins
 * (comma list), gateway.controlUi.allowInsecureAuth, gateway.controlUi.dangerouslyDisableDeviceAuth,
 * gateway.nodes.pairing.autoApproveLocal, gateway.nodes.pairing.autoApproveCidrs; the
 * "gateway." prefix is optional).  0, or -1 with err on an unknown key or bad value. */
int decide_setting_apply(struct decide_settings *s, const char *kv, struct oc_err *err);

/* Parse names used on the command line and in tests/handshakes.tsv.  0 or -1. */
int decide_auth_parse(const char *s, enum decide_auth *out);
int decide_device_parse(const char *s, enum decide_device *out);

/* Classify an Origin header value (NULL or "" = absent) into in->origin/origin_value. */
void decide_origin_set(struct decide_input *in, const char *origin);

/* Where a peer address is (auth/addr.h decides): LOOPBACK for a loopback IP literal or
 * "localhost", LAN for a private range (RFC 1918, fc00::/7, fe80::/10), REMOTE for any
 * other address and for every other name. */
enum decide_locality decide_locality_of(const char *addr);

/* Set in->scopes from "a,b" (commas and/or spaces).  0, or -1 with err. */
int decide_scopes_set(struct decide_input *in, const char *csv, struct oc_err *err);

/* Set the paired device's approved set (approved_known) from "a,b".  0, or -1 with err. */
int decide_approved_scopes_set(struct decide_input *in, const char *csv, struct oc_err *err);

/* Set the release to predict for ("2026.6.11", "v2026.6.11-beta.1").  0, or -1 with err
 * when it is not a version. */
int decide_release_set(struct decide_input *in, const char *version, struct oc_err *err);

/* Is a device block signed at signed_at_ms outside the window of a gateway whose clock
 * reads now_ms? */
bool decide_signature_expired(long long signed_at_ms, long long now_ms);

/* Evaluate the rule table.  Always fills v (every input maps to some verdict). */
void decide_evaluate(const struct decide_input *in, struct decide_verdict *v);

/* Names: "accepted"/"cleared"/"pairing"/"rejected" and the long description. */
const char *decide_outcome_key(enum decide_outcome o);
const char *decide_outcome_text(enum decide_outcome o);
const char *decide_auth_key(enum decide_auth a);
const char *decide_device_key(enum decide_device d);

/* Number of rules in the table and the id of rule i (for tests and docs). */
size_t decide_rule_count(void);
const char *decide_rule_id(size_t i);

#endif
