/* Gateway frames: JSON text <-> struct frame ("req", "res", "event"), parsed with jansson.
 * Anything malformed or oversized is refused with a reason; never a crash. */
#ifndef OC_NET_FRAME_H
#define OC_NET_FRAME_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct oc_err;

/* Largest frame the console accepts.  The gateway's own post-auth cap is 25 MiB
 * (policy.maxPayload); anything larger is refused before parsing. */
#define FRAME_MAX_BYTES (26u * 1024u * 1024u)

enum frame_type {
	FRAME_REQ,
	FRAME_RES,
	FRAME_EVENT,
};

struct frame {
	enum frame_type type;
	const char *id;			/* req/res: the request id */
	const char *method;		/* req */
	const char *event;		/* event name */
	bool ok;			/* res */
	json_t *payload;		/* res payload / event payload / req params; borrowed from root, may be NULL */
	const char *err_code;		/* res error.code, "" when none */
	const char *err_message;	/* res error.message, "" when none */
	const char *err_details_code;	/* res error.details.code, "" when none */
	json_t *err_details;		/* borrowed, may be NULL */
	bool has_seq;
	int64_t seq;			/* event seq when has_seq */
	json_t *root;			/* the parsed document: owned, released by frame_free */
};

/* Parse one text message.  0 with *f filled (release with frame_free), or -1 with err
 * saying why the frame was dropped (not JSON, not an object, missing/ill-typed fields,
 * too large).  Strings may hold U+0000 (JSON_ALLOW_NUL): copy them with frame_clean,
 * which sees their whole length; type, id, event and method holding one count as absent. */
int frame_parse(const char *text, size_t len, struct frame *f, struct oc_err *err);

/* For a frame frame_parse refused: read the top-level "type" and "id" of the text
 * anyway (plain strings of id characters only; nested values are skipped unparsed), so
 * a spoiled answer can still be matched to its request.  type/id are "" when not found.
 * Returns 1 when an id was found. */
int frame_peek(const char *text, size_t len, char *type, size_t type_size, char *id, size_t id_size);

/* Release the parsed document.  Safe on a zeroed frame. */
void frame_free(struct frame *f);

/* Serialise a request {"type":"req","id":id,"method":method,"params":params}.
 * Steals the reference to params (may be NULL: no params key).  Returns a malloc'd
 * compact JSON string or NULL on allocation failure. */
char *frame_build_req(const char *id, const char *method, json_t *params);

/* One line for a failed request, sanitised for display: "message (CODE/DETAILS_CODE)" from
 * an error response, or failure (the reason the request never got one) when res is NULL. */
void frame_describe_failure(const struct frame *res, const char *failure, char *out, size_t size);

/* Helpers for reading payloads defensively: the string at key, or "" when absent, not
 * a string or holding a U+0000 (so an id is never read cut short); the integer at key
 * or def. */
const char *frame_str(const json_t *obj, const char *key);
int64_t frame_int(const json_t *obj, const char *key, int64_t def);

/* The JSON string v sanitised for display into out (net/text.h), all of it: a U+0000 is
 * dropped like any control instead of ending the text.  "" when v is not a string.
 * Returns the length written. */
size_t frame_clean(const json_t *v, char *out, size_t size);

/* The same into a malloc'd string; NULL when v is not a string or on OOM. */
char *frame_clean_dup(const json_t *v);

/* Is res a refusal for a missing scope?  Both forms: FORBIDDEN with details.code
 * MISSING_SCOPE (2026.8 and later) and INVALID_REQUEST "missing scope: X" (older
 * releases).  Copies the scope into scope (may be NULL) when it says which. */
bool frame_missing_scope(const struct frame *res, char *scope, size_t size);

#endif
