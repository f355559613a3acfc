/* The effective grant: what a device holds once a pending pairing request is approved.
 * For a new device that is the request's scopes.  For a repair or upgrade the gateway
 * approves the union of the paired record's scopes and the request's, and re-issues the
 * role's token with its old scopes plus the new ones, a revoked token's included
 * (operator-queues.md 5.1 and 5.2).  So a revoked admin device that asks for read only
 * gets admin back.  The agent, the Pairing view's confirmation and `devices approve` all
 * decide and show from this one function.  Pure: libc only. */
#ifndef OC_AUTH_GRANT_H
#define OC_AUTH_GRANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GRANT_MAX_SCOPES 32

/* ===== Inputs ===== */

/* One token of the paired record, as device.pair.list summarises it. */
struct grant_token {
	const char *role;
	const char *const *scopes;
	size_t n_scopes;
	int64_t revoked_ms;		/* 0 = live */
};

/* The device's paired record (device.pair.list paired[] entry). */
struct grant_paired {
	const char *const *scopes;	/* the record's approved scopes */
	size_t n_scopes;
	const struct grant_token *tokens;
	size_t n_tokens;
	bool incomplete;		/* some tokens were left out: the grant is unknown */
};

/* ===== Result ===== */

enum grant_source {
	GRANT_REQUESTED,		/* the request names it */
	GRANT_KEPT,			/* not asked for; a live token of the device carries it now */
	GRANT_RESTORED,			/* not asked for and not held now: approval brings it back */
};

struct grant_scope {
	char name[48];
	enum grant_source source;
	int64_t revoked_ms;		/* RESTORED: latest revocation of a token that held it, or 0 */
};

struct grant {
	bool repair;			/* a paired record exists, or the gateway says isRepair */
	bool unknown;			/* the grant cannot be worked out (a repair whose paired
					 * record is not known, or more than GRANT_MAX_SCOPES
					 * scopes): treat it as beyond any ceiling */
	struct grant_scope v[GRANT_MAX_SCOPES];	/* requested first, in request order */
	size_t n;
};

/* ===== API ===== */

/* Work out the effective grant of approving a request for req[0..n_req) into g.  is_repair
 * is the pending record's isRepair; paired is the device's paired record, NULL when there
 * is none.  NULL and empty strings are skipped.  Never fails (see g->unknown). */
void grant_effective(const char *const *req, size_t n_req, bool is_repair,
		     const struct grant_paired *paired, struct grant *g);

/* Does the grant include operator.admin?  An unknown grant counts as yes. */
bool grant_has_admin(const struct grant *g);

/* Does approval bring back anything the request does not name and no live token carries
 * now (a GRANT_RESTORED scope)?  An unknown grant counts as yes. */
bool grant_restores(const struct grant *g);

/* The source of scope name in g, or -1 when g does not hold it. */
int grant_source_of(const struct grant *g, const char *name);

/* The scopes of one source, comma-joined, followed by " (revoked YYYY-MM-DD HH:MM UTC)" with
 * the latest revocation among them when a revoked token held them: "operator.write,
 * operator.admin (revoked 2026-12-03 17:50 UTC)".  "" when there are none.  Returns out. */
const char *grant_format(const struct grant *g, enum grant_source which, char *out, size_t size);

/* All scopes of the grant, comma-joined (no dates).  Returns out. */
const char *grant_join(const struct grant *g, char *out, size_t size);

#endif
