/* Typed gateway operations: the only place that knows the gateway's method and event
 * names, the params each method takes and the shape of its result.  tui/ names an
 * operation by its GW_OP_* value and asks gw_event_of() about events (tests/check-layers
 * refuses method and event names outside net/).  Pure: jansson in, plain structs or the
 * model out; tested on the captured frames (tests/unit/test_gwop.c).  net/gwcall.h sends
 * them through a client. */
#ifndef OC_NET_GWOP_H
#define OC_NET_GWOP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct frame;
struct model;
struct model_grant_input;
struct pending_req;
struct agent_request;
struct oc_err;

/* ===================================================================== Operations */

/* ID, method, least-privilege scope (the gateway's own resolver:
 * tests/fixtures/frames/method-scopes.from-code.json).  operator.admin satisfies all. */
#define GW_OP_LIST(_)							\
	_(PRESENCE,	"system-presence",	"operator.read")	\
	_(PAIR_LIST,	"device.pair.list",	"operator.pairing")	\
	_(PAIR_APPROVE,	"device.pair.approve",	"operator.pairing")	\
	_(PAIR_REJECT,	"device.pair.reject",	"operator.pairing")	\
	_(PAIR_REMOVE,	"device.pair.remove",	"operator.pairing")	\
	_(TOKEN_REVOKE,	"device.token.revoke",	"operator.pairing")	\
	_(LOGS_TAIL,	"logs.tail",		"operator.read")	\
	_(CONFIG_GET,	"config.get",		"operator.read")	\
	_(CONFIG_PATCH,	"config.patch",		"operator.admin")

enum gw_op {
#define GW_OP_ENUM_(id, method, scope) GW_OP_##id,
	GW_OP_LIST(GW_OP_ENUM_)
#undef GW_OP_ENUM_
	GW_OP_COUNT
};

/* The method name sent on the wire ("device.pair.approve"); "" out of range. */
const char *gw_op_method(enum gw_op op);

/* The scope the gateway requires for op ("operator.pairing"); "" out of range. */
const char *gw_op_scope(enum gw_op op);

/* ===================================================================== Events */

/* ID, event name.  Events the console reacts to; the model applies them
 * (model_apply_event), the others are ignored. */
#define GW_EVENT_LIST(_)					\
	_(PRESENCE,		"presence")			\
	_(PAIR_REQUESTED,	"device.pair.requested")	\
	_(PAIR_RESOLVED,	"device.pair.resolved")

enum gw_event {
	GW_EVENT_OTHER,		/* not an event, or one the console does not use */
#define GW_EVENT_ENUM_(id, name) GW_EVENT_##id,
	GW_EVENT_LIST(GW_EVENT_ENUM_)
#undef GW_EVENT_ENUM_
};

/* Which event ev is: GW_EVENT_OTHER for anything else (and for a non-event frame). */
enum gw_event gw_event_of(const struct frame *ev);

/* Whether ev is any device-pairing event (requested, resolved, changed, ...): each can
 * change what the pairing list holds. */
bool gw_event_is_pairing(const struct frame *ev);

/* The event name ("device.pair.requested"); "" for GW_EVENT_OTHER. */
const char *gw_event_name(enum gw_event e);

/* ===================================================================== Params */

/* Each builder returns a new reference for gw_call/oneshot_call (which steal it), or NULL
 * on allocation failure.  Strings are copied.  system-presence, device.pair.list and
 * config.get take no params (pass NULL: {} is sent). */

/* device.pair.approve and device.pair.reject: {requestId}. */
json_t *gw_pair_approve_params(const char *request_id);
json_t *gw_pair_reject_params(const char *request_id);

/* device.pair.remove: {deviceId}. */
json_t *gw_pair_remove_params(const char *device_id);

/* device.token.revoke: {deviceId, role}. */
json_t *gw_token_revoke_params(const char *device_id, const char *role);

/* logs.tail: {cursor} once a cursor is known (cursor >= 0), else the bounded first read
 * {limit, maxBytes} from the end of the file. */
json_t *gw_logs_tail_params(int64_t cursor, int limit, int max_bytes);

/* ===================================================================== Results */

