/* Parsing gateway log records into handshake rejections (protocol brief 7.2). */
#include "net/logline.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/decide.h"
#include "net/text.h"

/* Copy at most n bytes of s into out (size sz) through the shared sanitiser: whole escape
 * sequences (not just their ESC byte), C0/C1 controls, DEL, bidi controls and invalid
 * UTF-8 go, and out never ends inside a UTF-8 sequence. */
static void
clean_copy(char *out, size_t sz, const char *s, size_t n)
{
	char stack[512], *tmp;
	size_t len = 0;

	if (!sz)
		return;
	while (s && len < n && s[len])
		len++;
	tmp = len < sizeof(stack) ? stack : malloc(len + 1);
	if (!tmp) {
		out[0] = '\0';
		return;
	}
	if (len)
		memcpy(tmp, s, len);
	tmp[len] = '\0';
	text_sanitize(tmp, out, sz);
	if (tmp != stack)
		free(tmp);
}

static void
set_str(char *field, size_t sz, const char *s)
{
	clean_copy(field, sz, s, s ? strlen(s) : 0);
}

#define SET(field, s) set_str((field), sizeof(field), (s))

static void
set_na(char *field, size_t sz, const char *s, size_t n)
{
	if (n == 3 && strncmp(s, "n/a", 3) == 0)
		n = 0;
	clean_copy(field, sz, s, n);
}

/* The value of "key=" in msg, up to the next " next=" marker (or the end when next is
 * NULL; with last, the value runs to the LAST such marker, for free-text reasons). */
static void
kv_text(const char *msg, const char *key, const char *next, bool last, char *out, size_t sz)
{
	char k[32], nk[32];
	const char *p, *e = NULL;

	out[0] = '\0';
	snprintf(k, sizeof(k), " %s=", key);
	p = strstr(msg, k);
	if (!p)
		return;
	p += strlen(k);
	if (next) {
		snprintf(nk, sizeof(nk), " %s=", next);
		if (last) {
			for (const char *q = strstr(p, nk); q; q = strstr(q + 1, nk))
				e = q;
		} else {
			e = strstr(p, nk);
		}
	}
	if (!e)
		e = next ? strchr(p, ' ') : NULL;
	if (!e)
		e = p + strlen(p);
	set_na(out, sz, p, (size_t)(e - p));
}

/* The last occurrence of key in msg, or NULL. */
static const char *
last_of(const char *msg, const char *key)
{
	const char *found = NULL;

	for (const char *q = strstr(msg, key); q; q = strstr(q + 1, key))
		found = q;
	return found;
}

static void
parse_closed_text(const char *msg, struct logline_rec *r)
{
	char code[16];
	/* origin=, host= and ua= are request headers whose values may imitate the keys that
	 * follow them (an Origin "http://x ua=y code=1000 phase=ready").  The gateway writes
	 * ua=, code=, reason= and phase= last: anchor those at their LAST occurrence.  The
	 * structured object (parse_structured) then overrides origin, host and phase. */
	const char *c = last_of(msg, " code="), *p = last_of(msg, " phase="), *u = NULL;

	for (const char *q = strstr(msg, " ua="); q && (!c || q < c); q = strstr(q + 1, " ua="))
		u = q;
	kv_text(msg, "conn", "peer", false, r->conn, sizeof(r->conn));
	kv_text(msg, "peer", "remote", false, r->peer, sizeof(r->peer));
	kv_text(msg, "remote", "fwd", false, r->remote, sizeof(r->remote));
	kv_text(msg, "origin", "host", false, r->origin, sizeof(r->origin));
	kv_text(msg, "host", "ua", false, r->host, sizeof(r->host));
	if (u)
		kv_text(u, "ua", "code", true, r->ua, sizeof(r->ua));
	if (c) {
		kv_text(c, "code", "reason", false, code, sizeof(code));
		r->close_code = atoi(code);
		/* releases before 2026.8 log no phase=: the reason then runs to the end */
		kv_text(c, "reason", p && p > c ? "phase" : NULL, true, r->reason, sizeof(r->reason));
	}
	if (p)
		kv_text(p, "phase", NULL, false, r->phase, sizeof(r->phase));
}

