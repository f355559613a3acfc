/* auth/agent.c: the auto-approval decision and the audit log. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/agent.h"
#include "auth/err.h"
#include "auth/identity.h"
#include "auth/trusted.h"
#include "net/gwop.h"
#include "net/model.h"
#include "tests/unit/check.h"
#include "tests/unit/fixture.h"

#define NOW 1795514400000LL	/* 2026-11-24T10:00:00Z */

static struct identity id_a, id_b;
static struct trusted_list list;

static void
setup(void)
{
	unsigned char seed[32];
	struct oc_err err = { "" };

	memset(seed, 0xa1, sizeof(seed));
	if (identity_from_seed(&id_a, seed, &err) < 0)
		abort();
	memset(seed, 0xb2, sizeof(seed));
	if (identity_from_seed(&id_b, seed, &err) < 0)
		abort();
}

static void
add(const char *name, const char *dev, const char *cid, const char *mode, const char *dn,
    const char *scopes_csv, const char *expires)
{
	struct trusted_entry e;
	struct oc_err err = { "" };
	char buf[256], *save = NULL;

	memset(&e, 0, sizeof(e));
	snprintf(e.name, sizeof(e.name), "%s", name);
	snprintf(e.device_id, sizeof(e.device_id), "%s", dev ? dev : "");
	snprintf(e.client_id, sizeof(e.client_id), "%s", cid ? cid : "");
	snprintf(e.mode, sizeof(e.mode), "%s", mode ? mode : "");
	snprintf(e.display_name, sizeof(e.display_name), "%s", dn ? dn : "");
	snprintf(e.expires, sizeof(e.expires), "%s", expires ? expires : "");
	snprintf(buf, sizeof(buf), "%s", scopes_csv);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		snprintf(e.scopes[e.n_scopes++], sizeof(e.scopes[0]), "%s", t);
	if (trusted_add(&list, &e, &err) < 0) {
		printf("# add %s: %s\n", name, err.msg);
		abort();
	}
}

static const char *const rw[] = { "operator.read", "operator.write" };
static const char *const r_only[] = { "operator.read" };
static const char *const rwa[] = { "operator.read", "operator.write", "operator.admin" };
static const char *const op_role[] = { "operator" };
static const char *const node_role[] = { "operator", "node" };

/* A request from identity id asking for scopes. */
static struct agent_request
req(const struct identity *id, const char *const *scopes, size_t n)
{
	struct agent_request r;

	memset(&r, 0, sizeof(r));
	r.request_id = "req-1";
	r.device_id = id->device_id;
	r.public_key = id->pk_b64;
	r.client_id = "cli";
	r.client_mode = "cli";
	r.role = "operator";
	r.roles = op_role;
	r.n_roles = 1;
	r.scopes = scopes;
	r.n_scopes = n;
	return r;
}

static void
test_pinned_within_ceiling(void)
{
	struct agent_request r = req(&id_a, rw, 2);
	struct agent_decision d;

	trusted_free(&list);
	add("svc", id_a.device_id, NULL, NULL, NULL, "operator.read,operator.write", NULL);
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_APPROVE);
	CHECK_STR(d.entry, "svc");
	/* write implies read: a ceiling of write alone covers read+write */
	trusted_free(&list);
	add("svc", id_a.device_id, NULL, NULL, NULL, "operator.write", NULL);
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_APPROVE);
	/* no scopes at all is within any ceiling */
	r.n_scopes = 0;
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_APPROVE);
}

