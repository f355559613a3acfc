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
 * Descriptor tables: one line per protocol field drives parse, free, dump and JSON.
 */

enum field_type {
	FIELD_STR,		/* char *: sanitised copy; JSON string or null; dump it or "-" */
	FIELD_STRLIST,		/* struct strlist; JSON array; dump a,b,c or "-" */
	FIELD_MS,		/* int64_t, 0 when absent; JSON integer or null for 0; dump %lld */
	FIELD_BOOL,		/* bool, true only for JSON true; dump 0 or 1 */
	FIELD_CLASS,		/* enum client_class, derived; JSON "class" and "classLabel" */
	FIELD_TAG,		/* bool, derived; when true, JSON key: tag (otherwise no key) */
};

enum field_flags {
	FF_DERIVED = 1u << 0,	/* not read from the protocol: the record's own code sets it */
	FF_PRESENT = 1u << 1,	/* STRLIST: the bool at aux says whether the key held an array;
				 * absent is JSON null and dumps as "(cleared)" */
	FF_NOT = 1u << 2,	/* BOOL: written negated */
	FF_WORDS = 1u << 3,	/* BOOL: dumps as the first or second word of "yes|no" */
};

struct field {
	const char *key;	/* protocol and --json name */
	enum field_type type;
	size_t off;		/* offsetof the member */
	unsigned flags;		/* FF_* */
	size_t aux;		/* FF_PRESENT: offsetof the bool */
	const char *dump;	/* model_dump label (" host="), NULL: not dumped */
	int dump_pos;		/* place on the dump line, from 1 */
	const char *tag;	/* FIELD_TAG: the value written */
};

#define AT(rec, off, type) ((type *)(void *)((char *)(rec) + (off)))
#define CAT(rec, off, type) ((const type *)(const void *)((const char *)(rec) + (off)))
#define N_FIELDS(t) (sizeof(t) / sizeof((t)[0]))

/* Read the fields of t from o into rec (zeroed by the caller).  Sets *oom on OOM. */
static void
fields_parse(const struct field *t, size_t n, void *rec, const json_t *o, bool *oom)
{
	for (size_t i = 0; i < n; i++) {
		const struct field *f = &t[i];

		if (f->flags & FF_DERIVED)
			continue;
		switch (f->type) {
		case FIELD_STR:
			*AT(rec, f->off, char *) = get_str(o, f->key, oom);
			break;
		case FIELD_STRLIST:
			get_strlist(o, f->key, AT(rec, f->off, struct strlist),
				    f->flags & FF_PRESENT ? AT(rec, f->aux, bool) : NULL, oom);
			break;
		case FIELD_MS:
			*AT(rec, f->off, int64_t) = get_int(o, f->key);
			break;
		case FIELD_BOOL:
			*AT(rec, f->off, bool) = get_bool(o, f->key);
			break;
		case FIELD_CLASS:
		case FIELD_TAG:
			break;
		}
	}
}

static void
fields_free(const struct field *t, size_t n, void *rec)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].type == FIELD_STR) {
			char **s = AT(rec, t[i].off, char *);

			free(*s);
			*s = NULL;
		} else if (t[i].type == FIELD_STRLIST) {
			strlist_free(AT(rec, t[i].off, struct strlist));
		}
	}
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

/* A new object with the fields of t, in table order (new reference, NULL on OOM). */
static json_t *
fields_json(const struct field *t, size_t n, const void *rec)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < n; i++) {
		const struct field *f = &t[i];
		bool b;

		switch (f->type) {
		case FIELD_STR:
			put_str(o, f->key, *CAT(rec, f->off, char *));
			break;
		case FIELD_STRLIST:
			if ((f->flags & FF_PRESENT) && !*CAT(rec, f->aux, bool))
				json_object_set_new(o, f->key, json_null());
			else
				json_object_set_new(o, f->key, strlist_json(CAT(rec, f->off, struct strlist)));
			break;
		case FIELD_MS:
			put_ms(o, f->key, *CAT(rec, f->off, int64_t));
			break;
		case FIELD_BOOL:
			b = *CAT(rec, f->off, bool);
			json_object_set_new(o, f->key, json_boolean(f->flags & FF_NOT ? !b : b));
			break;
		case FIELD_CLASS:
			json_object_set_new(o, "class", json_string(classify_key(*CAT(rec, f->off, enum client_class))));
			json_object_set_new(o, "classLabel",
					    json_string(classify_label(*CAT(rec, f->off, enum client_class))));
			break;
		case FIELD_TAG:
			if (*CAT(rec, f->off, bool))
				json_object_set_new(o, f->key, json_string(f->tag));
			break;
		}
	}
	return o;
}

