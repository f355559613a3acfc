/* Handshake rejections from the gateway log: one `logs.tail` line (a JSON log record
 * held in a string) in, a rejection record out.  Recognises the WARN records
 * "closed before connect …" (with the structured object in key "1") and the earlier
 * "unauthorized conn=…" records, merges the two by conn id, and maps a record back to
 * explain-engine inputs.  Pure: libc and jansson only.  Never trusts the line: every
 * field is bounded and stripped of control characters. */
#ifndef OC_NET_LOGLINE_H
#define OC_NET_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>

struct decide_input;

enum logline_kind {
	LOGLINE_OTHER,		/* not a handshake rejection: ignore */
	LOGLINE_CLOSED,		/* "closed before connect …" */
	LOGLINE_UNAUTHORIZED,	/* "unauthorized conn=…" (precedes the closed record) */
};

struct logline_rec {
	enum logline_kind kind;
	char time[40];		/* ISO timestamp of the record */
	char level[8];		/* WARN, INFO, … */
	char conn[64];		/* conn id, the merge key */
	char peer[96];		/* remote:port->local:port */
	char remote[64];	/* remote address */
	char origin[128];	/* "" when the log said n/a */
	char host[128];
	char ua[128];		/* User-Agent header, "" for n/a */
	int close_code;		/* 0 when unknown */
	char reason[256];	/* close reason (≤120 bytes from the gateway) */
	char phase[40];
	char cause[48];		/* pairing-required, unauthorized, origin-mismatch, … */
	char client[48];	/* client.id when known */
	char mode[16];
	char role[16];
	char version[32];
	char platform[32];
	char display_name[64];
	char device_id[80];
	char request_id[64];
	char detail_reason[96];	/* reason in the structured object (not-paired, device-signature, …) */
	char auth_reason[48];	/* token_mismatch, token_missing, device_token_mismatch, … */
	char auth_provided[24];	/* token, password, device-token, none, … */
	char auth_mode[16];
	int has_device;		/* 1 yes, 0 no, -1 unknown */
	int scope_count;	/* -1 unknown */
};

/* Parse one log line.  Returns the kind (LOGLINE_OTHER for anything else, including
 * malformed JSON); fills *out for the two rejection kinds. */
enum logline_kind logline_parse(const char *line, struct logline_rec *out);

/* Copy every field that is empty/unknown in dst from src (same conn id). */
void logline_merge(struct logline_rec *dst, const struct logline_rec *src);

/* "unauthorized" records kept waiting for their "closed" record (the gateway writes the
 * two together; more waiting means a hostile log). */
#define LOGLINE_MAX_WAITING 64

/* A list of rejections, merged by conn id. */
struct logline_list {
	struct logline_rec *v;
	size_t n, cap;
};

/* Add a parsed record.  An "unauthorized" record waits for its "closed" record; a
 * "closed" record absorbs the waiting one with the same conn id.  Returns the index of
 * the closed record that is now complete, -2 when the record is waiting, or -1 on
 * allocation failure.  The list keeps at most max_keep complete records and
 * LOGLINE_MAX_WAITING waiting ones (oldest dropped). */
long logline_list_add(struct logline_list *l, const struct logline_rec *r, size_t max_keep);

/* Free the list's memory (the struct itself is the caller's). */
void logline_list_free(struct logline_list *l);

/* Map a rejection to explain inputs: what the client most likely sent.  Starts from
 * decide_input_default() (settings are left at the defaults) and fills client id, mode,
 * role, auth kind, secret correctness, device state, origin and locality from the
 * record.  Returns 0 when client id and mode are known, -1 when they had to be
 * guessed (in is still filled). */
int logline_to_input(const struct logline_rec *r, struct decide_input *in);

/* Did rec come through another gateway on this host?  True when its Host header names
 * a port other than port: releases before 2026.6 write every gateway's records into one
 * shared daily log file (they ignore logging.file).  Records without a Host are kept. */
bool logline_other_gateway(const struct logline_rec *rec, int port);

#endif
