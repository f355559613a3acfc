/* auth/grant: the effective grant of approving a pending request, worked out from the
 * captured frames of a revoked-token repair and a scope upgrade and checked against what
 * the real gateway's approval then granted (operator-queues.md 5). */
#include <stdlib.h>
#include <string.h>

#include "auth/grant.h"
#include "net/model.h"
#include "check.h"
#include "fixture.h"

/* A model holding one pending record and one paired record, taken from a fixture. */
static int
load_pair(struct model *m, json_t *doc, const char *pending_key, const char *paired_key)
{
	json_t *pend = json_object_get(doc, pending_key), *wrap;
	int rc;

	memset(m, 0, sizeof(*m));
	if (json_is_array(pend))
		pend = json_array_get(pend, 0);
	wrap = json_pack("{s:[O], s:[O]}", "pending", pend, "paired", json_object_get(doc, paired_key));
	rc = wrap ? model_set_pairing(m, wrap, 1) : -1;
	json_decref(wrap);
	return rc;
}

/* Is the set of g's scopes exactly the strings of array a? */
static bool
same_set(const struct grant *g, const json_t *a)
{
	size_t i;
	json_t *v;

	if (!json_is_array(a) || json_array_size(a) != g->n)
		return false;
	json_array_foreach(a, i, v) {
		bool found = false;

		for (size_t k = 0; k < g->n && !found; k++)
			found = json_is_string(v) && strcmp(g->v[k].name, json_string_value(v)) == 0;
		if (!found)
			return false;
	}
	return true;
}

static const struct grant_scope *
find(const struct grant *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->v[i].name, name) == 0)
			return &g->v[i];
	return NULL;
}

/* operator-queues.md 5.2: paired with read,write,admin, token revoked, asks for read only.
 * The gateway's approval gave read,write,admin back; the effective grant must say so. */
static void
test_revoked_token_restores_admin(void)
{
	json_t *doc = fixture_load("pairing-required.revoked-token.json");
	json_t *approved = json_object_get(json_object_get(json_object_get(json_object_get(doc,
				"device.pair.approve"), "payload"), "device"), "scopes");
	struct model m;
	struct grant g;
	char buf[256];

	CHECK(doc && load_pair(&m, doc, "device.pair.list pending record", "paired record after revoke") == 0);
	CHECK(m.n_pending == 1 && m.n_paired == 1 && m.pending[0].is_repair);
	model_request_grant(&m, &m.pending[0], &g);
	CHECK(g.repair && !g.unknown);
	CHECK(same_set(&g, approved));		/* exactly what the real approval granted */
	CHECK(find(&g, "operator.read") && find(&g, "operator.read")->source == GRANT_REQUESTED);
	CHECK(find(&g, "operator.admin") && find(&g, "operator.admin")->source == GRANT_RESTORED);
	CHECK(find(&g, "operator.admin")->revoked_ms == 1796317228412LL);
	CHECK(find(&g, "operator.write") && find(&g, "operator.write")->source == GRANT_RESTORED);
	CHECK(grant_has_admin(&g) && grant_restores(&g));
	CHECK_STR(grant_format(&g, GRANT_RESTORED, buf, sizeof(buf)),
		  "operator.admin,operator.write (revoked 2026-12-03 17:00 UTC)");
	CHECK_STR(grant_format(&g, GRANT_REQUESTED, buf, sizeof(buf)), "operator.read");
	CHECK_STR(grant_format(&g, GRANT_KEPT, buf, sizeof(buf)), "");
	CHECK_STR(grant_join(&g, buf, sizeof(buf)), "operator.read,operator.admin,operator.write");
	model_free(&m);
	json_decref(doc);
}

/* operator-queues.md 5.1: paired read,write with a live token, asks read,write,admin:
 * the union is what was asked for, nothing comes back unasked. */