static const char *
or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void
dump_list(FILE *out, const char *label, const struct strlist *l)
{
	fputs(label, out);
	if (!l->n)
		fputc('-', out);
	for (size_t i = 0; i < l->n; i++)
		fprintf(out, "%s%s", i ? "," : "", l->v[i]);
}

/* The dumped fields of rec in dump_pos order, without a newline. */
static void
fields_dump(const struct field *t, size_t n, const void *rec, FILE *out)
{
	for (int pos = 1;; pos++) {
		const struct field *f = NULL;

		for (size_t i = 0; i < n && !f; i++)
			if (t[i].dump && t[i].dump_pos == pos)
				f = &t[i];
		if (!f)
			return;
		switch (f->type) {
		case FIELD_STR:
			fprintf(out, "%s%s", f->dump, or_dash(*CAT(rec, f->off, char *)));
			break;
		case FIELD_STRLIST:
			if ((f->flags & FF_PRESENT) && !*CAT(rec, f->aux, bool))
				fprintf(out, "%s(cleared)", f->dump);
			else
				dump_list(out, f->dump, CAT(rec, f->off, struct strlist));
			break;
		case FIELD_MS:
			fprintf(out, "%s%lld", f->dump, (long long)*CAT(rec, f->off, int64_t));
			break;
		case FIELD_BOOL:
			if (f->flags & FF_WORDS) {
				const char *bar = strchr(f->dump, '|');

				if (*CAT(rec, f->off, bool))
					fprintf(out, "%.*s", (int)(bar - f->dump), f->dump);
				else
					fputs(bar + 1, out);
			} else {
				fprintf(out, "%s%d", f->dump, *CAT(rec, f->off, bool));
			}
			break;
		case FIELD_CLASS:
			fprintf(out, "%s%s", f->dump, classify_key(*CAT(rec, f->off, enum client_class)));
			break;
		case FIELD_TAG:
			break;
		}
	}
}

/* Every parse stamps a new revision, unique in the process (rows caches by it). */
static uint64_t model_rev;

/*
 * Presence
 */

#define PR(member) offsetof(struct presence_row, member)

static const struct field presence_fields[] = {
	{ "clientId", FIELD_STR, PR(client_id), 0, 0, "", 1, NULL },
	{ "clientIdFrom", FIELD_TAG, PR(client_id_from_paired), FF_DERIVED, 0, NULL, 0, "paired-device" },
	{ "mode", FIELD_STR, PR(mode), 0, 0, "/", 2, NULL },
	{ "class", FIELD_CLASS, PR(cls), FF_DERIVED, 0, " class=", 3, NULL },
	{ "roles", FIELD_STRLIST, PR(roles), 0, 0, " roles=", 9, NULL },
	{ "scopes", FIELD_STRLIST, PR(scopes), FF_PRESENT, PR(scopes_present), " scopes=", 10, NULL },
	{ "scopesCleared", FIELD_BOOL, PR(scopes_present), FF_DERIVED | FF_NOT, 0, NULL, 0, NULL },
	{ "deviceId", FIELD_STR, PR(device_id), 0, 0, " device=", 7, NULL },
	{ "instanceId", FIELD_STR, PR(instance_id), 0, 0, " instance=", 8, NULL },
	{ "host", FIELD_STR, PR(host), 0, 0, " host=", 5, NULL },
	{ "ip", FIELD_STR, PR(ip), 0, 0, " ip=", 6, NULL },
	{ "version", FIELD_STR, PR(version), 0, 0, " version=", 11, NULL },
	{ "platform", FIELD_STR, PR(platform), 0, 0, " platform=", 12, NULL },
	{ "deviceFamily", FIELD_STR, PR(device_family), 0, 0, " family=", 13, NULL },
	{ "modelIdentifier", FIELD_STR, PR(model_identifier), 0, 0, NULL, 0, NULL },
	{ "reason", FIELD_STR, PR(reason), 0, 0, " reason=", 14, NULL },
	{ "live", FIELD_BOOL, PR(live), FF_DERIVED | FF_WORDS, 0, " live| gone", 4, NULL },
	{ "onlineSince", FIELD_MS, PR(online_since_ms), 0, 0, " since=", 15, NULL },
	{ "ts", FIELD_MS, PR(ts_ms), 0, 0, " ts=", 16, NULL },
	{ "lastActivityAt", FIELD_MS, PR(last_activity_ms), 0, 0, NULL, 0, NULL },
	{ "text", FIELD_STR, PR(text), 0, 0, NULL, 0, NULL },
};

