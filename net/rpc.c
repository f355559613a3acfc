#include "net/rpc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/frame.h"

struct rpc_req {
	struct rpc_req *next;
	char id[24];
	char method[64];
	int64_t deadline_ms;
	rpc_cb cb;
	void *ctx;
};

struct rpc {
	struct rpc_req *head;
	uint64_t next_id;
	size_t n;
	char unreadable[200];		/* why the last unmatched frame could not be read */
};

struct rpc *
rpc_new(void)
{
	return calloc(1, sizeof(struct rpc));
}

void
rpc_free(struct rpc *r)
{
	if (!r)
		return;
	rpc_fail_all(r, "shutting down");
	free(r);
}

const char *
rpc_add(struct rpc *r, const char *method, int64_t deadline_ms, rpc_cb cb, void *ctx)
{
	struct rpc_req *q = calloc(1, sizeof(*q)), **tail;

	if (!q)
		return NULL;
	snprintf(q->id, sizeof(q->id), "oc%llu", (unsigned long long)++r->next_id);
	snprintf(q->method, sizeof(q->method), "%s", method);
	q->deadline_ms = deadline_ms;
	q->cb = cb;
	q->ctx = ctx;
	/* Append so that rpc_fail_all reports in submission order. */
	for (tail = &r->head; *tail; tail = &(*tail)->next)
		;
	*tail = q;
	r->n++;
	return q->id;
}

/* Unlink q before calling back: the callback may add new requests. */
static void
finish(struct rpc *r, struct rpc_req **link, const struct frame *res, const char *why)
{
	struct rpc_req *q = *link;

	*link = q->next;
	r->n--;
	if (q->cb)
		q->cb(q->ctx, res, why);
	free(q);
}

int
rpc_complete(struct rpc *r, const struct frame *res)
{
	struct rpc_req **link;

	if (!res->id)
		return 0;
	for (link = &r->head; *link; link = &(*link)->next) {
		if (strcmp((*link)->id, res->id) == 0) {
			finish(r, link, res, NULL);
			return 1;
		}
	}
	return 0;
}

int
rpc_fail_id(struct rpc *r, const char *id, const char *why)
{
	struct rpc_req **link;

	for (link = &r->head; id && *link; link = &(*link)->next) {
		if (strcmp((*link)->id, id) == 0) {
			finish(r, link, NULL, why);
			return 1;
		}
	}
	return 0;
}

void
rpc_note_unreadable(struct rpc *r, const char *why)
{
	snprintf(r->unreadable, sizeof(r->unreadable), "%s", why ? why : "");
}

size_t
rpc_expire(struct rpc *r, int64_t now_ms)
{
	size_t n = 0;
	int found;
	char why[300];

	/* An answer may have been among the frames that could not be read: say so. */
	if (r->unreadable[0])
		snprintf(why, sizeof(why), "timed out: no readable answer from the gateway (a frame it "
			 "sent could not be read: %s)", r->unreadable);
	else
		snprintf(why, sizeof(why), "timed out: no answer from the gateway");

	do {
		struct rpc_req **link;

		found = 0;
		for (link = &r->head; *link; link = &(*link)->next) {
			if ((*link)->deadline_ms <= now_ms) {
				/* callers name the method themselves */
				finish(r, link, NULL, why);
				n++;
				found = 1;
				break;
			}
		}
	} while (found);
	return n;
}

void
rpc_fail_all(struct rpc *r, const char *why)
{
	while (r->head)
		finish(r, &r->head, NULL, why);
	r->unreadable[0] = '\0';	/* a new connection starts clean */
}

int64_t
rpc_next_deadline(const struct rpc *r)
{
	int64_t best = INT64_MAX;

	for (const struct rpc_req *q = r->head; q; q = q->next)
		if (q->deadline_ms < best)
			best = q->deadline_ms;
	return best;
}

size_t
rpc_pending(const struct rpc *r)
{
	return r->n;
}

const char *
rpc_method_of(const struct rpc *r, const char *id)
{
	for (const struct rpc_req *q = r->head; q; q = q->next)
		if (strcmp(q->id, id) == 0)
			return q->method;
	return NULL;
}

void
rpc_describe_pending(const struct rpc *r, char *out, size_t size)
{
	size_t n = 0;

	if (!size)
		return;
	out[0] = '\0';
	for (const struct rpc_req *q = r->head; q && n + 1 < size; q = q->next)
		n += (size_t)snprintf(out + n, size - n, "%s%s (%s)", n ? ", " : "", q->method, q->id);
	if (n >= size && size > 4)
		memcpy(out + size - 4, "...", 4);
}
