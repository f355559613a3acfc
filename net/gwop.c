#include "net/gwop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/addr.h"
#include "auth/agent.h"
#include "auth/err.h"
#include "net/frame.h"
#include "net/model.h"
#include "net/text.h"

/* ===================================================================== Operations */

static const struct {
	const char *method, *scope;
} gw_ops[] = {
#define GW_OP_ROW_(id, method, scope) [GW_OP_##id] = { method, scope },
	GW_OP_LIST(GW_OP_ROW_)
#undef GW_OP_ROW_
};

const char *
gw_op_method(enum gw_op op)
{
	return (unsigned)op < GW_OP_COUNT ? gw_ops[op].method : "";
}

const char *
gw_op_scope(enum gw_op op)
{
	return (unsigned)op < GW_OP_COUNT ? gw_ops[op].scope : "";
}

/* ===================================================================== Events */

static const char *const gw_events[] = {
	[GW_EVENT_OTHER] = "",
#define GW_EVENT_ROW_(id, name) [GW_EVENT_##id] = name,
	GW_EVENT_LIST(GW_EVENT_ROW_)
#undef GW_EVENT_ROW_
};

#define GW_N_EVENTS (sizeof(gw_events) / sizeof(gw_events[0]))

enum gw_event
gw_event_of(const struct frame *ev)
{
	if (!ev || ev->type != FRAME_EVENT || !ev->event)
		return GW_EVENT_OTHER;
	for (size_t i = 1; i < GW_N_EVENTS; i++)
		if (strcmp(ev->event, gw_events[i]) == 0)
			return (enum gw_event)i;
	return GW_EVENT_OTHER;
}

bool
gw_event_is_pairing(const struct frame *ev)
{
	return ev && ev->type == FRAME_EVENT && ev->event && strncmp(ev->event, "device.pair.", 12) == 0;
}

const char *
gw_event_name(enum gw_event e)
{
	return (unsigned)e < GW_N_EVENTS ? gw_events[e] : "";
}

/* ===================================================================== Params */

json_t *
gw_pair_approve_params(const char *request_id)
{
	return json_pack("{s:s}", "requestId", request_id);
}

json_t *
gw_pair_reject_params(const char *request_id)
{
	return json_pack("{s:s}", "requestId", request_id);
}

json_t *
gw_pair_remove_params(const char *device_id)
{
	return json_pack("{s:s}", "deviceId", device_id);
}

json_t *
gw_token_revoke_params(const char *device_id, const char *role)
{
	return json_pack("{s:s, s:s}", "deviceId", device_id, "role", role);
}

json_t *
gw_logs_tail_params(int64_t cursor, int limit, int max_bytes)
{
	if (cursor >= 0)
		return json_pack("{s:I}", "cursor", (json_int_t)cursor);
	return json_pack("{s:i,s:i}", "limit", limit, "maxBytes", max_bytes);
}

/* ===================================================================== Results */

int
gw_pair_approve_result(struct model *m, const json_t *payload, int64_t now_ms)
{
	const json_t *dev = json_object_get(payload, "device");
	json_t *wrap;
	int rc;

	/* one paired record, parsed like a device.pair.list entry so every string is sanitised */
	wrap = json_is_object(dev) ? json_pack("{s:[], s:[O]}", "pending", "paired", dev)
				   : json_pack("{s:[], s:[]}", "pending", "paired");
	if (!wrap)
		return -1;
	rc = model_set_pairing(m, wrap, now_ms);
	json_decref(wrap);
	return rc;
}

/* A sanitised copy of obj[key] ("" when absent or not a string); whether key is present. */
static bool
gw_clean_str(const json_t *obj, const char *key, char *buf, size_t size)
{
	const json_t *v = json_object_get(obj, key);

	frame_clean(v, buf, size);	/* all of it: a U+0000 is dropped, not an end */
	return v != NULL;
}

void
gw_device_result(const json_t *payload, struct gw_device_result *out)
{
	const json_t *at = json_object_get(payload, "revokedAtMs");

	memset(out, 0, sizeof(*out));
	out->has_request_id = gw_clean_str(payload, "requestId", out->request_id,
					   sizeof(out->request_id));
	gw_clean_str(payload, "deviceId", out->device_id, sizeof(out->device_id));
	out->has_role = gw_clean_str(payload, "role", out->role, sizeof(out->role));
	out->has_revoked_at = json_is_integer(at);
	out->revoked_at_ms = out->has_revoked_at ? (int64_t)json_integer_value(at) : 0;
}

const json_t *
gw_config_runtime(const json_t *payload)
{
	const json_t *cfg = json_object_get(payload, "runtimeConfig");

	if (!json_is_object(cfg))
		cfg = json_object_get(payload, "resolved");
	return cfg;
}

/* ===================================================================== Pairing policy */

/* gateway.nodes.pairing of a config.get or config.patch result (borrowed), or NULL. */
static const json_t *
gw_policy_pairing(const json_t *payload)
{
	const json_t *cfg = json_object_get(payload, "config");

	if (!json_is_object(cfg))
		cfg = json_object_get(payload, "parsed");
	return json_object_get(json_object_get(json_object_get(cfg, "gateway"), "nodes"), "pairing");
}