static void
presence_free(struct presence_row *r)
{
	fields_free(presence_fields, N_FIELDS(presence_fields), r);
	memset(r, 0, sizeof(*r));
}

static int
presence_parse(struct presence_row *r, const json_t *o)
{
	bool oom = false;

	memset(r, 0, sizeof(*r));
	fields_parse(presence_fields, N_FIELDS(presence_fields), r, o, &oom);
	r->cls = classify_client(r->client_id, r->mode, first(&r->roles));
	r->live = !(r->reason && strcmp(r->reason, "disconnect") == 0);
	r->rev = ++model_rev;
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
		r->rev = ++model_rev;
	}
	for (size_t i = 0; i < m->n_paired; i++) {
		struct paired_dev *d = &m->paired[i];
		bool was;

		if (!d->connected_from_presence)
			continue;
		was = d->connected;
		d->connected = false;
		for (size_t j = 0; j < m->n_presence; j++)
			if (m->presence[j].live && m->presence[j].device_id &&
			    strcmp(m->presence[j].device_id, d->device_id) == 0)
				d->connected = true;
		if (d->connected != was)
			d->rev = ++model_rev;	/* its ONLINE cell changed */
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
 * Hash tables of request ids (open addressing, linear probing, at most half full)
 */

static size_t
str_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)(h ^ (h >> 29));
}

/* The smallest power of two >= 16 and >= 2 * n. */
static size_t
table_size(size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	return cap;
}

/*
 * Request ids already seen: a hash set, so an event costs O(1) to look up and add.
 */

static bool
seen_has(const struct model *m, const char *id)
{
	size_t mask = m->seen_cap - 1;

	if (!m->seen_cap)
		return false;
	for (size_t i = str_hash(id) & mask; m->seen_requests[i]; i = (i + 1) & mask)
		if (strcmp(m->seen_requests[i], id) == 0)
			return true;
	return false;
}

/* Put s (owned, not in the set) into slots; the set has room. */
static void
seen_place(char **slots, size_t cap, char *s)
{
	size_t i = str_hash(s) & (cap - 1);

	while (slots[i])
		i = (i + 1) & (cap - 1);
	slots[i] = s;
}

/* Make room for want ids.  0 or -1 (OOM, the set unchanged). */
static int
seen_reserve(struct model *m, size_t want)
{
	size_t cap = table_size(want);
	char **slots;

	if (cap <= m->seen_cap)
		return 0;
	if (!(slots = calloc(cap, sizeof(*slots))))
		return -1;
	for (size_t i = 0; i < m->seen_cap; i++)
		if (m->seen_requests[i])
			seen_place(slots, cap, m->seen_requests[i]);
	free(m->seen_requests);
	m->seen_requests = slots;
	m->seen_cap = cap;
	return 0;
}

static void
seen_clear(struct model *m)
{
	for (size_t i = 0; i < m->seen_cap; i++) {
		free(m->seen_requests[i]);
		m->seen_requests[i] = NULL;
	}
	m->n_seen_requests = 0;
}

/* Add the unseen ids among ids[0..n) (all non-NULL) to the set; an id repeated within
 * the batch counts once.  Returns how many were new, or -1 on OOM (the set unchanged). */
static long
seen_add(struct model *m, char *const *ids, size_t n)
{
	char **fresh;
	size_t nf = 0;
	long uniq = 0;

	if (n == 0)
		return 0;
	/* Ids of requests long gone would pile up forever under a gateway that invents them:
	 * past the cap, forget them all but the ones still pending (one of those coming
	 * back rings again, which is harmless). */
	if (m->n_seen_requests + n > MODEL_MAX_SEEN) {
		seen_clear(m);
		for (size_t i = 0; i < m->n_pending; i++) {
			char *s;

			if (seen_has(m, m->pending[i].request_id) || seen_reserve(m, m->n_seen_requests + 1) < 0 ||
			    !(s = strdup(m->pending[i].request_id)))
				continue;
			seen_place(m->seen_requests, m->seen_cap, s);
			m->n_seen_requests++;
		}
	}
	if (!(fresh = malloc(n * sizeof(*fresh))))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (seen_has(m, ids[i]))
			continue;
		if (!(fresh[nf] = strdup(ids[i]))) {
			while (nf)
				free(fresh[--nf]);
			free(fresh);
			return -1;
		}
		nf++;
	}
	if (nf && seen_reserve(m, m->n_seen_requests + nf) < 0) {
		while (nf)
			free(fresh[--nf]);
		free(fresh);
		return -1;
	}
	for (size_t i = 0; i < nf; i++) {
		if (seen_has(m, fresh[i])) {	/* twice in this batch */
			free(fresh[i]);
			continue;
		}
		seen_place(m->seen_requests, m->seen_cap, fresh[i]);
		m->n_seen_requests++;
		uniq++;
	}
	free(fresh);
	return uniq;
}

