/* auth/release: the release-capabilities table and version lookup. */
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "auth/release.h"
#include "check.h"
#include "fixture.h"

static void
test_versions_compare_numerically(void)
{
	CHECK(release_compare("2026.3.31", "2026.3.4") > 0);
	CHECK(release_compare("2026.10.1", "2026.9.6") > 0);
	CHECK(release_compare("v2026.6.11", "2026.6.11") == 0);
	CHECK(release_compare("2026.6.11-beta.2", "2026.6.11") == 0);
	CHECK(release_compare("junk", "2026.1.1") < 0);
}

static void
test_find_picks_the_row_of_the_release(void)
{
	struct oc_err err = { "" };
	const struct release *r;

	r = release_find("2026.3.31", &err);
	CHECK(r && r->protocol == 3 && strcmp(r->rules, "3.x") == 0);
	CHECK(release_has(r, RELEASE_TUI_CLIENT_ID) && !release_has(r, RELEASE_AUTH_BLOCK));
	CHECK(release_has(r, RELEASE_INSECURE_AUTH) && !release_has(r, RELEASE_KEEP_BACKEND));
	CHECK(!release_has(release_find("2026.3.13", NULL), RELEASE_TUI_CLIENT_ID));
	CHECK(release_find("2026.5.7", NULL)->protocol == 3);
	CHECK(release_find("2026.5.12", NULL)->protocol == 4);
	r = release_find("2026.6.11", NULL);
	CHECK(release_has(r, RELEASE_KEEP_BACKEND) && !release_has(r, RELEASE_KEEP_CLI));
	CHECK(!release_has(r, RELEASE_AUTO_APPROVE_LOCAL) && release_has(r, RELEASE_AUTO_APPROVE_CIDRS));
	CHECK(!release_has(r, RELEASE_PRESENCE_CLIENT_ID) && !release_has(r, RELEASE_LOG_PHASE));
	CHECK(!release_has(release_find("2026.8.1", NULL), RELEASE_AUTO_APPROVE_LOCAL));
	CHECK(release_has(release_find("2026.8.2", NULL), RELEASE_AUTO_APPROVE_LOCAL));
	r = release_find("2026.9.6", NULL);
	CHECK(r == release_newest());
	CHECK(release_has(r, RELEASE_KEEP_CLI) && release_has(r, RELEASE_HASH_HMAC));
	CHECK(!release_has(r, RELEASE_INSECURE_AUTH));
	/* newer than every row: the newest; empty: the newest; older than 2026.3: the first */
	CHECK(release_find("2027.1.1", NULL) == release_newest());
	CHECK(release_find("", NULL) == release_newest());
	CHECK(release_find("2025.12.1", NULL) == release_at(0));
	CHECK(release_find("nine", &err) == NULL);
	CHECK(strstr(err.msg, "YYYY.M.D") != NULL);
}

/* Rows are in order, every capability has a description, and every row says where its
 * facts come from. */
static void
test_table_is_ordered_and_documented(void)
{
	for (size_t i = 0; i < release_count(); i++) {
		const struct release *r = release_at(i);

		CHECK(r->note && *r->note && r->rules && *r->rules);
		CHECK(r->protocol == 3 || r->protocol == 4);
		if (i > 0)
			CHECK(release_compare(release_at(i - 1)->first, r->first) < 0);
	}
#define X(name, bit, text) CHECK(strcmp(release_cap_text(RELEASE_##name), text) == 0);
	RELEASE_CAP_LIST(X)
#undef X
}

/* The config hash of each release's config.get (captured) is recognised; the digest part
 * is what a short display shows. */
static void
test_config_hash_both_formats(void)
{
	static const char *const versions[] = { "2026.3.31", "2026.6.11", "2026.9.6" };

	for (size_t v = 0; v < 3; v++) {
		json_t *res = fixture_release_frame(versions[v], "tui-device-first", "r3");
		const char *h = json_string_value(json_object_get(json_object_get(res, "payload"), "hash"));

		CHECK(h && release_hash_valid(h));
		CHECK(release_hash_digest(h)[0] && !strchr(release_hash_digest(h), ':'));
		CHECK((strncmp(h, "hmac-sha256:v1:", 15) == 0) ==
		      release_has(release_find(versions[v], NULL), RELEASE_HASH_HMAC));
		json_decref(res);
	}
	CHECK(!release_hash_valid("abc"));
	CHECK(!release_hash_valid("hmac-sha256:v2:3MSKxEI8QDLTy8G_yhJZfmnkMoHhTnfN9OnwQQ1wt_U"));
	CHECK(!release_hash_valid(""));
}

static void
test_settings_by_release(void)
{
	const struct release *r611 = release_find("2026.6.11", NULL), *r331 = release_find("2026.3.31", NULL);

	CHECK(!release_has_setting(r611, "gateway.nodes.pairing.autoApproveLocal"));
	CHECK(release_has_setting(r611, "nodes.pairing.autoApproveCidrs"));
	CHECK(!release_has_setting(r331, "gateway.nodes.pairing.autoApproveCidrs"));
	CHECK(release_has_setting(release_newest(), "gateway.nodes.pairing.autoApproveLocal"));
	CHECK(release_has_setting(r331, "gateway.auth.mode"));
}

int
main(void)
{
	RUN(test_config_hash_both_formats);
	RUN(test_settings_by_release);
	RUN(test_versions_compare_numerically);
	RUN(test_find_picks_the_row_of_the_release);
	RUN(test_table_is_ordered_and_documented);
	return CHECK_DONE();
}