static void
parse_unauthorized_text(const char *msg, struct logline_rec *r)
{
	char client[160], scopes[16], dev[8];
	char *sp, *sp2;

	kv_text(msg, "conn", "peer", false, r->conn, sizeof(r->conn));
	kv_text(msg, "peer", "remote", false, r->peer, sizeof(r->peer));
	kv_text(msg, "remote", "client", false, r->remote, sizeof(r->remote));
	/* client=<label> <mode> v<version>: the label is displayName or client.id */
	kv_text(msg, "client", "role", false, client, sizeof(client));
	sp2 = strrchr(client, ' ');
	if (sp2 && sp2[1] == 'v') {
		SET(r->version, sp2 + 2);
		*sp2 = '\0';
		sp = strrchr(client, ' ');
		if (sp) {
			SET(r->mode, sp + 1);
			*sp = '\0';
		}
	}
	SET(r->display_name, client);
	kv_text(msg, "role", "scopes", false, r->role, sizeof(r->role));
	kv_text(msg, "scopes", "auth", false, scopes, sizeof(scopes));
	r->scope_count = scopes[0] ? atoi(scopes) : -1;
	kv_text(msg, "auth", "device", false, r->auth_provided, sizeof(r->auth_provided));
	kv_text(msg, "device", "platform", false, dev, sizeof(dev));
	r->has_device = strcmp(dev, "yes") == 0 ? 1 : strcmp(dev, "no") == 0 ? 0 : -1;
	kv_text(msg, "platform", "instance", false, r->platform, sizeof(r->platform));
	/* host=, origin= and ua= are not read here: they follow client=, platform= and
	 * instance=, whose values the client chooses (a display name "x origin=http://evil"
	 * would otherwise become the record's Origin).  The "closed before connect" record
	 * of the same socket carries them (n/a when absent). */
	kv_text(msg, "reason", "guidance", false, r->auth_reason, sizeof(r->auth_reason));
	kv_text(msg, "guidance", NULL, false, r->reason, sizeof(r->reason));
	/* guidance runs to the end of the line (maybe " suppressed=N") */
	{
		const char *g = strstr(msg, " guidance=");

		if (g) {
			const char *e;

			g += 10;
			e = strstr(g, " suppressed=");
			clean_copy(r->reason, sizeof(r->reason), g, e ? (size_t)(e - g) : strlen(g));
		}
	}
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

#define JSET(field, o, key) do { \
	const char *s_ = jstr((o), (key)); \
	if (s_ && !(field)[0] && strcmp(s_, "n/a") != 0) \
		SET((field), s_); \
} while (0)

/* Exact values of the structured object win over the text, whose key=value pairs a
 * hostile header value can imitate (an Origin "http://x host=evil"). */
#define JOVR(field, o, key) do { \
	const char *s_ = jstr((o), (key)); \
	if (s_ && strcmp(s_, "n/a") != 0) \
		SET((field), s_); \
} while (0)

static void
parse_structured(json_t *o, struct logline_rec *r)
{
	json_t *v;

	JOVR(r->origin, o, "origin");
	JOVR(r->host, o, "host");
	JOVR(r->ua, o, "userAgent");
	JOVR(r->phase, o, "phase");

	JSET(r->cause, o, "cause");
	JSET(r->remote, o, "remoteAddr");
	JSET(r->client, o, "client");
	JSET(r->mode, o, "mode");
	JSET(r->role, o, "role");
	JSET(r->version, o, "version");
	JSET(r->platform, o, "platform");
	JSET(r->display_name, o, "clientDisplayName");
	JSET(r->device_id, o, "deviceId");
	JSET(r->request_id, o, "requestId");
	JSET(r->detail_reason, o, "reason");
	JSET(r->auth_reason, o, "authReason");
	JSET(r->auth_provided, o, "authProvided");
	JSET(r->auth_mode, o, "authMode");
	v = json_object_get(o, "hasDeviceIdentity");
	if (json_is_boolean(v))
		r->has_device = json_is_true(v) ? 1 : 0;
	else if (r->device_id[0] && r->has_device < 0)
		r->has_device = 1;
	v = json_object_get(o, "scopeCount");
	if (json_is_integer(v) && r->scope_count < 0)
		r->scope_count = (int)json_integer_value(v);
}

/* A log record's strings are read as C text (the message is split at its key=value
 * pairs): drop every U+0000 in place, as the sanitiser drops it, so a client named
 * "x\u0000y" neither hides its rejection nor cuts the record short. */
static void
strip_nuls(json_t *v, int depth)
{
	const char *key;
	json_t *x;
	size_t i;

	if (depth > 64)
		return;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v), o = 0;
		char *t;

		if (strlen(s) == n || !(t = malloc(n + 1)))
			return;
		for (i = 0; i < n; i++)
			if (s[i])
				t[o++] = s[i];
		json_string_setn_nocheck(v, t, o);
		free(t);
	} else if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			strip_nuls(x, depth + 1);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			strip_nuls(x, depth + 1);
	}
}

