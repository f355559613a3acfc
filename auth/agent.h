/* The auto-approval agent's decision: one pending pairing request, the trusted-services
 * allowlist and the time in; approve, leave pending with a flag, or ignore out.  Pure
 * (libc, jansson, sodium), plus the append-only audit log of automatic decisions. */
#ifndef OC_AUTH_AGENT_H
#define OC_AUTH_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/grant.h"

struct oc_err;
struct trusted_list;

/* What the agent needs from a pending request (the caller converts from its model;
 * any string may be NULL = absent). */
struct agent_request {
	const char *request_id;
	const char *device_id;		/* lowercase hex SHA-256 of the public key, as claimed */
	const char *public_key;		/* base64url, no padding */
	const char *client_id, *client_mode, *display_name;
	const char *role;		/* "operator" expected */
	const char *const *roles;	/* every role asked for (may be NULL with n_roles 0) */
	size_t n_roles;
	const char *remote_ip;		/* local only when the gateway reported a loopback address */
	const char *const *scopes;
	size_t n_scopes;
	bool is_repair;			/* the pending record's isRepair */
	const struct grant_paired *paired;	/* the device's paired record, NULL when none */
};

enum agent_verdict {
	AGENT_IGNORE,		/* no entry concerns this request: leave it to a human, say nothing */
	AGENT_APPROVE,		/* an entry matches and the effective grant stays within its ceiling */
	AGENT_FLAG,		/* an entry concerns it but something is wrong: leave pending, warn */
};

struct agent_decision {
	enum agent_verdict verdict;
	char entry[65];			/* the entry that decided ("" for IGNORE) */
	char reason[256];		/* one sentence: why approved / why flagged */
	struct grant grant;		/* what approval would make the device hold (auth/grant.h) */
};

/* Decide for one request.  Pinned entries match the device id (and the public key must
 * hash to it); unpinned entries match client id (+ mode / display name when set) and
 * only local requests.  Approve needs role operator, no other role, an unexpired entry
 * and every scope of the effective grant (grant_effective: the request's scopes plus, for
 * a repair, everything the paired record and its tokens, revoked ones too, bring back)
 * implied by the ceiling (scopes_satisfies).  A repair whose paired record is not given
 * is flagged.  Never fails. */
void agent_decide(const struct agent_request *r, const struct trusted_list *l, int64_t now_ms,
		  struct agent_decision *d);

/* "approve" / "flag" / "ignore". */
const char *agent_verdict_name(enum agent_verdict v);

/* True when ip is an IP literal in 127.0.0.0/8, ::1 or ::ffff:127.x.y.z; false when it
 * is absent, empty or anything else (auth/addr.h). */
int agent_ip_is_local(const char *ip);

/* Does base64url public key pk hash (SHA-256, lowercase hex) to device_id?  0/1. */
int agent_key_matches_id(const char *pk, const char *device_id);

/* ===== Audit log ===== */

#define AGENT_AUDIT_FILE "audit.jsonl"

/* Append one JSON line {ts, requestId, deviceId, clientId, entry, decision, scopes, grant,
 * reason} to path (created 0600 with O_APPEND; refused when it is open to group/other, a
 * link or not a regular file) under an exclusive flock, and fsync it: on 0 the record is
 * on disk.  scopes: what the request names; grant: the effective grant g (null when
 * unknown; left out when g is NULL).  On -1 (err says why: a full disk, ...) nothing of it
 * is left in the file, and a torn last line from an earlier crash is ended before the next
 * record.  decision is free text ("approve", "flag", "approve-failed"). */
int agent_audit_append(const char *path, int64_t now_ms, const struct agent_request *r,
		       const struct grant *g, const char *entry, const char *decision,
		       const char *reason, struct oc_err *err);

/* Format Unix ms as "YYYY-MM-DDTHH:MM:SS.mmmZ" into out (>= 32 bytes). */
void agent_format_time(int64_t ms, char *out, size_t size);

#endif
