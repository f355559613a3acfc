#include "net/model.h"

#include <stdlib.h>
#include <string.h>

#include "net/frame.h"
#include "net/text.h"

/*
 * Reading JSON defensively: every getter accepts any json_t (or NULL) and falls back to
 * "absent" when the type is wrong, so a malformed payload can only lose fields.
 */

/* A sanitised copy of obj[key] when it is a string; NULL when absent, ill-typed or OOM
 * (*oom is set for the last case). */
static char *
get_str(const json_t *obj, const char *key, bool *oom)
{
	const json_t *v = json_object_get(obj, key);
	char *s;

	if (!json_is_string(v))
		return NULL;
	s = frame_clean_dup(v);		/* all of it: "x\u0000y" is "xy", not "x" */
	if (!s)
		*oom = true;
	return s;
}

static int64_t
get_int(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	if (json_is_integer(v))
		return (int64_t)json_integer_value(v);
	if (json_is_real(v)) {
		double d = json_real_value(v);

		/* converting a double outside int64 range is undefined (found by fuzzing) */
		if (!(d > -9.2e18 && d < 9.2e18))
			return 0;
		return (int64_t)d;
	}
	return 0;
}

static bool
get_bool(const json_t *obj, const char *key)
{
	return json_is_true(json_object_get(obj, key));
}

static void
strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* obj[key] as a list of sanitised strings (non-strings skipped).  *present says whether
 * the key held an array at all. */
static void
get_strlist(const json_t *obj, const char *key, struct strlist *out, bool *present, bool *oom)
{
	const json_t *a = json_object_get(obj, key);
	size_t i, n;

	out->v = NULL;
	out->n = 0;
	if (present)
		*present = json_is_array(a);
	if (!json_is_array(a) || (n = json_array_size(a)) == 0)
		return;
	out->v = calloc(n < MODEL_MAX_LIST ? n : MODEL_MAX_LIST, sizeof(*out->v));
	if (!out->v) {
		*oom = true;
		return;
	}
	for (i = 0; i < n; i++) {
		const json_t *s = json_array_get(a, i);

		if (!json_is_string(s))
			continue;
		if (out->n == MODEL_MAX_LIST - 1 && i + 1 < n) {
			char more[40];

			/* the rest, counted as strings or not: a name no ceiling admits */
			snprintf(more, sizeof(more), "(+%zu more)", n - i);
			out->v[out->n] = strdup(more);
		} else {
			out->v[out->n] = frame_clean_dup(s);
		}
		if (!out->v[out->n]) {
			*oom = true;
			return;
		}
		if (++out->n == MODEL_MAX_LIST)
			break;
	}
}

