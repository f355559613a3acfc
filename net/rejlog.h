/* The console's list of rejected handshakes: records parsed from the gateway log
 * (logs.tail, cursor-based and incremental) merged by conn id, plus the console's own
 * failed handshakes recorded locally.  Capped; newest-first access.  Pure: libc,
 * jansson and auth/logline.h. */
#ifndef OC_NET_REJLOG_H
#define OC_NET_REJLOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/logline.h"

struct session_result;

#define REJLOG_CAP 5000			/* complete records kept (oldest dropped) */
#define REJLOG_FIRST_LIMIT 2000		/* the first logs.tail read: at most this many lines… */
#define REJLOG_FIRST_MAX_BYTES 500000	/* …and this many bytes from the end of the file */

struct rejlog {
	struct logline_list list;	/* merged records, oldest first (may hold waiting ones) */
	int64_t cursor;			/* logs.tail cursor; -1 before the first read */
	size_t cap;			/* REJLOG_CAP unless set otherwise */
	size_t n_local;			/* own failed handshakes recorded so far */
	unsigned long gen;		/* bumped whenever the list changes */
	int only_port;			/* > 0: drop records another gateway on this host logged
					 * into the shared log file (logline_other_gateway) */
};

/* Start empty, with the first read still to do.  cap 0 = REJLOG_CAP. */
void rejlog_init(struct rejlog *r, size_t cap);

/* The params of the next logs.tail call (a new reference): {limit, maxBytes} for the
 * first read, {cursor} afterwards.  NULL on OOM. */
json_t *rejlog_tail_params(const struct rejlog *r);

/* Apply a logs.tail result (borrowed) {cursor, lines[], reset?}: parse every line, merge,
 * keep the cursor.  With reset the file rolled: the lines are from its start (kept as
 * is; nothing already listed is forgotten).  Returns the number of new complete records,
 * or -1 on OOM or a result without a cursor. */
long rejlog_apply_tail(struct rejlog *r, const json_t *result);

/* Record one of the console's own failed handshakes (res: the session result; client
 * id/mode/url as sent; now_ms: wall clock).  0, or -1 on OOM. */
int rejlog_add_local(struct rejlog *r, const struct session_result *res, const char *client_id,
		     const char *mode, const char *url, int64_t now_ms);

/* Number of complete records. */
size_t rejlog_count(const struct rejlog *r);

/* Complete record i counted from the newest (0 = newest), or NULL out of range. */
const struct logline_rec *rejlog_newest(const struct rejlog *r, size_t i);

/* Whether rec was recorded locally (the console's own handshake). */
bool rejlog_is_local(const struct logline_rec *rec);

/* Free the records; the struct can be used again after rejlog_init. */
void rejlog_free(struct rejlog *r);

#endif
