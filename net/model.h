/* The console's mirror of gateway state: live presence, pending pairing requests and
 * paired devices, fed by RPC results and events through one code path, with a "what
 * changed" bitmask for the views.  Pure: jansson in, plain structs out.  Every string is
 * sanitised (net/text.h) when it enters the model, so consumers can draw it as is. */
#ifndef OC_NET_MODEL_H
#define OC_NET_MODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "auth/classify.h"
#include "auth/grant.h"

struct frame;

enum model_changed {
	MODEL_CHANGED_PRESENCE = 1u << 0,
	MODEL_CHANGED_PENDING = 1u << 1,
	MODEL_CHANGED_PAIRED = 1u << 2,
	MODEL_CHANGED_NEW_REQUEST = 1u << 3,	/* a request id never seen before arrived (bell) */
};

/* Caps on every list the gateway sends, far above what a real gateway holds (it keeps 200
 * presence rows), so that a hostile one cannot make the console grow without bound.  A
 * list over its cap keeps its first entries; model_caps_describe says what was left out. */
#define MODEL_MAX_PRESENCE 10000	/* presence rows (bench/scale draws 10,000) */
#define MODEL_MAX_PENDING 10000		/* pending pairing requests */
#define MODEL_MAX_PAIRED 20000		/* paired devices */
#define MODEL_MAX_LIST 256		/* roles / scopes of one row */
#define MODEL_MAX_TOKENS 64		/* tokens of one paired device */
#define MODEL_MAX_SEEN 40000		/* request ids remembered as announced (see seen_add) */

/* A row's roles or scopes.  Over MODEL_MAX_LIST entries, the last one kept is the text
 * "(+N more)": no scope or role by that name exists, so no ceiling can admit it and the
 * agent flags the request instead of approving a list it never saw whole. */
struct strlist {
	char **v;
	size_t n;
};

struct presence_row {
	char *client_id, *mode, *host, *ip, *version, *platform, *device_family;
	char *device_id, *instance_id, *reason, *text, *model_identifier;
	struct strlist roles, scopes;
	bool scopes_present;		/* false: the gateway cleared (or never granted) scopes */
	int64_t online_since_ms, ts_ms, last_activity_ms;	/* 0 when absent */
	enum client_class cls;
	bool live;			/* reason != "disconnect" */
	bool client_id_from_paired;	/* the gateway sent no clientId (releases before 2026.9):
					 * client_id and cls come from the paired-device record */
	uint64_t rev;			/* new each time the row is parsed or changed (net/rows.c
					 * caches by it) */
};

struct pending_req {
	char *request_id, *device_id, *public_key, *display_name, *platform, *device_family;
	char *client_id, *client_mode, *role, *remote_ip, *browser_origin;
	struct strlist roles, scopes;
	bool is_repair, silent;
	bool listed;			/* came from device.pair.list, with the paired records of
					 * the same answer (an event's copy may meet stale ones) */
	int64_t ts_ms;			/* creation time (gateway clock) */
	int64_t seen_ms;		/* last time the gateway listed or announced it (local wall clock) */
	enum client_class cls;
	uint64_t rev;			/* new each time the row is parsed */
};

struct device_token_info {
	char *role;
	struct strlist scopes;
	int64_t created_ms, rotated_ms, revoked_ms, last_used_ms;
};

struct paired_dev {
	char *device_id, *public_key, *display_name, *platform, *device_family;
	char *client_id, *client_mode, *role, *approved_via, *last_seen_reason, *label;
	struct strlist roles, scopes;
	int64_t created_ms, approved_ms, last_seen_ms;
	bool connected;
	bool connected_from_presence;	/* the gateway sent no "connected" (releases before
					 * 2026.9): worked out from the live presence entries */
	struct device_token_info *tokens;
	size_t n_tokens;
	size_t tokens_over;		/* tokens beyond MODEL_MAX_TOKENS, not kept */
	enum client_class cls;
	uint64_t rev;			/* new each time the row is parsed */
};