static json_t *
strlist_json(const struct strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static const char *
first(const struct strlist *l)
{
	return l->n ? l->v[0] : NULL;
}

/*
 * Presence
 */

static void
presence_free(struct presence_row *r)
{
	free(r->client_id);
	free(r->mode);
	free(r->host);
	free(r->ip);
	free(r->version);
	free(r->platform);
	free(r->device_family);
	free(r->device_id);
	free(r->instance_id);
	free(r->reason);
	free(r->text);
	free(r->model_identifier);
	strlist_free(&r->roles);
	strlist_free(&r->scopes);
	memset(r, 0, sizeof(*r));
}

static int
presence_parse(struct presence_row *r, const json_t *o)
{
	bool oom = false;

	memset(r, 0, sizeof(*r));
	r->client_id = get_str(o, "clientId", &oom);
	r->mode = get_str(o, "mode", &oom);
	r->host = get_str(o, "host", &oom);
	r->ip = get_str(o, "ip", &oom);
	r->version = get_str(o, "version", &oom);
	r->platform = get_str(o, "platform", &oom);
	r->device_family = get_str(o, "deviceFamily", &oom);
	r->device_id = get_str(o, "deviceId", &oom);
	r->instance_id = get_str(o, "instanceId", &oom);
	r->reason = get_str(o, "reason", &oom);
	r->text = get_str(o, "text", &oom);
	r->model_identifier = get_str(o, "modelIdentifier", &oom);
	get_strlist(o, "roles", &r->roles, NULL, &oom);
	get_strlist(o, "scopes", &r->scopes, &r->scopes_present, &oom);
	r->online_since_ms = get_int(o, "onlineSince");
	r->ts_ms = get_int(o, "ts");
	r->last_activity_ms = get_int(o, "lastActivityAt");
	r->cls = classify_client(r->client_id, r->mode, first(&r->roles));
	r->live = !(r->reason && strcmp(r->reason, "disconnect") == 0);
	if (oom) {
		presence_free(r);
		return -1;
	}
	return 0;
}

static void
presence_clear(struct model *m)
{
	for (size_t i = 0; i < m->n_presence; i++)
		presence_free(&m->presence[i]);
	free(m->presence);
	m->presence = NULL;
	m->n_presence = 0;
}

/* Releases before 2026.9 send presence entries without clientId and paired devices without
 * "connected": take a row's client id (and so its class) from its device's paired record,
 * and a device's connected flag from the live presence entries.  0 or -1 (OOM). */
static int
model_reconcile(struct model *m)
{
	for (size_t i = 0; i < m->n_presence; i++) {
		struct presence_row *r = &m->presence[i];
		const struct paired_dev *d;
		char *id;

		if ((r->client_id && *r->client_id && !r->client_id_from_paired) || !r->device_id)
			continue;
		d = model_find_paired(m, r->device_id);
		if (!d || !d->client_id || !*d->client_id)
			continue;
		if (!(id = strdup(d->client_id)))
			return -1;
		free(r->client_id);
		r->client_id = id;
		r->client_id_from_paired = true;
		r->cls = classify_client(r->client_id, r->mode, first(&r->roles));
	}
	for (size_t i = 0; i < m->n_paired; i++) {
		struct paired_dev *d = &m->paired[i];

		if (!d->connected_from_presence)
			continue;
		d->connected = false;
		for (size_t j = 0; j < m->n_presence; j++)
			if (m->presence[j].live && m->presence[j].device_id &&
			    strcmp(m->presence[j].device_id, d->device_id) == 0)
				d->connected = true;
	}
	return 0;
}

int
model_set_presence(struct model *m, const json_t *array)
{
	struct presence_row *rows = NULL;
	size_t n = 0, sent = json_is_array(array) ? json_array_size(array) : 0;
	size_t cap = sent < MODEL_MAX_PRESENCE ? sent : MODEL_MAX_PRESENCE;

	if (cap) {
		rows = calloc(cap, sizeof(*rows));
		if (!rows)
			return -1;
	}
	for (size_t i = 0; i < cap; i++) {
		const json_t *o = json_array_get(array, i);

		if (!json_is_object(o))
			continue;
		if (presence_parse(&rows[n], o) < 0) {
			while (n)
				presence_free(&rows[--n]);
			free(rows);
			return -1;
		}
		n++;
	}
	presence_clear(m);
	m->presence = rows;
	m->n_presence = n;
	m->presence_over = sent - cap;
	m->changed |= MODEL_CHANGED_PRESENCE;
	if (m->n_paired)
		m->changed |= MODEL_CHANGED_PAIRED;	/* connected may have changed */
	return model_reconcile(m);
}

/*
 * Request ids already seen: a sorted array, so a bulk load of n requests costs
 * O(n log n) and one event O(log n) to look up plus one memmove.
 */

static int
cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
seen_has(const struct model *m, const char *id)
{
	return m->n_seen_requests &&
	       bsearch(&id, m->seen_requests, m->n_seen_requests, sizeof(char *), cmp_str_ptr);
}

/* Add the unseen ids among ids[0..n) (all non-NULL) to the set; an id repeated within
 * the batch counts once.  Returns how many were new, or -1 on OOM. */
static long
seen_add(struct model *m, char *const *ids, size_t n)
{
	size_t base, add = 0, uniq = 0;
	char **grown;

	if (n == 0)
		return 0;
	/* Ids of requests long gone would pile up forever under a gateway that invents them:
	 * past the cap, forget them all but the ones still pending (one of those coming
	 * back rings again, which is harmless). */
	if (m->n_seen_requests + n > MODEL_MAX_SEEN) {
		size_t keep = 0;

		for (size_t i = 0; i < m->n_seen_requests; i++)
			free(m->seen_requests[i]);
		for (size_t i = 0; i < m->n_pending && keep < m->n_seen_requests; i++)
			if ((m->seen_requests[keep] = strdup(m->pending[i].request_id)))
				keep++;
		qsort(m->seen_requests, keep, sizeof(char *), cmp_str_ptr);
		m->n_seen_requests = 0;
		for (size_t i = 0; i < keep; i++) {
			if (m->n_seen_requests &&
			    strcmp(m->seen_requests[m->n_seen_requests - 1], m->seen_requests[i]) == 0)
				free(m->seen_requests[i]);
			else
				m->seen_requests[m->n_seen_requests++] = m->seen_requests[i];
		}
	}
	base = m->n_seen_requests;
	grown = realloc(m->seen_requests, (base + n) * sizeof(*grown));
	if (!grown)
		return -1;
	m->seen_requests = grown;
	for (size_t i = 0; i < n; i++) {
		if (seen_has(m, ids[i]))
			continue;
		if (!(grown[base + add] = strdup(ids[i]))) {
			while (add)
				free(grown[base + --add]);
			return -1;
		}
		add++;
	}
	qsort(grown + base, add, sizeof(char *), cmp_str_ptr);
	for (size_t i = 0; i < add; i++) {
		if (uniq && strcmp(grown[base + uniq - 1], grown[base + i]) == 0)
			free(grown[base + i]);
		else
			grown[base + uniq++] = grown[base + i];
	}
	/* Merge the sorted new block into the sorted old set from the back: O(n) per call,
	 * not a full re-sort (10,000 single-request events used to take seconds). */
	if (uniq && base) {
		char **fresh = malloc(uniq * sizeof(*fresh));
		size_t i = base, j = uniq, k = base + uniq;

		if (!fresh) {
			for (size_t x = 0; x < uniq; x++)
				free(grown[base + x]);
			return -1;
		}
		memcpy(fresh, grown + base, uniq * sizeof(*fresh));
		while (j > 0) {
			if (i > 0 && strcmp(grown[i - 1], fresh[j - 1]) > 0)
				grown[--k] = grown[--i];
			else
				grown[--k] = fresh[--j];
		}
		free(fresh);
	}
	m->n_seen_requests += uniq;
	return (long)uniq;
}

/*
 * Pending requests
 */

static void
pending_free(struct pending_req *r)
{
	free(r->request_id);
	free(r->device_id);
	free(r->public_key);
	free(r->display_name);
	free(r->platform);
	free(r->device_family);
	free(r->client_id);
	free(r->client_mode);
	free(r->role);
	free(r->remote_ip);
	free(r->browser_origin);
	strlist_free(&r->roles);
	strlist_free(&r->scopes);
	memset(r, 0, sizeof(*r));
}

/* 0, 1 when the entry has no requestId (skip it), -1 on OOM. */
static int
pending_parse(struct pending_req *r, const json_t *o, int64_t now_ms)
{
	bool oom = false;

	memset(r, 0, sizeof(*r));
	r->request_id = get_str(o, "requestId", &oom);
	if (!oom && (!r->request_id || !*r->request_id)) {
		free(r->request_id);
		r->request_id = NULL;
		return 1;
	}
	r->device_id = get_str(o, "deviceId", &oom);
	r->public_key = get_str(o, "publicKey", &oom);
	r->display_name = get_str(o, "displayName", &oom);
	r->platform = get_str(o, "platform", &oom);
	r->device_family = get_str(o, "deviceFamily", &oom);
	r->client_id = get_str(o, "clientId", &oom);
	r->client_mode = get_str(o, "clientMode", &oom);
	r->role = get_str(o, "role", &oom);
	r->remote_ip = get_str(o, "remoteIp", &oom);
	r->browser_origin = get_str(o, "browserOrigin", &oom);
	get_strlist(o, "roles", &r->roles, NULL, &oom);
	get_strlist(o, "scopes", &r->scopes, NULL, &oom);
	r->is_repair = get_bool(o, "isRepair");
	r->silent = get_bool(o, "silent");
	r->ts_ms = get_int(o, "ts");
	r->seen_ms = now_ms;
	r->cls = classify_client(r->client_id, r->client_mode, r->role ? r->role : first(&r->roles));
	if (oom) {
		pending_free(r);
		return -1;
	}
	return 0;
}

static void
pending_clear(struct model *m)
{
	for (size_t i = 0; i < m->n_pending; i++)
		pending_free(&m->pending[i]);
	free(m->pending);
	m->pending = NULL;
	m->n_pending = 0;
	m->pending_cap = 0;
}

static long
pending_index(const struct model *m, const char *request_id)
{
	if (!request_id)
		return -1;
	for (size_t i = 0; i < m->n_pending; i++)
		if (strcmp(m->pending[i].request_id, request_id) == 0)
			return (long)i;
	return -1;
}

/*
 * Paired devices
 */

static void
paired_free(struct paired_dev *d)
{
	free(d->device_id);
	free(d->public_key);
	free(d->display_name);
	free(d->platform);
	free(d->device_family);
	free(d->client_id);
	free(d->client_mode);
	free(d->role);
	free(d->approved_via);
	free(d->last_seen_reason);
	free(d->label);
	strlist_free(&d->roles);
	strlist_free(&d->scopes);
	for (size_t i = 0; i < d->n_tokens; i++) {
		free(d->tokens[i].role);
		strlist_free(&d->tokens[i].scopes);
	}
	free(d->tokens);
	memset(d, 0, sizeof(*d));
}

/* 0, 1 when the entry has no deviceId (skip it), -1 on OOM. */
static int
paired_parse(struct paired_dev *d, const json_t *o)
{
	const json_t *toks = json_object_get(o, "tokens");
	bool oom = false;

	memset(d, 0, sizeof(*d));
	d->device_id = get_str(o, "deviceId", &oom);
	if (!oom && (!d->device_id || !*d->device_id)) {
		free(d->device_id);
		d->device_id = NULL;
		return 1;
	}
	d->public_key = get_str(o, "publicKey", &oom);
	d->display_name = get_str(o, "displayName", &oom);
	d->platform = get_str(o, "platform", &oom);
	d->device_family = get_str(o, "deviceFamily", &oom);
	d->client_id = get_str(o, "clientId", &oom);
	d->client_mode = get_str(o, "clientMode", &oom);
	d->role = get_str(o, "role", &oom);
	d->approved_via = get_str(o, "approvedVia", &oom);
	d->last_seen_reason = get_str(o, "lastSeenReason", &oom);
	d->label = get_str(o, "label", &oom);
	get_strlist(o, "roles", &d->roles, NULL, &oom);
	get_strlist(o, "scopes", &d->scopes, NULL, &oom);
	d->created_ms = get_int(o, "createdAtMs");
	d->approved_ms = get_int(o, "approvedAtMs");
	d->last_seen_ms = get_int(o, "lastSeenAtMs");
	d->connected = get_bool(o, "connected");
	d->connected_from_presence = !json_is_boolean(json_object_get(o, "connected"));
	if (!json_object_get(o, "approvedVia") && !oom && !(d->approved_via = strdup("unknown")))
		oom = true;	/* releases before 2026.9 do not say how a device was approved */
	if (json_is_array(toks) && json_array_size(toks) && !oom) {
		size_t n = json_array_size(toks);

		if (n > MODEL_MAX_TOKENS) {
			d->tokens_over = n - MODEL_MAX_TOKENS;
			n = MODEL_MAX_TOKENS;
		}
		d->tokens = calloc(n, sizeof(*d->tokens));
		if (!d->tokens)
			oom = true;
		for (size_t i = 0; d->tokens && i < n; i++) {
			const json_t *t = json_array_get(toks, i);
			struct device_token_info *ti = &d->tokens[d->n_tokens];

			if (!json_is_object(t))
				continue;
			ti->role = get_str(t, "role", &oom);
			get_strlist(t, "scopes", &ti->scopes, NULL, &oom);
			ti->created_ms = get_int(t, "createdAtMs");
			ti->rotated_ms = get_int(t, "rotatedAtMs");
			ti->revoked_ms = get_int(t, "revokedAtMs");
			ti->last_used_ms = get_int(t, "lastUsedAtMs");
			d->n_tokens++;
		}
	}
	d->cls = classify_client(d->client_id, d->client_mode, d->role ? d->role : first(&d->roles));
	if (oom) {
		paired_free(d);
		return -1;
	}
	return 0;
}

static void
paired_clear(struct model *m)
{
	for (size_t i = 0; i < m->n_paired; i++)
		paired_free(&m->paired[i]);
	free(m->paired);
	m->paired = NULL;
	m->n_paired = 0;
}

int
model_set_pairing(struct model *m, const json_t *payload, int64_t now_ms)
{
	const json_t *pa = json_object_get(payload, "pending");
	const json_t *da = json_object_get(payload, "paired");
	size_t np_sent = json_is_array(pa) ? json_array_size(pa) : 0;
	size_t nd_sent = json_is_array(da) ? json_array_size(da) : 0;
	size_t np = np_sent < MODEL_MAX_PENDING ? np_sent : MODEL_MAX_PENDING;
	size_t nd = nd_sent < MODEL_MAX_PAIRED ? nd_sent : MODEL_MAX_PAIRED;
	struct pending_req *pend = NULL;
	struct paired_dev *dev = NULL;
	char **ids = NULL;
	size_t n_pend = 0, n_dev = 0;
	long fresh;
	int rc;

	if ((np && !(pend = calloc(np, sizeof(*pend)))) || (nd && !(dev = calloc(nd, sizeof(*dev)))) ||
	    (np && !(ids = calloc(np, sizeof(*ids)))))
		goto oom;
	for (size_t i = 0; i < np; i++) {
		const json_t *o = json_array_get(pa, i);

		if (!json_is_object(o))
			continue;
		rc = pending_parse(&pend[n_pend], o, now_ms);
		if (rc < 0)
			goto oom;
		if (rc == 0) {
			pend[n_pend].listed = true;
			ids[n_pend] = pend[n_pend].request_id;
			n_pend++;
		}
	}
	for (size_t i = 0; i < nd; i++) {
		const json_t *o = json_array_get(da, i);

		if (!json_is_object(o))
			continue;
		rc = paired_parse(&dev[n_dev], o);
		if (rc < 0)
			goto oom;
		if (rc == 0)
			n_dev++;
	}
	fresh = seen_add(m, ids, n_pend);
	if (fresh < 0)
		goto oom;
	free(ids);
	pending_clear(m);
	paired_clear(m);
	m->pending = pend;
	m->n_pending = n_pend;
	m->pending_cap = np;
	m->paired = dev;
	m->n_paired = n_dev;
	m->pending_over = np_sent - np;
	m->paired_over = nd_sent - nd;
	m->changed |= MODEL_CHANGED_PENDING | MODEL_CHANGED_PAIRED;
	if (fresh > 0)
		m->changed |= MODEL_CHANGED_NEW_REQUEST;
	if (m->n_presence)
		m->changed |= MODEL_CHANGED_PRESENCE;	/* classes may have changed */
	return model_reconcile(m);
oom:
	for (size_t i = 0; i < n_pend; i++)
		pending_free(&pend[i]);
	for (size_t i = 0; i < n_dev; i++)
		paired_free(&dev[i]);
	free(pend);
	free(dev);
	free(ids);
	return -1;
}

/*
 * Events
 */

static unsigned
apply_requested(struct model *m, const json_t *payload, int64_t now_ms)
{
	struct pending_req r;
	unsigned bits = MODEL_CHANGED_PENDING;
	long at;

	if (!json_is_object(payload) || pending_parse(&r, payload, now_ms) != 0)
		return 0;
	at = pending_index(m, r.request_id);
	if (at < 0 && m->n_pending >= MODEL_MAX_PENDING) {
		/* full: not listed and not announced, but counted on the status line */
		pending_free(&r);
		m->pending_over++;
		return MODEL_CHANGED_PENDING;
	}
	if (!seen_has(m, r.request_id)) {
		if (seen_add(m, &r.request_id, 1) < 0) {
			pending_free(&r);
			return 0;
		}
		bits |= MODEL_CHANGED_NEW_REQUEST;
	}
	if (at >= 0) {
		pending_free(&m->pending[at]);
		m->pending[at] = r;
	} else {
		if (m->n_pending == m->pending_cap) {
			size_t cap = m->pending_cap ? 2 * m->pending_cap : 16;
			struct pending_req *grown = realloc(m->pending, cap * sizeof(*grown));

			if (!grown) {
				pending_free(&r);
				return bits & MODEL_CHANGED_NEW_REQUEST;
			}
			m->pending = grown;
			m->pending_cap = cap;
		}
		m->pending[m->n_pending++] = r;
	}
	return bits;
}

unsigned
model_apply_event(struct model *m, const struct frame *ev, int64_t now_ms)
{
	unsigned bits = 0;
	const json_t *p;

	if (!ev || ev->type != FRAME_EVENT || !ev->event)
		return 0;
	p = ev->payload;
	if (strcmp(ev->event, "presence") == 0) {
		const json_t *list = json_object_get(p, "presence");

		if (json_is_array(list) && model_set_presence(m, list) == 0)
			bits = MODEL_CHANGED_PRESENCE;
	} else if (strcmp(ev->event, "device.pair.requested") == 0) {
		bits = apply_requested(m, p, now_ms);
	} else if (strcmp(ev->event, "device.pair.resolved") == 0) {
		const json_t *id = json_object_get(p, "requestId");
		char *clean;

		if (json_is_string(id) && (clean = frame_clean_dup(id))) {
			if (model_remove_pending(m, clean))
				bits = MODEL_CHANGED_PENDING;
			free(clean);
		}
	}
	m->changed |= bits;
	return bits;
}

int
model_remove_pending(struct model *m, const char *request_id)
{
	long at = pending_index(m, request_id);

	if (at < 0)
		return 0;
	pending_free(&m->pending[at]);
	memmove(&m->pending[at], &m->pending[at + 1],
		(m->n_pending - (size_t)at - 1) * sizeof(*m->pending));
	m->n_pending--;
	m->changed |= MODEL_CHANGED_PENDING;
	return 1;
}

size_t
model_expire_pending(struct model *m, int64_t now_ms, int64_t ttl_ms)
{
	size_t out = 0, dropped = 0;

	for (size_t i = 0; i < m->n_pending; i++) {
		if (now_ms - m->pending[i].seen_ms > ttl_ms) {
			pending_free(&m->pending[i]);
			dropped++;
			continue;
		}
		if (out != i)
			m->pending[out] = m->pending[i];
		out++;
	}
	m->n_pending = out;
	if (dropped)
		m->changed |= MODEL_CHANGED_PENDING;
	return dropped;
}

int
model_caps_describe(const struct model *m, char *out, size_t size)
{
	size_t tokens = 0, n = 0;

	for (size_t i = 0; i < m->n_paired; i++)
		tokens += m->paired[i].tokens_over;
	if (size)
		out[0] = '\0';
	if (!m->presence_over && !m->pending_over && !m->paired_over && !tokens)
		return 0;
#define CAPS_ADD(...) do { \
	if (n < size) \
		n += (size_t)snprintf(out + n, size - n, __VA_ARGS__); \
} while (0)
	CAPS_ADD("the gateway sent more than the console keeps:");
	if (m->presence_over)
		CAPS_ADD(" %zu presence rows, showing the first %zu;", m->n_presence + m->presence_over,
			 m->n_presence);
	if (m->pending_over)
		CAPS_ADD(" %zu pending requests, showing %zu;", m->n_pending + m->pending_over,
			 m->n_pending);
	if (m->paired_over)
		CAPS_ADD(" %zu paired devices, showing the first %zu;", m->n_paired + m->paired_over,
			 m->n_paired);
	if (tokens)
		CAPS_ADD(" %zu device tokens beyond %d per device not shown;", tokens, MODEL_MAX_TOKENS);
#undef CAPS_ADD
	if (n && n < size && out[n - 1] == ';')
		out[n - 1] = '\0';
	return 1;
}

