/* What each OpenClaw gateway release supports: one table (auth/release.c), looked up by
 * the hello-ok's server.version or --gateway-version.  Everything in the console that
 * differs between releases asks this table, so a new release is a new row, not new code.
 * Pure: libc only. */
#ifndef OC_AUTH_RELEASE_H
#define OC_AUTH_RELEASE_H

#include <stdbool.h>
#include <stddef.h>

struct oc_err;

/* Capability bits of a release row.  X(name, bit, text): text says what it means. */
#define RELEASE_CAP_LIST(X) \
	X(TUI_CLIENT_ID,     0, "client id openclaw-tui is known") \
	X(NEW_CLIENT_IDS,    1, "client ids openclaw-linux, openclaw-watchos, openclaw-browser-copilot, openclaw-worker and mode worker are known") \
	X(AUTH_BLOCK,        2, "hello-ok always carries auth {role, scopes}") \
	X(PRESENCE_CLIENT_ID,3, "presence entries carry clientId") \
	X(PAIRED_EXTRAS,     4, "paired devices carry approvedVia and connected") \
	X(AUTO_APPROVE_LOCAL,5, "gateway.nodes.pairing.autoApproveLocal exists") \
	X(AUTO_APPROVE_CIDRS,6, "gateway.nodes.pairing.autoApproveCidrs exists") \
	X(LOG_PHASE,         7, "handshake log lines end in phase=") \
	X(LOG_FILE_OWN,      8, "logging.file is honoured (else every gateway on the host shares one log)") \
	X(SCOPE_FORBIDDEN,   9, "a missing scope is FORBIDDEN with details.code MISSING_SCOPE (else INVALID_REQUEST \"missing scope: X\")") \
	X(HASH_HMAC,        10, "config hashes are hmac-sha256:v1:… (else plain sha256 hex)") \
	X(PAIRING_DETAILS,  11, "PAIRING_REQUIRED carries a long message, remediationHint, deviceId, requestedRole and requestedScopes") \
	X(PROTOCOL_DETAILS, 12, "protocol mismatch details carry code PROTOCOL_MISMATCH") \
	X(INSECURE_AUTH,    13, "gateway.controlUi.allowInsecureAuth and dangerouslyDisableDeviceAuth are live") \
	X(KEEP_BACKEND,     14, "gateway-client/backend from loopback keeps its scopes without a device and is never paired") \
	X(KEEP_CLI,         15, "cli/cli from loopback keeps its scopes without a device") \
	X(SILENT_UPGRADE,   16, "scope upgrades can be approved silently") \
	X(BUILD_ID_CHECK,   17, "a loopback openclaw-control-ui page must send the gateway's build id") \
	X(PASSWORD_AS_TOKEN,18, "the shared secret is accepted in auth.password on a token gateway (and in auth.token on a password gateway)") \
	X(SCHEMA_ENUM_MSG,  19, "schema errors say \"must be equal to one of the allowed values\"")

enum release_cap {
#define X(name, bit, text) RELEASE_##name = 1u << (bit),
	RELEASE_CAP_LIST(X)
#undef X
};

/* One row: the releases from `first` up to the next row's first. */
struct release {
	const char *first;		/* "2026.3.28" */
	const char *rules;		/* explain rule family: "3.x", "4.29-7.x", "8.x-9.x" */
	int protocol;			/* the one protocol version it speaks */
	unsigned caps;			/* RELEASE_* */
	const char *note;		/* how the row was established */
};

/* The row for version ("2026.6.11", "v2026.6.11", "2026.6.11-beta.1"; NULL or "" = the
 * newest).  A version newer than every row gets the newest row, one older than the first
 * gets the first.  NULL with err when version is not YYYY.M.D. */
const struct release *release_find(const char *version, struct oc_err *err);

/* The newest row, and the release the newest row was measured on ("2026.9.6"). */
const struct release *release_newest(void);
const char *release_newest_version(void);

/* Does the release have cap? */
bool release_has(const struct release *r, enum release_cap cap);

/* Compare two versions numerically (YYYY.M.D): <0, 0, >0.  Unparsable sorts first. */
int release_compare(const char *a, const char *b);

/* Does the release have the gateway setting key ("gateway." prefix optional)?  Settings
 * the console knows but the release lacks are false; any other key is true. */
bool release_has_setting(const struct release *r, const char *key);

/* Is hash a config hash some release sends (sha256 hex before 2026.8.2,
 * hmac-sha256:v1:<base64url> on 2026.9.6)? */
bool release_hash_valid(const char *hash);

/* The digest part of a config hash, for short display ("4e452e49f0ff"): hash itself, or
 * what follows the last ':'. */
const char *release_hash_digest(const char *hash);

/* Rows and caps for tests and docs. */
size_t release_count(void);
const struct release *release_at(size_t i);
const char *release_cap_text(enum release_cap cap);

#endif
