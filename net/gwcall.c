#include "net/gwcall.h"

#include "net/client.h"

int
gw_call(struct client *c, enum gw_op op, json_t *params, rpc_cb cb, void *ctx)
{
	if ((unsigned)op >= GW_OP_COUNT) {
		json_decref(params);
		return -1;
	}
	return client_call(c, gw_op_method(op), params, cb, ctx);
}

/* A builder that failed (NULL) must not turn into a call with {} params. */
static int
gw_call_built(struct client *c, enum gw_op op, json_t *params, rpc_cb cb, void *ctx)
{
	return params ? gw_call(c, op, params, cb, ctx) : -1;
}

int
gw_presence(struct client *c, rpc_cb cb, void *ctx)
{
	return gw_call(c, GW_OP_PRESENCE, NULL, cb, ctx);
}

int
gw_pair_list(struct client *c, rpc_cb cb, void *ctx)
{
	return gw_call(c, GW_OP_PAIR_LIST, NULL, cb, ctx);
}

int
gw_pair_approve(struct client *c, const char *request_id, rpc_cb cb, void *ctx)
{
	return gw_call_built(c, GW_OP_PAIR_APPROVE, gw_pair_approve_params(request_id), cb, ctx);
}

int
gw_pair_reject(struct client *c, const char *request_id, rpc_cb cb, void *ctx)
{
	return gw_call_built(c, GW_OP_PAIR_REJECT, gw_pair_reject_params(request_id), cb, ctx);
}

int
gw_pair_remove(struct client *c, const char *device_id, rpc_cb cb, void *ctx)
{
	return gw_call_built(c, GW_OP_PAIR_REMOVE, gw_pair_remove_params(device_id), cb, ctx);
}

int
gw_token_revoke(struct client *c, const char *device_id, const char *role, rpc_cb cb, void *ctx)
{
	return gw_call_built(c, GW_OP_TOKEN_REVOKE, gw_token_revoke_params(device_id, role), cb, ctx);
}

int
gw_logs_tail(struct client *c, json_t *params, rpc_cb cb, void *ctx)
{
	return gw_call_built(c, GW_OP_LOGS_TAIL, params, cb, ctx);
}

int
gw_policy_get(struct client *c, rpc_cb cb, void *ctx)
{
	return gw_call(c, GW_OP_CONFIG_GET, NULL, cb, ctx);
}

int
gw_policy_patch(struct client *c, json_t *params, rpc_cb cb, void *ctx)
{
	return gw_call_built(c, GW_OP_CONFIG_PATCH, params, cb, ctx);
}