enum logline_kind
logline_parse(const char *line, struct logline_rec *out)
{
	json_t *root, *meta, *one;
	const char *msg;
	enum logline_kind kind = LOGLINE_OTHER;

	memset(out, 0, sizeof(*out));
	out->has_device = -1;
	out->scope_count = -1;
	if (!line)
		return LOGLINE_OTHER;
	{
		/* a client's display name with a lone surrogate must not hide its rejection */
		char *fixed = text_json_fix_surrogates(line, strlen(line));

		root = json_loads(fixed ? fixed : line, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, NULL);
		free(fixed);
	}
	strip_nuls(root, 0);
	if (!json_is_object(root)) {
		json_decref(root);
		return LOGLINE_OTHER;
	}
	msg = jstr(root, "message");
	if (!msg)
		msg = jstr(root, "2");
	if (!msg)
		msg = jstr(root, "1");
	if (msg && strncmp(msg, "closed before connect ", 22) == 0)
		kind = LOGLINE_CLOSED;
	else if (msg && strncmp(msg, "unauthorized conn=", 18) == 0)
		kind = LOGLINE_UNAUTHORIZED;
	if (kind == LOGLINE_OTHER) {
		json_decref(root);
		return kind;
	}
	out->kind = kind;
	JSET(out->time, root, "time");
	meta = json_object_get(root, "_meta");
	JSET(out->level, meta, "logLevelName");
	/* the leading space lets kv_text find the first key too */
	{
		size_t n = strlen(msg);
		char *buf = malloc(n + 2);

		if (buf) {
			buf[0] = ' ';
			memcpy(buf + 1, msg, n + 1);
			if (kind == LOGLINE_CLOSED)
				parse_closed_text(buf, out);
			else
				parse_unauthorized_text(buf, out);
			free(buf);
		}
	}
	if (kind == LOGLINE_UNAUTHORIZED)
		snprintf(out->cause, sizeof(out->cause), "unauthorized");
	one = json_object_get(root, "1");
	if (json_is_object(one))
		parse_structured(one, out);
	json_decref(root);
	return kind;
}

#define MERGE_STR(f) do { if (!dst->f[0]) memcpy(dst->f, src->f, sizeof(dst->f)); } while (0)

void
logline_merge(struct logline_rec *dst, const struct logline_rec *src)
{
	MERGE_STR(time);
	MERGE_STR(level);
	MERGE_STR(conn);
	MERGE_STR(peer);
	MERGE_STR(remote);
	MERGE_STR(origin);
	MERGE_STR(host);
	MERGE_STR(ua);
	MERGE_STR(reason);
	MERGE_STR(phase);
	MERGE_STR(cause);
	MERGE_STR(client);
	MERGE_STR(mode);
	MERGE_STR(role);
	MERGE_STR(version);
	MERGE_STR(platform);
	MERGE_STR(display_name);
	MERGE_STR(device_id);
	MERGE_STR(request_id);
	MERGE_STR(detail_reason);
	MERGE_STR(auth_reason);
	MERGE_STR(auth_provided);
	MERGE_STR(auth_mode);
	if (!dst->close_code)
		dst->close_code = src->close_code;
	if (dst->has_device < 0)
		dst->has_device = src->has_device;
	if (dst->scope_count < 0)
		dst->scope_count = src->scope_count;
}

static int
list_grow(struct logline_list *l)
{
	struct logline_rec *nv;
	size_t cap;

	if (l->n < l->cap)
		return 0;
	cap = l->cap ? l->cap * 2 : 16;
	nv = realloc(l->v, cap * sizeof(*nv));
	if (!nv)
		return -1;
	l->v = nv;
	l->cap = cap;
	return 0;
}

static void
list_remove(struct logline_list *l, size_t i)
{
	memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(l->v[0]));
	l->n--;
}