bool
model_presence_full(const struct model *m)
{
	return m->n_presence >= MODEL_GATEWAY_PRESENCE_MAX;
}

const struct paired_dev *
model_find_paired(const struct model *m, const char *device_id)
{
	if (!device_id)
		return NULL;
	for (size_t i = 0; i < m->n_paired; i++)
		if (strcmp(m->paired[i].device_id, device_id) == 0)
			return &m->paired[i];
	return NULL;
}

const struct grant_paired *
model_grant_paired(const struct paired_dev *d, struct model_grant_input *in)
{
	memset(in, 0, sizeof(*in));
	if (!d)
		return NULL;
	in->p.scopes = (const char *const *)d->scopes.v;
	in->p.n_scopes = d->scopes.n;
	for (size_t i = 0; i < d->n_tokens && i < MODEL_GRANT_MAX_TOKENS; i++) {
		in->tokens[i].role = d->tokens[i].role;
		in->tokens[i].scopes = (const char *const *)d->tokens[i].scopes.v;
		in->tokens[i].n_scopes = d->tokens[i].scopes.n;
		in->tokens[i].revoked_ms = d->tokens[i].revoked_ms;
		in->p.n_tokens++;
	}
	in->p.tokens = in->tokens;
	in->p.incomplete = d->n_tokens > MODEL_GRANT_MAX_TOKENS;
	return &in->p;
}