static void
test_scope_upgrade_union(void)
{
	json_t *doc = fixture_load("pairing-required.scope-upgrade.json");
	json_t *approved = json_object_get(json_object_get(json_object_get(json_object_get(doc,
				"device.pair.approve"), "payload"), "device"), "scopes");
	struct model m;
	struct grant g;
	char buf[256];

	CHECK(doc && load_pair(&m, doc, "device.pair.list pending record", "paired record while pending") == 0);
	model_request_grant(&m, &m.pending[0], &g);
	CHECK(g.repair && !g.unknown && same_set(&g, approved));
	CHECK(!grant_restores(&g) && grant_has_admin(&g));
	CHECK_STR(grant_format(&g, GRANT_RESTORED, buf, sizeof(buf)), "");
	model_free(&m);
	json_decref(doc);
}

/* device.token.revoke.res.json: a revoked read,write,pairing device asking read again
 * gets pairing back, and a live token's scopes are kept rather than restored. */
static void
test_revoked_pairing_and_kept(void)
{
	json_t *doc = fixture_load("device.token.revoke.res.json");
	json_t *paired = json_object_get(doc, "paired record after");
	json_t *pend = json_pack("{s:s, s:s, s:s, s:[s], s:b}", "requestId", "r-1", "deviceId",
				 json_string_value(json_object_get(paired, "deviceId")), "role", "operator",
				 "scopes", "operator.read", "isRepair", 1);
	json_t *wrap = json_pack("{s:[O], s:[O]}", "pending", pend, "paired", paired);
	struct model m;
	struct grant g;
	char buf[256];

	memset(&m, 0, sizeof(m));
	CHECK(wrap && model_set_pairing(&m, wrap, 1) == 0 && m.n_pending == 1);
	model_request_grant(&m, &m.pending[0], &g);
	CHECK(!g.unknown && g.n == 3 && !grant_has_admin(&g));
	CHECK_STR(grant_format(&g, GRANT_RESTORED, buf, sizeof(buf)),
		  "operator.pairing,operator.write (revoked 2026-12-03 17:00 UTC)");
	/* the same record with its token live: held now, so kept, without a date */
	m.paired[0].tokens[0].revoked_ms = 0;
	model_request_grant(&m, &m.pending[0], &g);
	CHECK_STR(grant_format(&g, GRANT_KEPT, buf, sizeof(buf)), "operator.pairing,operator.write");
	CHECK(!grant_restores(&g) && grant_source_of(&g, "operator.write") == GRANT_KEPT);
	CHECK(grant_source_of(&g, "operator.admin") == -1);
	model_free(&m);
	json_decref(wrap);
	json_decref(pend);
	json_decref(doc);
}

/* A new device gets what it asks for; a repair without a record to read is unknown. */
static void
test_new_and_unknown(void)
{
	static const char *const rw[] = { "operator.read", "operator.write", "operator.read", "" };
	struct grant g;

	grant_effective(rw, 4, false, NULL, &g);
	CHECK(!g.repair && !g.unknown && g.n == 2 && !grant_restores(&g) && !grant_has_admin(&g));
	grant_effective(rw, 2, true, NULL, &g);
	CHECK(g.repair && g.unknown && grant_restores(&g) && grant_has_admin(&g));
}

/* A record with more tokens than the model passes on, or too many scopes: unknown. */
static void
test_incomplete_is_unknown(void)
{
	static const char *const one[] = { "operator.read" };
	struct grant_paired p = { one, 1, NULL, 0, true };
	const char *many[GRANT_MAX_SCOPES + 1];
	char names[GRANT_MAX_SCOPES + 1][16];
	struct grant g;

	grant_effective(one, 1, true, &p, &g);
	CHECK(g.unknown);
	for (size_t i = 0; i <= GRANT_MAX_SCOPES; i++) {
		snprintf(names[i], sizeof(names[i]), "s%zu", i);
		many[i] = names[i];
	}
	grant_effective(many, GRANT_MAX_SCOPES + 1, false, NULL, &g);
	CHECK(g.unknown && g.n == GRANT_MAX_SCOPES);
}

int
main(void)
{
	RUN(test_revoked_token_restores_admin);
	RUN(test_scope_upgrade_union);
	RUN(test_revoked_pairing_and_kept);
	RUN(test_new_and_unknown);
	RUN(test_incomplete_is_unknown);
	return CHECK_DONE();
}