static void
test_beyond_ceiling(void)
{
	struct agent_request r = req(&id_a, rwa, 3);
	struct agent_decision d;

	trusted_free(&list);
	add("svc", id_a.device_id, NULL, NULL, NULL, "operator.read,operator.write", NULL);
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG);
	/* only the offending scope is named */
	CHECK(strstr(d.reason, "asks for operator.admin beyond the ceiling") != NULL);
	r = req(&id_a, rw, 2);
	trusted_free(&list);
	add("ro", id_a.device_id, NULL, NULL, NULL, "operator.read", NULL);
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "operator.write beyond"));
	/* a scope too long for the grant table: a new device asking for it is refused for
	 * the scope it names, not as a repair it is not */
	{
		static const char *const odd[] = { "operator.read",
			"x-hostile-scope-name-that-is-much-longer-than-any-real-scope-name" };

		r = req(&id_a, odd, 2);
		agent_decide(&r, &list, NOW, &d);
		CHECK(d.verdict == AGENT_FLAG);
		CHECK(strstr(d.reason, "asks for x-hostile-scope-name-that-is-much-longer") != NULL);
		CHECK(strstr(d.reason, "repair") == NULL);
	}
}

static void
test_expiry(void)
{
	struct agent_request r = req(&id_a, r_only, 1);
	struct agent_decision d;

	trusted_free(&list);
	add("svc", id_a.device_id, NULL, NULL, NULL, "operator.read", "2026-11-23");
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "expired"));
	trusted_free(&list);
	add("svc", id_a.device_id, NULL, NULL, NULL, "operator.read", "2026-11-24");
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_APPROVE);
	trusted_free(&list);
	add("svc", id_a.device_id, NULL, NULL, NULL, "operator.read", "2026-11-24T09:59:59Z");
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG);
}

static void
test_pinned_key_mismatch(void)
{
	struct agent_request r = req(&id_a, r_only, 1);
	struct agent_decision d;

	trusted_free(&list);
	add("svc", id_a.device_id, NULL, NULL, "build-bot", "operator.read", NULL);
	/* claims A's device id but presents B's key */
	r.public_key = id_b.pk_b64;
	r.display_name = "build-bot";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG);
	CHECK(strstr(d.reason, "public key does not match device id") != NULL);
	/* a different key under the same name and client id: flagged, not approved */
	r = req(&id_b, r_only, 1);
	r.display_name = "build-bot";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "pinned key mismatch"));
	/* a different key that does not pretend anything: not ours */
	r.display_name = "other";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_IGNORE);
	/* the right key with a different display name than the entry requires */
	r = req(&id_a, r_only, 1);
	r.display_name = "imposter";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG);
	r.display_name = "build-bot";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_APPROVE);
	/* garbage key */
	r.public_key = "!!";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG);
}

static void
test_unpinned_loopback_only(void)
{
	struct agent_request r = req(&id_b, rw, 2);
	struct agent_decision d;

	trusted_free(&list);
	add("local", NULL, "cli", "cli", NULL, "operator.read,operator.write", NULL);
	/* No address is not loopback: the gateway reports none for a loopback socket with a
	 * foreign Host header, which it treats as remote (issue #13 item 4). */
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "loopback only") &&
	      strstr(d.reason, "no address") && strstr(d.reason, "pin"));
	r.remote_ip = "";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG);
	r.remote_ip = "127.evil.example";	/* a name, not a loopback address */
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "127.evil.example"));
	r.remote_ip = "127.0.0.1";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_APPROVE && strstr(d.reason, "unpinned"));
	r.remote_ip = "::1";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_APPROVE);
	r.remote_ip = "::ffff:127.0.0.1";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_APPROVE);
	r.remote_ip = "192.0.2.7";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "loopback only"));
	r.remote_ip = "127.0.0.1";
	r.client_mode = "backend";	/* mode given in the entry must match */
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_IGNORE);
	r.client_mode = "cli";
	r.client_id = "test";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_IGNORE);
	/* unpinned still needs the key to hash to the device id */
	r.client_id = "cli";
	r.public_key = id_a.pk_b64;
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG);
}

static void
test_role(void)
{
	struct agent_request r = req(&id_a, r_only, 1);
	struct agent_decision d;

	trusted_free(&list);
	add("svc", id_a.device_id, NULL, NULL, NULL, "operator.admin", NULL);
	r.role = "node";
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "not operator"));
	r.role = "operator";
	r.roles = node_role;
	r.n_roles = 2;
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "node"));
	r.n_roles = 1;
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_APPROVE);
	r.role = NULL;
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG);
}