void
model_request_grant(const struct model *m, const struct pending_req *q, struct grant *g)
{
	struct model_grant_input in;

	grant_effective((const char *const *)q->scopes.v, q->scopes.n, q->is_repair,
			model_grant_paired(model_find_paired(m, q->device_id), &in), g);
}

const struct pending_req *
model_find_pending(const struct model *m, const char *request_id)
{
	long at = pending_index(m, request_id);

	return at < 0 ? NULL : &m->pending[at];
}

unsigned
model_take_changes(struct model *m)
{
	unsigned c = m->changed;

	m->changed = 0;
	return c;
}

/*
 * Dump and JSON
 */

static const char *
or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void
dump_list(FILE *out, const char *name, const struct strlist *l)
{
	fprintf(out, " %s=", name);
	if (!l->n)
		fputc('-', out);
	for (size_t i = 0; i < l->n; i++)
		fprintf(out, "%s%s", i ? "," : "", l->v[i]);
}

void
model_dump(const struct model *m, FILE *out)
{
	fprintf(out, "presence %zu\n", m->n_presence);
	for (size_t i = 0; i < m->n_presence; i++) {
		const struct presence_row *r = &m->presence[i];

		fprintf(out, "  [%zu] %s/%s class=%s %s host=%s ip=%s device=%s instance=%s", i,
			or_dash(r->client_id), or_dash(r->mode), classify_key(r->cls),
			r->live ? "live" : "gone", or_dash(r->host), or_dash(r->ip),
			or_dash(r->device_id), or_dash(r->instance_id));
		dump_list(out, "roles", &r->roles);
		if (r->scopes_present)
			dump_list(out, "scopes", &r->scopes);
		else
			fputs(" scopes=(cleared)", out);
		fprintf(out, " version=%s platform=%s family=%s reason=%s since=%lld ts=%lld\n",
			or_dash(r->version), or_dash(r->platform), or_dash(r->device_family),
			or_dash(r->reason), (long long)r->online_since_ms, (long long)r->ts_ms);
	}
	fprintf(out, "pending %zu\n", m->n_pending);
	for (size_t i = 0; i < m->n_pending; i++) {
		const struct pending_req *r = &m->pending[i];

		fprintf(out, "  [%zu] %s device=%s name=%s %s/%s class=%s role=%s", i, r->request_id,
			or_dash(r->device_id), or_dash(r->display_name), or_dash(r->client_id),
			or_dash(r->client_mode), classify_key(r->cls), or_dash(r->role));
		dump_list(out, "scopes", &r->scopes);
		fprintf(out, " platform=%s ip=%s repair=%d silent=%d ts=%lld\n", or_dash(r->platform),
			or_dash(r->remote_ip), r->is_repair, r->silent, (long long)r->ts_ms);
	}
	fprintf(out, "paired %zu\n", m->n_paired);
	for (size_t i = 0; i < m->n_paired; i++) {
		const struct paired_dev *d = &m->paired[i];

		fprintf(out, "  [%zu] %s name=%s %s/%s class=%s role=%s", i, d->device_id,
			or_dash(d->display_name), or_dash(d->client_id), or_dash(d->client_mode),
			classify_key(d->cls), or_dash(d->role));
		dump_list(out, "scopes", &d->scopes);
		fprintf(out, " via=%s connected=%d approved=%lld seen=%lld/%s tokens=%zu\n",
			or_dash(d->approved_via), d->connected, (long long)d->approved_ms,
			(long long)d->last_seen_ms, or_dash(d->last_seen_reason), d->n_tokens);
	}
}

