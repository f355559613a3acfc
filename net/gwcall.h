/* Sending the typed gateway operations (net/gwop.h) through a client: the async call
 * layer the TUI and the agent use.  The CLI's synchronous twin is oneshot_call
 * (tui/cli.h).  Every function has client_call's contract: cb runs exactly once, with the
 * response or with res == NULL and a reason; 0, or -1 when not READY or out of memory (cb
 * not called). */
#ifndef OC_NET_GWCALL_H
#define OC_NET_GWCALL_H

#include <jansson.h>

#include "net/gwop.h"
#include "net/rpc.h"

struct client;

/* Send op with params (stolen; NULL sends {}). */
int gw_call(struct client *c, enum gw_op op, json_t *params, rpc_cb cb, void *ctx);

/* system-presence: the live connections (result: model_set_presence). */
int gw_presence(struct client *c, rpc_cb cb, void *ctx);

/* device.pair.list: pending requests and paired devices (result: model_set_pairing). */
int gw_pair_list(struct client *c, rpc_cb cb, void *ctx);

/* device.pair.approve / device.pair.reject of a pending request. */
int gw_pair_approve(struct client *c, const char *request_id, rpc_cb cb, void *ctx);
int gw_pair_reject(struct client *c, const char *request_id, rpc_cb cb, void *ctx);

/* device.pair.remove: unpair a device (its token is revoked, its sockets closed). */
int gw_pair_remove(struct client *c, const char *device_id, rpc_cb cb, void *ctx);

/* device.token.revoke: revoke the device's token for role. */
int gw_token_revoke(struct client *c, const char *device_id, const char *role, rpc_cb cb,
		    void *ctx);

/* logs.tail with params from gw_logs_tail_params or rejlog_tail_params (stolen). */
int gw_logs_tail(struct client *c, json_t *params, rpc_cb cb, void *ctx);

/* config.get, for the pairing policy (result: gw_policy_parse). */
int gw_policy_get(struct client *c, rpc_cb cb, void *ctx);

/* config.patch with params from gw_policy_patch_params (stolen). */
int gw_policy_patch(struct client *c, json_t *params, rpc_cb cb, void *ctx);

#endif