int
gw_policy_parse(const json_t *payload, struct gw_policy *p)
{
	const json_t *pairing = gw_policy_pairing(payload);
	const json_t *local = json_object_get(pairing, "autoApproveLocal");
	const json_t *cidrs = json_object_get(pairing, "autoApproveCidrs");
	const char *hash = json_string_value(json_object_get(payload, "hash"));
	size_t n = json_is_array(cidrs) ? json_array_size(cidrs) : 0;

	memset(p, 0, sizeof(*p));
	p->local_set = json_is_boolean(local);
	p->local = p->local_set ? json_is_true(local) : true;
	p->hash = strdup(hash ? hash : "");
	if (!p->hash)
		goto oom;
	if (n && !(p->cidrs = calloc(n, sizeof(*p->cidrs))))
		goto oom;
	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(cidrs, i));

		if (s && !(p->cidrs[i] = strdup(s)))
			goto oom;
		p->n_cidrs++;
	}
	return 0;
oom:
	gw_policy_free(p);
	return -1;
}

void
gw_policy_free(struct gw_policy *p)
{
	for (size_t i = 0; i < p->n_cidrs; i++)
		free(p->cidrs[i]);
	free(p->cidrs);
	free(p->hash);
	memset(p, 0, sizeof(*p));
}

/* A real IPv4/IPv6 address or range (auth/addr.h), as the gateway will read it: nothing
 * around it either, since the gateway is sent the text as typed. */
bool
gw_policy_cidr_ok(const char *s)
{
	struct addr_cidr c;

	return *s && !s[strspn(s, "0123456789abcdefABCDEF.:/")] && addr_cidr_parse(s, &c) == 0;
}

int
gw_policy_edit_cidrs(struct gw_policy_edit *e, const char *text, const char *seps,
		     struct oc_err *err)
{
	json_t *arr = json_array();
	char *buf = strdup(text), *save = NULL;

	if (!arr || !buf)
		goto oom;
	if (strcmp(buf, "none") != 0)
		for (char *t = strtok_r(buf, seps, &save); t; t = strtok_r(NULL, seps, &save)) {
			if (!gw_policy_cidr_ok(t)) {
				oc_errf(err, "autoApproveCidrs: \"%s\" is not an IP address or CIDR", t);
				json_decref(arr);
				free(buf);
				return -1;
			}
			if (json_array_append_new(arr, json_string(t)) < 0)
				goto oom;
		}
	free(buf);
	json_decref(e->cidrs);
	e->cidrs = arr;
	return 0;
oom:
	json_decref(arr);
	free(buf);
	return oc_errf(err, "out of memory");
}

void
gw_policy_edit_free(struct gw_policy_edit *e)
{
	json_decref(e->cidrs);
	memset(e, 0, sizeof(*e));
}

/* Does arr hold the string s? */
static bool
gw_policy_has(const json_t *arr, const char *s)
{
	size_t i;
	const json_t *v;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

json_t *
gw_policy_patch_params(const struct gw_policy *cur, const struct gw_policy_edit *e,
		       const char *base_hash, const char *note, bool *replaced)
{
	json_t *pairing = json_object(), *doc, *params;
	bool shrink = false;
	char *raw;

	if (!pairing)
		return NULL;
	if (e->set_local)
		json_object_set_new(pairing, "autoApproveLocal", json_boolean(e->local));
	if (e->cidrs) {
		json_object_set_new(pairing, "autoApproveCidrs",
				    json_array_size(e->cidrs) ? json_incref(e->cidrs) : json_null());
		/* any current CIDR missing from the new list: replace the list instead of merging */
		for (size_t i = 0; i < cur->n_cidrs; i++)
			if (cur->cidrs[i] && !gw_policy_has(e->cidrs, cur->cidrs[i]))
				shrink = true;
	}
	doc = json_pack("{s:{s:{s:o}}}", "gateway", "nodes", "pairing", pairing);	/* steals pairing */
	raw = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(doc);
	if (!raw)
		return NULL;
	params = json_pack("{s:s,s:s,s:s}", "raw", raw, "baseHash",
			   base_hash ? base_hash : cur->hash ? cur->hash : "", "note", note ? note : "");
	free(raw);
	if (params && shrink &&
	    json_object_set_new(params, "replacePaths", json_pack("[s]", GW_POLICY_CIDR_PATH)) < 0) {
		json_decref(params);
		return NULL;
	}
	if (replaced)
		*replaced = shrink;
	return params;
}

void
gw_agent_request(const struct model *m, const struct pending_req *p, struct model_grant_input *in,
		 struct agent_request *r)
{
	memset(r, 0, sizeof(*r));
	r->request_id = p->request_id;
	r->device_id = p->device_id;
	r->public_key = p->public_key;
	r->client_id = p->client_id;
	r->client_mode = p->client_mode;
	r->display_name = p->display_name;
	r->role = p->role;
	r->roles = (const char *const *)p->roles.v;
	r->n_roles = p->roles.n;
	r->remote_ip = p->remote_ip;
	r->scopes = (const char *const *)p->scopes.v;
	r->n_scopes = p->scopes.n;
	/* a repair is judged on what approval restores: the paired record goes in too */
	r->is_repair = p->is_repair;
	r->paired = model_grant_paired(model_find_paired(m, p->device_id), in);
}