static void
test_no_entry_ignores(void)
{
	struct agent_request r = req(&id_a, r_only, 1);
	struct agent_decision d;

	trusted_free(&list);
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_IGNORE && d.entry[0] == '\0');
}

static void
test_audit_log(void)
{
	char dir[] = "/tmp/oc-test-agent.XXXXXX", path[128], line[1024];
	struct agent_request r = req(&id_a, rw, 2);
	struct oc_err err = { "" };
	struct stat st;
	json_t *o;
	FILE *f;
	int n = 0;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/%s", dir, AGENT_AUDIT_FILE);
	CHECK(agent_audit_append(path, NOW, &r, NULL, "svc", "approve", "pinned entry svc", &err) == 0);
	r.request_id = "req-2";
	CHECK(agent_audit_append(path, NOW + 1, &r, NULL, "svc", "flag", "beyond \"x\"\n", &err) == 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	f = fopen(path, "r");
	CHECK(f != NULL);
	while (f && fgets(line, sizeof(line), f)) {
		o = json_loads(line, 0, NULL);
		CHECK(o != NULL);
		if (o && n == 0) {
			CHECK_STR(json_string_value(json_object_get(o, "ts")), "2026-11-24T10:00:00.000Z");
			CHECK_STR(json_string_value(json_object_get(o, "requestId")), "req-1");
			CHECK_STR(json_string_value(json_object_get(o, "deviceId")), id_a.device_id);
			CHECK_STR(json_string_value(json_object_get(o, "clientId")), "cli");
			CHECK_STR(json_string_value(json_object_get(o, "entry")), "svc");
			CHECK_STR(json_string_value(json_object_get(o, "decision")), "approve");
			CHECK(json_array_size(json_object_get(o, "scopes")) == 2);
		}
		if (o && n == 1)
			CHECK_STR(json_string_value(json_object_get(o, "reason")), "beyond \"x\"\n");
		json_decref(o);
		n++;
	}
	if (f)
		fclose(f);
	CHECK(n == 2);
	/* an audit log open to others is refused */
	chmod(path, 0644);
	CHECK(agent_audit_append(path, NOW, &r, NULL, "svc", "approve", "x", &err) < 0);
	CHECK(strstr(err.msg, "0600") != NULL);
	unlink(path);
	rmdir(dir);
}

/* Issue 13 item 1: a human approved D with read,write,admin, its token was revoked, D is
 * pinned read-only and asks for read only.  Approving would restore admin (the gateway
 * grants the union with the paired record, operator-queues.md 5.2): flag, never approve. */
static void
test_repair_judged_on_effective_grant(void)
{
	json_t *doc = fixture_load("pairing-required.revoked-token.json");
	json_t *wrap = json_pack("{s:O, s:[O]}", "pending", json_object_get(doc, "device.pair.list pending record"),
				 "paired", json_object_get(doc, "paired record after revoke"));
	struct model_grant_input in;
	struct agent_request r;
	struct agent_decision d;
	const struct pending_req *p;
	struct model m;

	memset(&m, 0, sizeof(m));
	CHECK(wrap && model_set_pairing(&m, wrap, NOW) == 0 && m.n_pending == 1 && m.n_paired == 1);
	if (m.n_pending != 1)
		goto out;
	p = &m.pending[0];
	gw_agent_request(&m, p, &in, &r);
	trusted_free(&list);
	add("ro", p->device_id, NULL, NULL, NULL, "operator.read", NULL);
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG);
	CHECK(strstr(d.reason, "approval would restore operator.admin,operator.write "
		     "(revoked 2026-12-03 17:00 UTC) beyond the ceiling operator.read of entry ro") != NULL);
	CHECK(d.grant.n == 3 && grant_has_admin(&d.grant));
	/* the request alone would have fitted: that was the bug */
	r.is_repair = false;
	r.paired = NULL;
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_APPROVE);
	/* a repair whose paired record is not known: flagged, nothing assumed */
	r.is_repair = true;
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "cannot tell what approval restores"));
	/* a ceiling that covers the effective grant approves, and says it judged the repair */
	r.paired = model_grant_paired(model_find_paired(&m, p->device_id), &in);
	trusted_free(&list);
	add("full", p->device_id, NULL, NULL, NULL, "operator.admin", NULL);
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_APPROVE && strstr(d.reason, "effective grant of the repair") &&
	      strstr(d.reason, "operator.admin"));
	/* asked-for and restored scopes beyond the ceiling are both named */
	trusted_free(&list);
	add("none", p->device_id, NULL, NULL, NULL, "operator.talk", NULL);
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "asks for operator.read beyond") &&
	      strstr(d.reason, "also restore operator.admin,operator.write"));
	/* held by a live token: not restored, but re-issued by the approval, so judged too */
	m.paired[0].tokens[0].revoked_ms = 0;
	r.paired = model_grant_paired(model_find_paired(&m, p->device_id), &in);
	trusted_free(&list);
	add("ro", p->device_id, NULL, NULL, NULL, "operator.read", NULL);
	agent_decide(&r, &list, NOW, &d);
	CHECK(d.verdict == AGENT_FLAG && strstr(d.reason, "re-issue operator.admin,operator.write"));