void
model_free(struct model *m)
{
	presence_clear(m);
	pending_clear(m);
	paired_clear(m);
	for (size_t i = 0; i < m->n_seen_requests; i++)
		free(m->seen_requests[i]);
	free(m->seen_requests);
	memset(m, 0, sizeof(*m));
}

/* Set key to a string, or to null when absent, so every object has the same keys. */
static void
put_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, v ? json_string(v) : json_null());
}

static void
put_ms(json_t *o, const char *key, int64_t v)
{
	json_object_set_new(o, key, v ? json_integer((json_int_t)v) : json_null());
}

json_t *
model_presence_json(const struct presence_row *r)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	put_str(o, "clientId", r->client_id);
	if (r->client_id_from_paired)
		json_object_set_new(o, "clientIdFrom", json_string("paired-device"));
	put_str(o, "mode", r->mode);
	json_object_set_new(o, "class", json_string(classify_key(r->cls)));
	json_object_set_new(o, "classLabel", json_string(classify_label(r->cls)));
	json_object_set_new(o, "roles", strlist_json(&r->roles));
	json_object_set_new(o, "scopes", r->scopes_present ? strlist_json(&r->scopes) : json_null());
	json_object_set_new(o, "scopesCleared", json_boolean(!r->scopes_present));
	put_str(o, "deviceId", r->device_id);
	put_str(o, "instanceId", r->instance_id);
	put_str(o, "host", r->host);
	put_str(o, "ip", r->ip);
	put_str(o, "version", r->version);
	put_str(o, "platform", r->platform);
	put_str(o, "deviceFamily", r->device_family);
	put_str(o, "modelIdentifier", r->model_identifier);
	put_str(o, "reason", r->reason);
	json_object_set_new(o, "live", json_boolean(r->live));
	put_ms(o, "onlineSince", r->online_since_ms);
	put_ms(o, "ts", r->ts_ms);
	put_ms(o, "lastActivityAt", r->last_activity_ms);
	put_str(o, "text", r->text);
	return o;
}