struct model {
	struct presence_row *presence;
	size_t n_presence;
	struct pending_req *pending;
	size_t n_pending;
	size_t pending_cap;		/* allocated entries of pending (events grow it by doubling) */
	struct paired_dev *paired;
	size_t n_paired;
	unsigned changed;		/* MODEL_CHANGED_* since the last model_take_changes */
	/* entries left out by a cap (0 = none): of the last presence list, of the last pairing
	 * list plus the requests announced since, of the last pairing list */
	size_t presence_over, pending_over, paired_over;
	/* request id -> index of pending: open addressing, each slot an index + 1 (0 empty);
	 * pending_ix_cap is a power of two, or 0 when there is no index (lookups then scan) */
	size_t *pending_ix;
	size_t pending_ix_cap;
	bool pending_ix_dups;		/* a listed id came twice (only its first is indexed):
					 * a removal rebuilds the index */
	/* request ids already announced, so a refreshed request does not ring twice: a hash
	 * set (open addressing, seen_cap slots, a power of two) of n_seen_requests ids */
	char **seen_requests;
	size_t n_seen_requests;
	size_t seen_cap;
};

/* Replace the presence list with a JSON array (system-presence result, presence event
 * payload.presence, or hello-ok snapshot.presence).  Non-objects are skipped. 0 or -1 (OOM). */
int model_set_presence(struct model *m, const json_t *array);

/* Replace pending and paired from a device.pair.list result {pending:[], paired:[]}.
 * now_ms stamps seen_ms.  0 or -1. */
int model_set_pairing(struct model *m, const json_t *payload, int64_t now_ms);

/* Apply one event: presence, device.pair.requested (insert/refresh), device.pair.resolved
 * (remove the request).  Unknown events are ignored.  Returns the MODEL_CHANGED_* bits it set. */
unsigned model_apply_event(struct model *m, const struct frame *ev, int64_t now_ms);

/* Remove a pending request by id (e.g. after our own approve succeeded). 1 removed, 0 not found. */
int model_remove_pending(struct model *m, const char *request_id);

/* Drop pending requests not seen for ttl_ms (the gateway expires them after 300 s without
 * telling anyone).  Returns how many were dropped. */
size_t model_expire_pending(struct model *m, int64_t now_ms, int64_t ttl_ms);

/* The gateway keeps at most this many presence entries, its own included, and drops the
 * stalest first, live ones too (system-presence MAX_ENTRIES in 2026.9.6). */
#define MODEL_GATEWAY_PRESENCE_MAX 200

/* Is the presence list at the gateway's cap, so that some connections may be missing? */
bool model_presence_full(const struct model *m);

/* When a cap left entries out, one line for the status bar or stderr ("the gateway
 * sent more than the console keeps: 1200000 presence rows, showing 2000; …") into out,
 * and 1; otherwise out is "" and 0. */
int model_caps_describe(const struct model *m, char *out, size_t size);

/* Find helpers: NULL when absent. */
const struct paired_dev *model_find_paired(const struct model *m, const char *device_id);
const struct pending_req *model_find_pending(const struct model *m, const char *request_id);

#define MODEL_GRANT_MAX_TOKENS 8

/* A paired record as auth/grant.h input, with room for its tokens. */
struct model_grant_input {
	struct grant_paired p;
	struct grant_token tokens[MODEL_GRANT_MAX_TOKENS];
};

/* Fill in from d (which must outlive it) and return &in->p, or NULL when d is NULL.  A
 * record with more tokens than fit is marked incomplete (its grant is then unknown). */
const struct grant_paired *model_grant_paired(const struct paired_dev *d, struct model_grant_input *in);

/* The effective grant of approving q (auth/grant.h): q's scopes and isRepair, and the
 * paired record of q's device in m, when there is one.  Never fails (see g->unknown). */
void model_request_grant(const struct model *m, const struct pending_req *q, struct grant *g);

/* Return and clear the change bits. */
unsigned model_take_changes(struct model *m);

/* A stable text dump for tests and --dump-state. */
void model_dump(const struct model *m, FILE *out);

/* Free everything and zero the struct. */
void model_free(struct model *m);

/* JSON forms used by the --json commands (new references). */
json_t *model_presence_json(const struct presence_row *r);
json_t *model_pending_json(const struct pending_req *r);
json_t *model_paired_json(const struct paired_dev *d);

#endif