/*
 * The pending-request index: request id -> position in m->pending.
 */

static size_t
ix_home(const struct model *m, size_t slot)
{
	return str_hash(m->pending[m->pending_ix[slot] - 1].request_id) & (m->pending_ix_cap - 1);
}

/* Index pending[at]; an id already indexed keeps its first entry (pending_ix_dups). */
static void
ix_place(struct model *m, size_t at)
{
	size_t mask = m->pending_ix_cap - 1, i = str_hash(m->pending[at].request_id) & mask;

	for (; m->pending_ix[i]; i = (i + 1) & mask) {
		if (strcmp(m->pending[m->pending_ix[i] - 1].request_id, m->pending[at].request_id) == 0) {
			m->pending_ix_dups = true;
			return;
		}
	}
	m->pending_ix[i] = at + 1;
}

/* Index all of m->pending afresh.  Out of memory, there is no index: lookups scan. */
static void
ix_rebuild(struct model *m)
{
	free(m->pending_ix);
	m->pending_ix_dups = false;
	m->pending_ix_cap = table_size(m->n_pending);
	if (!(m->pending_ix = calloc(m->pending_ix_cap, sizeof(*m->pending_ix)))) {
		m->pending_ix_cap = 0;
		return;
	}
	for (size_t i = 0; i < m->n_pending; i++)
		ix_place(m, i);
}

/* pending[n_pending - 1] was just appended. */
static void
ix_appended(struct model *m)
{
	if (!m->pending_ix_cap || 2 * m->n_pending > m->pending_ix_cap)
		ix_rebuild(m);
	else
		ix_place(m, m->n_pending - 1);
}

/* pending[at] is about to be removed and the entries after it moved down by one. */
static void
ix_remove(struct model *m, size_t at)
{
	size_t mask = m->pending_ix_cap - 1, i, k;

	if (!m->pending_ix_cap || m->pending_ix_dups)
		return;		/* the caller rebuilds */
	i = str_hash(m->pending[at].request_id) & mask;
	for (; m->pending_ix[i] != at + 1; i = (i + 1) & mask) {
		if (!m->pending_ix[i]) {
			m->pending_ix_dups = true;	/* not indexed: the caller rebuilds */
			return;
		}
	}
	/* backward-shift deletion: pull up later entries of the run whose home is not
	 * cyclically in (i, k] */
	for (k = (i + 1) & mask; m->pending_ix[k]; k = (k + 1) & mask) {
		size_t h = ix_home(m, k);

		if (i <= k ? (h <= i || h > k) : (h <= i && h > k)) {
			m->pending_ix[i] = m->pending_ix[k];
			i = k;
		}
	}
	m->pending_ix[i] = 0;
	for (k = 0; k <= mask; k++)
		if (m->pending_ix[k] > at + 1)
			m->pending_ix[k]--;
}

/*
 * Pending requests
 */

#define PQ(member) offsetof(struct pending_req, member)

static const struct field pending_fields[] = {
	{ "requestId", FIELD_STR, PQ(request_id), 0, 0, "", 1, NULL },
	{ "deviceId", FIELD_STR, PQ(device_id), 0, 0, " device=", 2, NULL },
	{ "publicKey", FIELD_STR, PQ(public_key), 0, 0, NULL, 0, NULL },
	{ "displayName", FIELD_STR, PQ(display_name), 0, 0, " name=", 3, NULL },
	{ "platform", FIELD_STR, PQ(platform), 0, 0, " platform=", 9, NULL },
	{ "deviceFamily", FIELD_STR, PQ(device_family), 0, 0, NULL, 0, NULL },
	{ "clientId", FIELD_STR, PQ(client_id), 0, 0, " ", 4, NULL },
	{ "clientMode", FIELD_STR, PQ(client_mode), 0, 0, "/", 5, NULL },
	{ "class", FIELD_CLASS, PQ(cls), FF_DERIVED, 0, " class=", 6, NULL },
	{ "role", FIELD_STR, PQ(role), 0, 0, " role=", 7, NULL },
	{ "roles", FIELD_STRLIST, PQ(roles), 0, 0, NULL, 0, NULL },
	{ "scopes", FIELD_STRLIST, PQ(scopes), 0, 0, " scopes=", 8, NULL },
	{ "remoteIp", FIELD_STR, PQ(remote_ip), 0, 0, " ip=", 10, NULL },
	{ "browserOrigin", FIELD_STR, PQ(browser_origin), 0, 0, NULL, 0, NULL },
	{ "isRepair", FIELD_BOOL, PQ(is_repair), 0, 0, " repair=", 11, NULL },
	{ "silent", FIELD_BOOL, PQ(silent), 0, 0, " silent=", 12, NULL },
	{ "ts", FIELD_MS, PQ(ts_ms), 0, 0, " ts=", 13, NULL },
};

