#include "auth/grant.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scopes.h"

static struct grant_scope *
grant_find(struct grant *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->v[i].name, name) == 0)
			return &g->v[i];
	return NULL;
}

/* Add name (once) with source; a scope that does not fit makes the grant unknown. */
static struct grant_scope *
grant_add(struct grant *g, const char *name, enum grant_source source)
{
	struct grant_scope *s;

	if (!name || !*name)
		return NULL;
	s = grant_find(g, name);
	if (s)
		return s;
	if (g->n == GRANT_MAX_SCOPES || strlen(name) >= sizeof(g->v[0].name)) {
		g->unknown = true;
		return NULL;
	}
	s = &g->v[g->n++];
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->source = source;
	s->revoked_ms = 0;
	return s;
}

void
grant_effective(const char *const *req, size_t n_req, bool is_repair,
		const struct grant_paired *paired, struct grant *g)
{
	memset(g, 0, sizeof(*g));
	g->repair = is_repair || paired;
	for (size_t i = 0; i < n_req; i++)
		grant_add(g, req[i], GRANT_REQUESTED);
	if (!paired) {
		/* isRepair without a record to read: what comes back cannot be known */
		g->unknown = g->unknown || is_repair;
		return;
	}
	g->unknown = g->unknown || paired->incomplete;
	/* scopes a live token carries are kept; the rest of the record comes back */
	for (size_t t = 0; t < paired->n_tokens; t++) {
		const struct grant_token *tk = &paired->tokens[t];

		for (size_t i = 0; !tk->revoked_ms && i < tk->n_scopes; i++)
			grant_add(g, tk->scopes[i], GRANT_KEPT);
	}
	for (size_t t = 0; t < paired->n_tokens; t++) {
		const struct grant_token *tk = &paired->tokens[t];

		for (size_t i = 0; tk->revoked_ms && i < tk->n_scopes; i++) {
			struct grant_scope *s = grant_add(g, tk->scopes[i], GRANT_RESTORED);

			if (s && s->source == GRANT_RESTORED && tk->revoked_ms > s->revoked_ms)
				s->revoked_ms = tk->revoked_ms;
		}
	}
	for (size_t i = 0; i < paired->n_scopes; i++)
		grant_add(g, paired->scopes[i], GRANT_RESTORED);
}

bool
grant_has_admin(const struct grant *g)
{
	if (g->unknown)
		return true;
	for (size_t i = 0; i < g->n; i++)
		if (scopes_weight(g->v[i].name) == SCOPE_ADMIN)
			return true;
	return false;
}

bool
grant_restores(const struct grant *g)
{
	if (g->unknown)
		return true;
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].source == GRANT_RESTORED)
			return true;
	return false;
}

int
grant_source_of(const struct grant *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->v[i].name, name) == 0)
			return (int)g->v[i].source;
	return -1;
}

/* Append s to out[0..size) at *len, truncating. */
static void
grant_put(char *out, size_t size, size_t *len, const char *s)
{
	int n;

	if (*len >= size)
		return;
	n = snprintf(out + *len, size - *len, "%s", s);
	*len = n < 0 ? size : *len + (size_t)n;
}

const char *
grant_format(const struct grant *g, enum grant_source which, char *out, size_t size)
{
	int64_t latest = 0;
	size_t len = 0, count = 0;

	if (!size)
		return out;
	out[0] = '\0';
	for (size_t i = 0; i < g->n; i++) {
		if (g->v[i].source != which)
			continue;
		grant_put(out, size, &len, count++ ? "," : "");
		grant_put(out, size, &len, g->v[i].name);
		if (g->v[i].revoked_ms > latest)
			latest = g->v[i].revoked_ms;
	}
	if (latest) {
		time_t t = (time_t)(latest / 1000);
		struct tm tm;
		char when[40];

		if (gmtime_r(&t, &tm) && strftime(when, sizeof(when), " (revoked %Y-%m-%d %H:%M UTC)", &tm))
			grant_put(out, size, &len, when);
	}
	return out;
}

const char *
grant_join(const struct grant *g, char *out, size_t size)
{
	size_t len = 0;

	if (!size)
		return out;
	out[0] = '\0';
	for (size_t i = 0; i < g->n; i++) {
		grant_put(out, size, &len, i ? "," : "");
		grant_put(out, size, &len, g->v[i].name);
	}
	return out;
}
