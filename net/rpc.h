/* Request/response correlation: string ids, a pending table, deadlines against an
 * injected clock.  Pure: no I/O, no libwebsockets. */
#ifndef OC_NET_RPC_H
#define OC_NET_RPC_H

#include <stddef.h>
#include <stdint.h>

struct frame;
struct rpc;

/* Called exactly once per request: with the response frame, or with res == NULL and a
 * reason ("timed out after 30 s", "connection lost") when it never came. */
typedef void (*rpc_cb)(void *ctx, const struct frame *res, const char *failure);

/* NULL on allocation failure. */
struct rpc *rpc_new(void);

/* Fails every pending request with "shutting down" and frees the table. */
void rpc_free(struct rpc *r);

/* Register a request and return its new id (owned by r, valid until the callback ran),
 * or NULL on allocation failure. */
const char *rpc_add(struct rpc *r, const char *method, int64_t deadline_ms, rpc_cb cb, void *ctx);

/* Hand a res frame to its request.  Returns 1 when it matched (callback ran), 0 when the
 * id is unknown (late or foreign response; the caller logs and drops it). */
int rpc_complete(struct rpc *r, const struct frame *res);

/* Fail the request with this id with reason why (its answer came but could not be
 * read).  1 when it was pending, 0 otherwise. */
int rpc_fail_id(struct rpc *r, const char *id, const char *why);

/* Remember why a frame that matched no request could not be read: requests that time
 * out afterwards say so instead of a bare "no answer".  Cleared by rpc_fail_all. */
void rpc_note_unreadable(struct rpc *r, const char *why);

/* Fail requests whose deadline is <= now_ms; returns how many. */
size_t rpc_expire(struct rpc *r, int64_t now_ms);

/* Fail every pending request with the given reason (connection lost). */
void rpc_fail_all(struct rpc *r, const char *why);

/* The earliest deadline, or INT64_MAX when nothing is pending. */
int64_t rpc_next_deadline(const struct rpc *r);

/* Number of pending requests. */
size_t rpc_pending(const struct rpc *r);

/* "method (id), method (id)" for every pending request into out (truncated with "..."),
 * "" when none. */
void rpc_describe_pending(const struct rpc *r, char *out, size_t size);

/* Method name of a pending request id, or NULL. */
const char *rpc_method_of(const struct rpc *r, const char *id);

#endif