static void
pending_free(struct pending_req *r)
{
	fields_free(pending_fields, N_FIELDS(pending_fields), r);
	memset(r, 0, sizeof(*r));
}

/* 0, 1 when the entry has no requestId (skip it), -1 on OOM. */
static int
pending_parse(struct pending_req *r, const json_t *o, int64_t now_ms)
{
	bool oom = false;

	memset(r, 0, sizeof(*r));
	fields_parse(pending_fields, N_FIELDS(pending_fields), r, o, &oom);
	if (!oom && (!r->request_id || !*r->request_id)) {
		pending_free(r);
		return 1;
	}
	r->seen_ms = now_ms;
	r->cls = classify_client(r->client_id, r->client_mode, r->role ? r->role : first(&r->roles));
	r->rev = ++model_rev;
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
	free(m->pending_ix);
	m->pending_ix = NULL;
	m->pending_ix_cap = 0;
	m->pending_ix_dups = false;
}

static long
pending_index(const struct model *m, const char *request_id)
{
	size_t mask = m->pending_ix_cap - 1;

	if (!request_id)
		return -1;
	if (!m->pending_ix_cap) {
		for (size_t i = 0; i < m->n_pending; i++)
			if (strcmp(m->pending[i].request_id, request_id) == 0)
				return (long)i;
		return -1;
	}
	for (size_t i = str_hash(request_id) & mask; m->pending_ix[i]; i = (i + 1) & mask)
		if (strcmp(m->pending[m->pending_ix[i] - 1].request_id, request_id) == 0)
			return (long)(m->pending_ix[i] - 1);
	return -1;
}

/*
 * Paired devices
 */

#define PD(member) offsetof(struct paired_dev, member)

static const struct field paired_fields[] = {
	{ "deviceId", FIELD_STR, PD(device_id), 0, 0, "", 1, NULL },
	{ "publicKey", FIELD_STR, PD(public_key), 0, 0, NULL, 0, NULL },
	{ "displayName", FIELD_STR, PD(display_name), 0, 0, " name=", 2, NULL },
	{ "label", FIELD_STR, PD(label), 0, 0, NULL, 0, NULL },
	{ "platform", FIELD_STR, PD(platform), 0, 0, NULL, 0, NULL },
	{ "deviceFamily", FIELD_STR, PD(device_family), 0, 0, NULL, 0, NULL },
	{ "clientId", FIELD_STR, PD(client_id), 0, 0, " ", 3, NULL },
	{ "clientMode", FIELD_STR, PD(client_mode), 0, 0, "/", 4, NULL },
	{ "class", FIELD_CLASS, PD(cls), FF_DERIVED, 0, " class=", 5, NULL },
	{ "role", FIELD_STR, PD(role), 0, 0, " role=", 6, NULL },
	{ "roles", FIELD_STRLIST, PD(roles), 0, 0, NULL, 0, NULL },
	{ "scopes", FIELD_STRLIST, PD(scopes), 0, 0, " scopes=", 7, NULL },
	{ "approvedVia", FIELD_STR, PD(approved_via), 0, 0, " via=", 8, NULL },
	{ "createdAtMs", FIELD_MS, PD(created_ms), 0, 0, NULL, 0, NULL },
	{ "approvedAtMs", FIELD_MS, PD(approved_ms), 0, 0, " approved=", 10, NULL },
	{ "lastSeenAtMs", FIELD_MS, PD(last_seen_ms), 0, 0, " seen=", 11, NULL },
	{ "lastSeenReason", FIELD_STR, PD(last_seen_reason), 0, 0, "/", 12, NULL },
	{ "connected", FIELD_BOOL, PD(connected), 0, 0, " connected=", 9, NULL },
	{ "connectedFrom", FIELD_TAG, PD(connected_from_presence), FF_DERIVED, 0, NULL, 0, "presence" },
};

