#include "net/rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/classify.h"
#include "net/model.h"

/*
 * Helpers
 */

const char *
rows_relative_time(int64_t now_ms, int64_t then_ms, char *buf, size_t size)
{
	int64_t s;

	if (then_ms == 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	s = (now_ms - then_ms) / 1000;
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(buf, size, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(buf, size, "%lldm", (long long)(s / 60));
	else if (s < 86400)
		snprintf(buf, size, "%lldh", (long long)(s / 3600));
	else
		snprintf(buf, size, "%lldd", (long long)(s / 86400));
	return buf;
}

const char *
rows_short_id_r(const char *device_id, char *buf, size_t size)
{
	if (size == 0)
		return "";
	snprintf(buf, size, "%.12s", device_id ? device_id : "");
	return buf;
}

const char *
rows_short_id(const char *device_id)
{
	static char buf[13];

	return rows_short_id_r(device_id, buf, sizeof(buf));
}

const char *
rows_join(char *const *list, size_t n, const char *sep, char *buf, size_t size)
{
	size_t used = 0;

	if (size == 0)
		return "";
	buf[0] = '\0';
	for (size_t i = 0; i < n && used + 1 < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s", i ? sep : "", list[i]);

		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

static const char *
nz(const char *s)
{
	return s ? s : "";
}

/*
 * Connections (presence)
 */

#define P(row) ((const struct presence_row *)(row))

static const char *
p_client(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(P(r)->client_id);
}

static const char *
p_mode(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(P(r)->mode);
}

static const char *
p_class(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return classify_key(P(r)->cls);
}

static const char *
p_roles(const void *r, int64_t now, char *b, size_t n)
{
	(void)now;
	return rows_join(P(r)->roles.v, P(r)->roles.n, ",", b, n);
}

static const char *
p_scopes(const void *r, int64_t now, char *b, size_t n)
{
	(void)now;
	if (!P(r)->scopes_present)	/* an operator without scopes had them cleared */
		return P(r)->roles.n ? "(cleared)" : "";
	return rows_join(P(r)->scopes.v, P(r)->scopes.n, ",", b, n);
}

static const char *
p_device(const void *r, int64_t now, char *b, size_t n)
{
	(void)now;
	return rows_short_id_r(P(r)->device_id, b, n);
}

static const char *
p_platform(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(P(r)->platform);
}

static const char *
p_version(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(P(r)->version);
}

static int64_t
p_since_num(const void *r)
{
	return P(r)->online_since_ms ? P(r)->online_since_ms : P(r)->ts_ms;
}

static const char *
p_since(const void *r, int64_t now, char *b, size_t n)
{
	return rows_relative_time(now, p_since_num(r), b, n);
}

static const char *
p_host(const void *r, int64_t now, char *b, size_t n)
{
	(void)now;
	if (P(r)->ip && *P(r)->ip)
		snprintf(b, n, "%s %s", nz(P(r)->host), P(r)->ip);
	else
		snprintf(b, n, "%s", nz(P(r)->host));
	return b;
}

static const char *
p_reason(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(P(r)->reason);
}

static const struct rows_column presence_cols[] = {
	{ "client", "CLIENT", 16, p_client, NULL },
	{ "mode", "MODE", 8, p_mode, NULL },
	{ "class", "CLASS", 10, p_class, NULL },
	{ "roles", "ROLES", 8, p_roles, NULL },
	{ "scopes", "SCOPES", 28, p_scopes, NULL },
	{ "device", "DEVICE", 12, p_device, NULL },
	{ "platform", "PLATFORM", 10, p_platform, NULL },
	{ "version", "VERSION", 9, p_version, NULL },
	{ "since", "SINCE", 5, p_since, p_since_num },
	{ "host", "HOST/IP", 0, p_host, NULL },
	{ "reason", "STATE", 10, p_reason, NULL },
};

/*
 * Pending requests
 */

#define Q(row) ((const struct pending_req *)(row))

static const char *
q_request(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(Q(r)->request_id);
}

static const char *
q_device(const void *r, int64_t now, char *b, size_t n)
{
	(void)now;
	return rows_short_id_r(Q(r)->device_id, b, n);
}

static const char *
q_name(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(Q(r)->display_name);
}

static const char *
q_client(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(Q(r)->client_id);
}

static const char *
q_mode(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(Q(r)->client_mode);
}

static const char *
q_class(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return classify_key(Q(r)->cls);
}

static const char *
q_role(const void *r, int64_t now, char *b, size_t n)
{
	(void)now;
	if (Q(r)->role)
		return Q(r)->role;
	return rows_join(Q(r)->roles.v, Q(r)->roles.n, ",", b, n);
}

static const char *
q_scopes(const void *r, int64_t now, char *b, size_t n)
{
	(void)now;
	return rows_join(Q(r)->scopes.v, Q(r)->scopes.n, ",", b, n);
}

static const char *
q_platform(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(Q(r)->platform);
}

static const char *
q_ip(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(Q(r)->remote_ip);
}

static int64_t
q_age_num(const void *r)
{
	return Q(r)->ts_ms;
}

static const char *
q_age(const void *r, int64_t now, char *b, size_t n)
{
	return rows_relative_time(now, Q(r)->ts_ms, b, n);
}

static const char *
q_kind(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return Q(r)->is_repair ? "upgrade" : "new";
}

static const struct rows_column pending_cols[] = {
	{ "request", "REQUEST", 36, q_request, NULL },
	{ "device", "DEVICE", 12, q_device, NULL },
	{ "name", "NAME", 14, q_name, NULL },
	{ "client", "CLIENT", 16, q_client, NULL },
	{ "mode", "MODE", 8, q_mode, NULL },
	{ "class", "CLASS", 10, q_class, NULL },
	{ "role", "ROLE", 8, q_role, NULL },
	{ "scopes", "SCOPES", 0, q_scopes, NULL },
	{ "platform", "PLATFORM", 10, q_platform, NULL },
	{ "ip", "IP", 15, q_ip, NULL },
	{ "age", "AGE", 5, q_age, q_age_num },
	{ "kind", "KIND", 7, q_kind, NULL },
};

/*
 * Paired devices
 */

#define D(row) ((const struct paired_dev *)(row))

static const char *
d_device(const void *r, int64_t now, char *b, size_t n)
{
	(void)now;
	return rows_short_id_r(D(r)->device_id, b, n);
}

static const char *
d_name(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(D(r)->label && *D(r)->label ? D(r)->label : D(r)->display_name);
}

static const char *
d_client(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(D(r)->client_id);
}

static const char *
d_mode(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(D(r)->client_mode);
}

static const char *
d_class(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return classify_key(D(r)->cls);
}

static const char *
d_role(const void *r, int64_t now, char *b, size_t n)
{
	(void)now;
	if (D(r)->role)
		return D(r)->role;
	return rows_join(D(r)->roles.v, D(r)->roles.n, ",", b, n);
}

static const char *
d_scopes(const void *r, int64_t now, char *b, size_t n)
{
	(void)now;
	return rows_join(D(r)->scopes.v, D(r)->scopes.n, ",", b, n);
}

static const char *
d_platform(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(D(r)->platform);
}

static const char *
d_via(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return nz(D(r)->approved_via);
}

static const char *
d_connected(const void *r, int64_t now, char *b, size_t n)
{
	(void)now, (void)b, (void)n;
	return D(r)->connected ? "yes" : "no";
}

static int64_t
d_seen_num(const void *r)
{
	return D(r)->last_seen_ms;
}

static const char *
d_seen(const void *r, int64_t now, char *b, size_t n)
{
	return rows_relative_time(now, D(r)->last_seen_ms, b, n);
}

static int64_t
d_approved_num(const void *r)
{
	return D(r)->approved_ms;
}

static const char *
d_approved(const void *r, int64_t now, char *b, size_t n)
{
	return rows_relative_time(now, D(r)->approved_ms, b, n);
}

static const struct rows_column paired_cols[] = {
	{ "device", "DEVICE", 12, d_device, NULL },
	{ "name", "NAME", 14, d_name, NULL },
	{ "client", "CLIENT", 16, d_client, NULL },
	{ "mode", "MODE", 8, d_mode, NULL },
	{ "class", "CLASS", 10, d_class, NULL },
	{ "role", "ROLE", 8, d_role, NULL },
	{ "scopes", "SCOPES", 0, d_scopes, NULL },
	{ "platform", "PLATFORM", 10, d_platform, NULL },
	{ "via", "VIA", 8, d_via, NULL },
	{ "connected", "ONLINE", 6, d_connected, NULL },
	{ "seen", "SEEN", 5, d_seen, d_seen_num },
	{ "approved", "APPROVED", 8, d_approved, d_approved_num },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct rows_column *
rows_columns(enum rows_kind kind, size_t *n)
{
	switch (kind) {
	case ROWS_PENDING:
		*n = COUNT(pending_cols);
		return pending_cols;
	case ROWS_PAIRED:
		*n = COUNT(paired_cols);
		return paired_cols;
	case ROWS_PRESENCE:
		break;
	}
	*n = COUNT(presence_cols);
	return presence_cols;
}

int
rows_column_find(enum rows_kind kind, const char *name)
{
	size_t n;
	const struct rows_column *c = rows_columns(kind, &n);

	for (size_t i = 0; name && i < n; i++)
		if (strcmp(c[i].name, name) == 0)
			return (int)i;
	return -1;
}

size_t
rows_count(const struct model *m, enum rows_kind kind)
{
	switch (kind) {
	case ROWS_PENDING: return m->n_pending;
	case ROWS_PAIRED: return m->n_paired;
	case ROWS_PRESENCE: break;
	}
	return m->n_presence;
}

const void *
rows_get(const struct model *m, enum rows_kind kind, size_t i)
{
	if (i >= rows_count(m, kind))
		return NULL;
	switch (kind) {
	case ROWS_PENDING: return &m->pending[i];
	case ROWS_PAIRED: return &m->paired[i];
	case ROWS_PRESENCE: break;
	}
	return &m->presence[i];
}

/*
 * Filtering
 */

static int
fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool
ci_contains(const char *hay, const char *needle)
{
	for (; *hay; hay++) {
		size_t i = 0;

		while (needle[i] && hay[i] && fold((unsigned char)hay[i]) == fold((unsigned char)needle[i]))
			i++;
		if (!needle[i])
			return true;
	}
	return false;
}

bool
rows_match(enum rows_kind kind, const void *row, const char *needle, int64_t now_ms)
{
	size_t n;
	const struct rows_column *c = rows_columns(kind, &n);
	char buf[512];

	if (!needle || !*needle)
		return true;
	for (size_t i = 0; i < n; i++)
		if (ci_contains(c[i].text(row, now_ms, buf, sizeof(buf)), needle))
			return true;
	/* the full device id is searchable too, not only its short form */
	if (kind == ROWS_PRESENCE && P(row)->device_id && ci_contains(P(row)->device_id, needle))
		return true;
	if (kind == ROWS_PENDING && Q(row)->device_id && ci_contains(Q(row)->device_id, needle))
		return true;
	if (kind == ROWS_PAIRED && D(row)->device_id && ci_contains(D(row)->device_id, needle))
		return true;
	return false;
}

/*
 * Sorting: a stable merge sort of row indices on precomputed keys.
 */

struct sort_keys {
	const int64_t *num;	/* numeric column */
	char *const *text;	/* text column, folded by the caller */
	bool desc;
};

static int
key_cmp(const struct sort_keys *k, size_t a, size_t b)
{
	int c;

	if (k->num)
		c = k->num[a] < k->num[b] ? -1 : k->num[a] > k->num[b];
	else
		c = strcmp(k->text[a], k->text[b]);
	return k->desc ? -c : c;
}

static void
merge_sort(size_t *v, size_t *tmp, size_t n, const struct sort_keys *k)
{
	size_t mid = n / 2, i = 0, j = mid, o = 0;

	if (n < 2)
		return;
	merge_sort(v, tmp, mid, k);
	merge_sort(v + mid, tmp, n - mid, k);
	while (i < mid && j < n)
		tmp[o++] = key_cmp(k, v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[o++] = v[i++];
	while (j < n)
		tmp[o++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

void
rows_sort_indices(size_t *v, size_t *tmp, size_t n, const int64_t *num, char *const *text,
		  bool descending)
{
	struct sort_keys k = { num, text, descending };

	merge_sort(v, tmp, n, &k);
}

static int
sort_index(struct rows_view *v, const struct model *m, int64_t now_ms)
{
	size_t ncols, total = rows_count(m, v->kind);
	const struct rows_column *col = rows_columns(v->kind, &ncols);
	struct { int64_t *num; char **text; } k = { NULL, NULL };
	size_t *tmp;
	int rc = -1;

	if (v->sort_col < 0 || (size_t)v->sort_col >= ncols || v->n < 2)
		return 0;
	col += v->sort_col;
	tmp = malloc(v->n * sizeof(*tmp));
	if (!tmp)
		return -1;
	/* keys are indexed by model row so the merge can compare indices directly */
	if (col->num) {
		if (!(k.num = calloc(total, sizeof(*k.num))))
			goto out;
		for (size_t i = 0; i < v->n; i++)
			k.num[v->idx[i]] = col->num(rows_get(m, v->kind, v->idx[i]));
	} else {
		char buf[512];

		if (!(k.text = calloc(total, sizeof(*k.text))))
			goto out;
		for (size_t i = 0; i < v->n; i++) {
			char *s = strdup(col->text(rows_get(m, v->kind, v->idx[i]), now_ms, buf, sizeof(buf)));

			if (!s)
				goto out;
			for (char *p = s; *p; p++)
				*p = (char)fold((unsigned char)*p);
			k.text[v->idx[i]] = s;
		}
	}
	rows_sort_indices(v->idx, tmp, v->n, k.num, k.text, v->descending);
	rc = 0;
out:
	if (k.text)
		for (size_t i = 0; i < total; i++)
			free(k.text[i]);
	free(k.text);
	free(k.num);
	free(tmp);
	return rc;
}

/*
 * The filter cache: a row's non-time cells and full device id, folded and joined by
 * FOLD_SEP, so a filter is one strstr per row.  The time columns ("42s") change with
 * the clock: they are formatted per build, and only for a needle that could occur in
 * one (digits, s, m, h, d and "-").
 */

#define FOLD_SEP '\x1f'

static uint64_t
row_rev(enum rows_kind kind, const void *row)
{
	switch (kind) {
	case ROWS_PENDING: return Q(row)->rev;
	case ROWS_PAIRED: return D(row)->rev;
	case ROWS_PRESENCE: break;
	}
	return P(row)->rev;
}

static const char *
row_device_id(enum rows_kind kind, const void *row)
{
	switch (kind) {
	case ROWS_PENDING: return Q(row)->device_id;
	case ROWS_PAIRED: return D(row)->device_id;
	case ROWS_PRESENCE: break;
	}
	return P(row)->device_id;
}

static bool
fold_append(char **s, size_t *len, size_t *cap, const char *t)
{
	size_t n = strlen(t);

	if (*len + n + 2 > *cap) {
		size_t c = (*len + n + 2) * 2;
		char *g = realloc(*s, c);

		if (!g)
			return false;
		*s = g;
		*cap = c;
	}
	for (size_t i = 0; i < n; i++)
		(*s)[(*len)++] = (char)fold((unsigned char)t[i]);
	(*s)[(*len)++] = FOLD_SEP;
	(*s)[*len] = '\0';
	return true;
}

/* The folded text of row (malloc'd), or NULL on OOM. */
static char *
fold_row(enum rows_kind kind, const void *row)
{
	size_t n, len = 0, cap = 0;
	const struct rows_column *c = rows_columns(kind, &n);
	const char *dev = row_device_id(kind, row);
	char buf[512], *s = NULL;

	for (size_t i = 0; i < n; i++)
		if (!c[i].num && !fold_append(&s, &len, &cap, c[i].text(row, 0, buf, sizeof(buf))))
			goto oom;
	if (dev && !fold_append(&s, &len, &cap, dev))
		goto oom;
	if (!s)
		s = calloc(1, 1);
	return s;
oom:
	free(s);
	return NULL;
}

/* Make room in v's cache for total rows (new entries empty).  0 or -1. */
static int
fold_reserve(struct rows_view *v, size_t total)
{
	char **f;
	uint64_t *r;

	if (total <= v->fold_cap)
		return 0;
	if (!(f = realloc(v->fold, total * sizeof(*f))))
		return -1;
	v->fold = f;
	if (!(r = realloc(v->fold_rev, total * sizeof(*r))))
		return -1;
	v->fold_rev = r;
	memset(f + v->fold_cap, 0, (total - v->fold_cap) * sizeof(*f));
	memset(r + v->fold_cap, 0, (total - v->fold_cap) * sizeof(*r));
	v->fold_cap = total;
	return 0;
}

/* rows_match over v's cache for row i; needle is folded, without FOLD_SEP. */
static bool
fold_match(struct rows_view *v, size_t i, const void *row, const char *needle, bool timeish,
	   int64_t now_ms)
{
	uint64_t rev = row_rev(v->kind, row);

	if (rev == 0 || v->fold_rev[i] != rev || !v->fold[i]) {
		/* rev 0: a row not made by the model's parser, never cached */
		free(v->fold[i]);
		v->fold[i] = fold_row(v->kind, row);
		v->fold_rev[i] = v->fold[i] ? rev : 0;
		if (!v->fold[i])
			return rows_match(v->kind, row, needle, now_ms);
	}
	if (strstr(v->fold[i], needle))
		return true;
	if (timeish) {
		size_t n;
		const struct rows_column *c = rows_columns(v->kind, &n);
		char buf[512];

		for (size_t k = 0; k < n; k++)
			if (c[k].num && ci_contains(c[k].text(row, now_ms, buf, sizeof(buf)), needle))
				return true;
	}
	return false;
}

int
rows_view_build(struct rows_view *v, const struct model *m, int64_t now_ms)
{
	size_t total = rows_count(m, v->kind), n = 0;
	size_t *idx = v->idx;
	char needle[sizeof(v->filter)];
	bool cached, timeish = true;

	if (total > v->cap) {
		idx = realloc(v->idx, total * sizeof(*idx));
		if (!idx)
			return -1;
		v->idx = idx;
		v->cap = total;
	}
	for (size_t i = 0; i < sizeof(needle); i++) {
		needle[i] = (char)fold((unsigned char)v->filter[i]);
		if (!needle[i])
			break;
		if (!strchr("0123456789smhd-", needle[i]))
			timeish = false;
	}
	needle[sizeof(needle) - 1] = '\0';
	cached = needle[0] && !strchr(needle, FOLD_SEP) && fold_reserve(v, total) == 0;
	for (size_t i = 0; i < total; i++) {
		const void *row = rows_get(m, v->kind, i);

		if (v->kind == ROWS_PRESENCE && v->live_only && !P(row)->live)
			continue;
		if (cached ? !fold_match(v, i, row, needle, timeish, now_ms)
			   : !rows_match(v->kind, row, v->filter, now_ms))
			continue;
		idx[n++] = i;
	}
	v->n = n;
	return sort_index(v, m, now_ms);
}

void
rows_view_free(struct rows_view *v)
{
	free(v->idx);
	v->idx = NULL;
	v->n = v->cap = 0;
	for (size_t i = 0; i < v->fold_cap; i++)
		free(v->fold[i]);
	free(v->fold);
	free(v->fold_rev);
	v->fold = NULL;
	v->fold_rev = NULL;
	v->fold_cap = 0;
}