/* system-presence: model_set_presence(m, payload).  device.pair.list:
 * model_set_pairing(m, payload, now).  logs.tail: rejlog_apply_tail (net/rejlog.h). */

/* device.pair.approve {requestId, device}: the approved device becomes m->paired[0]
 * (parsed and sanitised by the model; n_paired 0 when the result has none) and
 * m->pending is emptied.  0, or -1 on allocation failure. */
int gw_pair_approve_result(struct model *m, const json_t *payload, int64_t now_ms);

/* device.pair.reject {requestId, deviceId}, device.pair.remove {deviceId} and
 * device.token.revoke {deviceId, role, revokedAtMs}: sanitised copies, "" when absent. */
struct gw_device_result {
	char request_id[128];
	char device_id[160];
	char role[64];
	bool has_request_id, has_role;	/* the key was present */
	bool has_revoked_at;
	int64_t revoked_at_ms;
};
void gw_device_result(const json_t *payload, struct gw_device_result *out);

/* config.get: the effective config (runtimeConfig, else resolved), borrowed from payload,
 * or NULL. */
const json_t *gw_config_runtime(const json_t *payload);

/* ===================================================================== Pairing policy */

/* The gateway's own auto-approval switches, gateway.nodes.pairing.autoApproveLocal and
 * .autoApproveCidrs: read from config.get (or a config.patch result), changed with
 * config.patch guarded by the config hash. */

#define GW_POLICY_CIDR_PATH "gateway.nodes.pairing.autoApproveCidrs"

struct gw_policy {
	bool local;		/* autoApproveLocal in effect (the gateway's default: true) */
	bool local_set;		/* the config sets autoApproveLocal itself */
	char **cidrs;		/* autoApproveCidrs as sent (sanitise to show); NULL for a non-string */
	size_t n_cidrs;
	char *hash;		/* the config hash ("" when absent): the next patch's baseHash */
};

/* Read the policy from a config.get or config.patch result (payload.config, else
 * payload.parsed).  Absent keys give the defaults.  0, or -1 on allocation failure (*p
 * is then empty but valid).  Release with gw_policy_free. */
int gw_policy_parse(const json_t *payload, struct gw_policy *p);

/* Free and zero.  Safe on a zeroed struct. */
void gw_policy_free(struct gw_policy *p);

/* Is s an IP address or CIDR as far as the console checks (hex digits, '.', ':', '/';
 * 1..64 characters)?  The gateway validates it properly. */
bool gw_policy_cidr_ok(const char *s);

/* What a config.patch changes.  Start zeroed (changes nothing). */
struct gw_policy_edit {
	bool set_local, local;	/* set autoApproveLocal to local */
	json_t *cidrs;		/* owned: the new autoApproveCidrs (empty: remove them), NULL: keep */
};

/* Set e->cidrs from typed text: "none" or "" clears the list, otherwise entries split on
 * any character of seps (empty entries skipped).  0, or -1 with err naming the first entry
 * that is not an IP address or CIDR (e->cidrs unchanged) or on allocation failure. */
int gw_policy_edit_cidrs(struct gw_policy_edit *e, const char *text, const char *seps,
			 struct oc_err *err);

/* Release e->cidrs and zero e. */
void gw_policy_edit_free(struct gw_policy_edit *e);

/* The config.patch params (a new reference, NULL on allocation failure):
 * raw {"gateway":{"nodes":{"pairing":{…}}}} with the edited keys (an empty CIDR list is
 * sent as null), baseHash (base_hash, or cur->hash when NULL), note, and replacePaths
 * [GW_POLICY_CIDR_PATH] when the new list drops one of cur's entries: config.patch merges
 * lists, so a shrink must replace.  *replaced (may be NULL) says whether it does. */
json_t *gw_policy_patch_params(const struct gw_policy *cur, const struct gw_policy_edit *e,
			       const char *base_hash, const char *note, bool *replaced);

/* The agent's view of pending request p of m (auth/agent.h): its ids, key, client, roles,
 * remote address and scopes, and, for a device that is paired, the paired record from m
 * (kept in *in, which must outlive r).  r points into p and *in. */
void gw_agent_request(const struct model *m, const struct pending_req *p,
		      struct model_grant_input *in, struct agent_request *r);

#endif