#define TK(member) offsetof(struct device_token_info, member)

static const struct field token_fields[] = {
	{ "role", FIELD_STR, TK(role), 0, 0, NULL, 0, NULL },
	{ "scopes", FIELD_STRLIST, TK(scopes), 0, 0, NULL, 0, NULL },
	{ "createdAtMs", FIELD_MS, TK(created_ms), 0, 0, NULL, 0, NULL },
	{ "rotatedAtMs", FIELD_MS, TK(rotated_ms), 0, 0, NULL, 0, NULL },
	{ "revokedAtMs", FIELD_MS, TK(revoked_ms), 0, 0, NULL, 0, NULL },
	{ "lastUsedAtMs", FIELD_MS, TK(last_used_ms), 0, 0, NULL, 0, NULL },
};

static void
paired_free(struct paired_dev *d)
{
	fields_free(paired_fields, N_FIELDS(paired_fields), d);
	for (size_t i = 0; i < d->n_tokens; i++)
		fields_free(token_fields, N_FIELDS(token_fields), &d->tokens[i]);
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
	fields_parse(paired_fields, N_FIELDS(paired_fields), d, o, &oom);
	if (!oom && (!d->device_id || !*d->device_id)) {
		paired_free(d);
		return 1;
	}
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

			if (!json_is_object(t))
				continue;
			fields_parse(token_fields, N_FIELDS(token_fields), &d->tokens[d->n_tokens++], t, &oom);
		}
	}
	d->cls = classify_client(d->client_id, d->client_mode, d->role ? d->role : first(&d->roles));
	d->rev = ++model_rev;
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
	ix_rebuild(m);
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
		ix_appended(m);
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
	ix_remove(m, (size_t)at);
	pending_free(&m->pending[at]);
	memmove(&m->pending[at], &m->pending[at + 1],
		(m->n_pending - (size_t)at - 1) * sizeof(*m->pending));
	m->n_pending--;
	if (m->pending_ix_dups)
		ix_rebuild(m);
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
	if (dropped) {
		ix_rebuild(m);
		m->changed |= MODEL_CHANGED_PENDING;
	}
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

void
model_dump(const struct model *m, FILE *out)
{
	fprintf(out, "presence %zu\n", m->n_presence);
	for (size_t i = 0; i < m->n_presence; i++) {
		fprintf(out, "  [%zu] ", i);
		fields_dump(presence_fields, N_FIELDS(presence_fields), &m->presence[i], out);
		fputc('\n', out);
	}
	fprintf(out, "pending %zu\n", m->n_pending);
	for (size_t i = 0; i < m->n_pending; i++) {
		fprintf(out, "  [%zu] ", i);
		fields_dump(pending_fields, N_FIELDS(pending_fields), &m->pending[i], out);
		fputc('\n', out);
	}
	fprintf(out, "paired %zu\n", m->n_paired);
	for (size_t i = 0; i < m->n_paired; i++) {
		fprintf(out, "  [%zu] ", i);
		fields_dump(paired_fields, N_FIELDS(paired_fields), &m->paired[i], out);
		fprintf(out, " tokens=%zu\n", m->paired[i].n_tokens);
	}
}

void
model_free(struct model *m)
{
	presence_clear(m);
	pending_clear(m);
	paired_clear(m);
	seen_clear(m);
	free(m->seen_requests);
	memset(m, 0, sizeof(*m));
}

json_t *
model_presence_json(const struct presence_row *r)
{
	return fields_json(presence_fields, N_FIELDS(presence_fields), r);
}

json_t *
model_pending_json(const struct pending_req *r)
{
	return fields_json(pending_fields, N_FIELDS(pending_fields), r);
}

json_t *
model_paired_json(const struct paired_dev *d)
{
	json_t *o = fields_json(paired_fields, N_FIELDS(paired_fields), d);
	json_t *toks = o ? json_array() : NULL;

	for (size_t i = 0; toks && i < d->n_tokens; i++) {
		json_t *to = fields_json(token_fields, N_FIELDS(token_fields), &d->tokens[i]);

		if (!to)
			break;
		json_array_append_new(toks, to);
	}
	if (o)
		json_object_set_new(o, "tokens", toks);
	return o;
}