out:
	model_free(&m);
	json_decref(wrap);
	json_decref(doc);
}

/* The audit record carries the effective grant next to the requested scopes. */
static void
test_audit_has_grant(void)
{
	char dir[] = "/tmp/oc-test-agent.XXXXXX", path[128], line[1024];
	static const char *const ask[] = { "operator.read" };
	static const char *const back[] = { "operator.admin", "operator.read" };
	struct grant_token tk = { "operator", back, 2, 1796317228412LL };
	struct grant_paired pr = { back, 2, &tk, 1, false };
	struct agent_request r = req(&id_a, ask, 1);
	struct oc_err err = { "" };
	struct grant g;
	json_t *o = NULL;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/%s", dir, AGENT_AUDIT_FILE);
	grant_effective(ask, 1, true, &pr, &g);
	CHECK(agent_audit_append(path, NOW, &r, &g, "ro", "flag", "restores", &err) == 0);
	grant_effective(ask, 1, true, NULL, &g);
	CHECK(agent_audit_append(path, NOW, &r, &g, "ro", "flag", "unknown", &err) == 0);
	f = fopen(path, "r");
	if (f && fgets(line, sizeof(line), f) && (o = json_loads(line, 0, NULL))) {
		CHECK(json_array_size(json_object_get(o, "scopes")) == 1);
		CHECK(json_array_size(json_object_get(o, "grant")) == 2);
		CHECK_STR(json_string_value(json_array_get(json_object_get(o, "grant"), 1)), "operator.admin");
		json_decref(o);
		o = NULL;
	} else {
		CHECK(!"first audit line");
	}
	if (f && fgets(line, sizeof(line), f) && (o = json_loads(line, 0, NULL)))
		CHECK(json_is_null(json_object_get(o, "grant")));
	else
		CHECK(!"second audit line");
	json_decref(o);
	if (f)
		fclose(f);
	unlink(path);
	rmdir(dir);
}

static void
test_format_time(void)
{
	char buf[40];

	agent_format_time(0, buf, sizeof(buf));
	CHECK_STR(buf, "1970-01-01T00:00:00.000Z");
	agent_format_time(951782400123LL, buf, sizeof(buf));	/* leap day 2000 */
	CHECK_STR(buf, "2000-02-29T00:00:00.123Z");
}

int
main(void)
{
	setup();
	RUN(test_pinned_within_ceiling);
	RUN(test_beyond_ceiling);
	RUN(test_expiry);
	RUN(test_pinned_key_mismatch);
	RUN(test_unpinned_loopback_only);
	RUN(test_role);
	RUN(test_no_entry_ignores);
	RUN(test_audit_log);
	RUN(test_repair_judged_on_effective_grant);
	RUN(test_audit_has_grant);
	RUN(test_format_time);
	trusted_free(&list);
	identity_free(&id_a);
	identity_free(&id_b);
	return CHECK_DONE();
}