json_t *
model_pending_json(const struct pending_req *r)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	put_str(o, "requestId", r->request_id);
	put_str(o, "deviceId", r->device_id);
	put_str(o, "publicKey", r->public_key);
	put_str(o, "displayName", r->display_name);
	put_str(o, "platform", r->platform);
	put_str(o, "deviceFamily", r->device_family);
	put_str(o, "clientId", r->client_id);
	put_str(o, "clientMode", r->client_mode);
	json_object_set_new(o, "class", json_string(classify_key(r->cls)));
	json_object_set_new(o, "classLabel", json_string(classify_label(r->cls)));
	put_str(o, "role", r->role);
	json_object_set_new(o, "roles", strlist_json(&r->roles));
	json_object_set_new(o, "scopes", strlist_json(&r->scopes));
	put_str(o, "remoteIp", r->remote_ip);
	put_str(o, "browserOrigin", r->browser_origin);
	json_object_set_new(o, "isRepair", json_boolean(r->is_repair));
	json_object_set_new(o, "silent", json_boolean(r->silent));
	put_ms(o, "ts", r->ts_ms);
	return o;
}

json_t *
model_paired_json(const struct paired_dev *d)
{
	json_t *o = json_object();
	json_t *toks;

	if (!o)
		return NULL;
	put_str(o, "deviceId", d->device_id);
	put_str(o, "publicKey", d->public_key);
	put_str(o, "displayName", d->display_name);
	put_str(o, "label", d->label);
	put_str(o, "platform", d->platform);
	put_str(o, "deviceFamily", d->device_family);
	put_str(o, "clientId", d->client_id);
	put_str(o, "clientMode", d->client_mode);
	json_object_set_new(o, "class", json_string(classify_key(d->cls)));
	json_object_set_new(o, "classLabel", json_string(classify_label(d->cls)));
	put_str(o, "role", d->role);
	json_object_set_new(o, "roles", strlist_json(&d->roles));
	json_object_set_new(o, "scopes", strlist_json(&d->scopes));
	put_str(o, "approvedVia", d->approved_via);
	put_ms(o, "createdAtMs", d->created_ms);
	put_ms(o, "approvedAtMs", d->approved_ms);
	put_ms(o, "lastSeenAtMs", d->last_seen_ms);
	put_str(o, "lastSeenReason", d->last_seen_reason);
	json_object_set_new(o, "connected", json_boolean(d->connected));
	if (d->connected_from_presence)
		json_object_set_new(o, "connectedFrom", json_string("presence"));
	toks = json_array();
	for (size_t i = 0; toks && i < d->n_tokens; i++) {
		const struct device_token_info *t = &d->tokens[i];
		json_t *to = json_object();

		if (!to)
			break;
		put_str(to, "role", t->role);
		json_object_set_new(to, "scopes", strlist_json(&t->scopes));
		put_ms(to, "createdAtMs", t->created_ms);
		put_ms(to, "rotatedAtMs", t->rotated_ms);
		put_ms(to, "revokedAtMs", t->revoked_ms);
		put_ms(to, "lastUsedAtMs", t->last_used_ms);
		json_array_append_new(toks, to);
	}
	json_object_set_new(o, "tokens", toks);
	return o;
}
