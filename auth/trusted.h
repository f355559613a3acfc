/* The trusted-services allowlist: which local backend services the console's agent may
 * approve without a human, and up to which scopes.  Pure: libc, jansson, sodium.
 *
 * File: <config_dir>/trusted-services.json, mode 0600, written atomically under an
 * advisory lock on <config_dir>/trusted-services.json.lock:
 *
 *   {"version":1,"services":[
 *     {"name":"build-bot",                         1..64 chars of [A-Za-z0-9._-], unique
 *      "deviceId":"<64 lowercase hex>",             PINNED: the SHA-256 of the service's public
 *                                                   key (recommended)
 *      "clientId":"cli", "mode":"cli",              or UNPINNED: the self-declared client id
 *      "displayName":"build-bot",                   (+ optional mode); loopback requests only.
 *                                                   Exactly one of deviceId / clientId.
 *                                                   displayName (optional, both kinds) must
 *                                                   match too; on a pinned entry it also flags
 *                                                   another key using the same name.
 *      "scopes":["operator.read","operator.write"], the ceiling: known scopes, at least one
 *      "expires":"2027-01-31",                      optional: a date (valid through that day,
 *                                                   UTC) or "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)"
 *      "note":"CI runner on build-1"}]}             optional free text
 */
#ifndef OC_AUTH_TRUSTED_H
#define OC_AUTH_TRUSTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct oc_err;
struct json_t;

#define TRUSTED_FILE "trusted-services.json"
#define TRUSTED_LOCK_FILE "trusted-services.json.lock"
#define TRUSTED_MAX_SCOPES 16
#define TRUSTED_MAX_ENTRIES 256

struct trusted_entry {
	char name[65];
	char device_id[65];		/* pinned: lowercase hex; "" when unpinned */
	char client_id[65];		/* unpinned: the client id; "" when pinned */
	char mode[33];			/* unpinned: optional client mode, "" = any */
	char display_name[129];		/* optional, "" = any */
	char scopes[TRUSTED_MAX_SCOPES][48];	/* the ceiling */
	size_t n_scopes;
	char expires[40];		/* as written, "" = never */
	int64_t expires_ms;		/* first instant (Unix ms) at which it no longer applies; 0 = never */
	char note[257];
};

struct trusted_list {
	struct trusted_entry *v;	/* malloc'd array */
	size_t n;
};

/* ===== Loading and saving ===== */

/* Load and validate path into *l (emptied first).  A missing file is an empty list
 * (returns 0).  On a bad file returns -1 and err names the file and the bad entry:
 * "PATH:3: invalid JSON: …", "PATH: service \"x\": unknown scope \"operator.bogus\"",
 * duplicate name, bad device id, both or neither of deviceId/clientId, bad expiry.
 * The file must not be readable or writable by group/other. */
int trusted_load(const char *path, struct trusted_list *l, struct oc_err *err);

/* Parse a document from memory (what trusted_load does after reading).  `what` names it
 * in errors.  0 or -1 like trusted_load. */
int trusted_parse(const char *text, size_t len, const char *what, struct trusted_list *l,
		  struct oc_err *err);

/* Add e's fields after its name, as the file has them (deviceId, clientId, mode,
 * displayName when set; scopes; expires, note when set), to the JSON object o: what
 * trusted_dump writes for each entry and `trusted list --json` shows.  0, -1 on OOM. */
int trusted_entry_json(struct json_t *o, const struct trusted_entry *e);

/* Serialise l to a new malloc'd JSON text (indented, trailing newline), NULL on OOM. */
char *trusted_dump(const struct trusted_list *l);

/* Write l to path atomically (temp file, fsync, rename, 0600).  The caller should hold
 * the lock (trusted_lock).  On failure the old file is untouched.  0 or -1. */
int trusted_save(const char *path, const struct trusted_list *l, struct oc_err *err);

/* Take the advisory write lock (flock on <dir>/trusted-services.json.lock, created 0600).
 * Waits up to wait_ms for another writer, then fails with "… is being edited by another
 * process (lock held: PATH); try again".  Returns the lock fd (>= 0) or -1. */
int trusted_lock(const char *dir, int wait_ms, struct oc_err *err);

/* Release a lock taken by trusted_lock (closing the fd drops it).  Safe on -1. */
void trusted_unlock(int fd);

/* Free the entries and zero the list. */
void trusted_free(struct trusted_list *l);

/* ===== Editing ===== */

/* Check one entry on its own (name, exactly one of device id / client id, scopes,
 * expiry parsed into expires_ms).  0 or -1 with err "service \"NAME\": …". */
int trusted_validate_entry(struct trusted_entry *e, struct oc_err *err);

/* Validate and append a copy of e; -1 on a duplicate name, a bad entry or OOM. */
int trusted_add(struct trusted_list *l, const struct trusted_entry *e, struct oc_err *err);

/* Remove the entry called name.  1 removed, 0 not found. */
int trusted_remove(struct trusted_list *l, const char *name);

/* The entry called name, or NULL. */
struct trusted_entry *trusted_find(const struct trusted_list *l, const char *name);

/* ===== Helpers ===== */

/* Parse an expiry ("YYYY-MM-DD" = through the end of that day UTC, or an ISO 8601 time
 * with Z or an offset) into the first Unix ms at which it is expired.  0 or -1. */
int trusted_parse_expiry(const char *text, int64_t *out_ms);

/* True when e has an expiry and now_ms is at or past it. */
bool trusted_is_expired(const struct trusted_entry *e, int64_t now_ms);

/* True for exactly 64 lowercase hex characters. */
bool trusted_is_device_id(const char *s);

#endif