long
logline_list_add(struct logline_list *l, const struct logline_rec *r, size_t max_keep)
{
	struct logline_rec rec = *r;
	size_t complete = 0;

	if (r->kind == LOGLINE_OTHER)
		return -1;
	if (r->kind == LOGLINE_UNAUTHORIZED) {
		size_t waiting = 0, oldest = 0;

		/* a gateway that never sends the closed halves cannot grow the list: at most
		 * LOGLINE_MAX_WAITING wait, the oldest goes first */
		for (size_t i = l->n; i-- > 0;)
			if (l->v[i].kind == LOGLINE_UNAUTHORIZED) {
				waiting++;
				oldest = i;
			}
		if (waiting >= LOGLINE_MAX_WAITING)
			list_remove(l, oldest);
		if (list_grow(l) < 0)
			return -1;
		l->v[l->n++] = rec;
		return -2;
	}
	/* absorb the waiting "unauthorized" record of the same connection */
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].kind == LOGLINE_UNAUTHORIZED && rec.conn[0] &&
		    strcmp(l->v[i].conn, rec.conn) == 0) {
			logline_merge(&rec, &l->v[i]);
			list_remove(l, i);
			break;
		}
	for (size_t i = 0; i < l->n; i++)
		complete += l->v[i].kind == LOGLINE_CLOSED;
	while (max_keep && complete >= max_keep) {
		for (size_t i = 0; i < l->n; i++)
			if (l->v[i].kind == LOGLINE_CLOSED) {
				list_remove(l, i);
				break;
			}
		complete--;
	}
	/* waiting records without a closed partner do not pile up forever */
	while (l->n > 0 && l->v[0].kind == LOGLINE_UNAUTHORIZED && l->n > LOGLINE_MAX_WAITING)
		list_remove(l, 0);
	if (list_grow(l) < 0)
		return -1;
	l->v[l->n] = rec;
	return (long)l->n++;
}

void
logline_list_free(struct logline_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* A record without a peer address is the common loopback case; otherwise the address
 * decides, as everywhere (auth/addr.h). */
static enum decide_locality
locality_of(const char *addr)
{
	return addr[0] ? decide_locality_of(addr) : DECIDE_LOC_LOOPBACK;
}

int
logline_to_input(const struct logline_rec *r, struct decide_input *in)
{
	const char *c = r->cause;
	const char *dr = r->detail_reason;
	bool known = r->client[0] && r->mode[0];

	decide_input_default(in);
	if (r->client[0])
		snprintf(in->client_id, sizeof(in->client_id), "%s", r->client);
	if (r->mode[0])
		snprintf(in->mode, sizeof(in->mode), "%s", r->mode);
	if (r->role[0])
		snprintf(in->role, sizeof(in->role), "%s", r->role);
	else if (strcmp(r->mode, "node") == 0)
		snprintf(in->role, sizeof(in->role), "node");
	in->locality = locality_of(r->remote);
	snprintf(in->remote_addr, sizeof(in->remote_addr), "%s", r->remote);
	decide_origin_set(in, r->origin);
	/* credentials: what the log says was provided, and whether it failed */
	if (r->auth_provided[0] && decide_auth_parse(r->auth_provided, &in->auth) < 0)
		in->auth = DECIDE_AUTH_TOKEN;
	if (strstr(r->auth_reason, "mismatch") || strstr(r->auth_reason, "invalid"))
		in->secret_ok = false;
	if (strcmp(r->auth_reason, "token_missing") == 0 || strcmp(r->auth_reason, "password_missing") == 0)
		in->auth = DECIDE_AUTH_NONE;
	/* the device */
	in->device = r->has_device == 1 || r->device_id[0] ? DECIDE_DEVICE_PAIRED : DECIDE_DEVICE_NONE;
	if (strcmp(c, "pairing-required") == 0) {
		in->device = DECIDE_DEVICE_UNPAIRED;
		in->settings.auto_approve_local = false;	/* otherwise it would have passed */
	} else if (strcmp(c, "device-auth-invalid") == 0) {
		in->device = strcmp(dr, "device-nonce-mismatch") == 0 ? DECIDE_DEVICE_STALE_NONCE
								      : DECIDE_DEVICE_BAD_SIGNATURE;
	} else if (strcmp(c, "control-ui-insecure-auth") == 0 || strcmp(c, "device-required") == 0) {
		in->device = DECIDE_DEVICE_NONE;
		if (strcmp(c, "device-required") == 0 && strcmp(in->role, "node") != 0)
			in->auth = DECIDE_AUTH_NONE;
	} else if (strcmp(c, "unauthorized") == 0 && strcmp(r->auth_reason, "device_token_mismatch") == 0) {
		in->auth = DECIDE_AUTH_DEVICE_TOKEN;
		in->secret_ok = false;
	} else if (strcmp(c, "protocol-mismatch") == 0) {
		/* a range no release speaks (3.x speaks 3, later releases 4) */
		in->min_protocol = in->max_protocol = 1;
	}
	return known ? 0 : -1;
}

bool
logline_other_gateway(const struct logline_rec *rec, int port)
{
	const char *colon = strrchr(rec->host, ':');
	char *end;
	long p;

	if (!rec->host[0] || port <= 0)
		return false;
	if (!colon || strchr(colon, ']'))
		return port != 80;	/* "host" or "[::1]": the default port */
	p = strtol(colon + 1, &end, 10);
	return *end != '\0' || p != port;
}
