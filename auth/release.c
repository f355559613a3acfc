/* The release-capabilities table.  Rows were measured on the real npm releases named in
 * their notes (Node 24.21.0, loopback); boundaries between measured releases come from the
 * gateways' changelogs as reported in issue #16 and are marked so.  A new release is a new
 * row here: nothing else in the console names a version. */
#include "auth/release.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"

#define R3 (RELEASE_INSECURE_AUTH)
#define R328 (R3 | RELEASE_TUI_CLIENT_ID)
#define R429 (R328 | RELEASE_AUTH_BLOCK | RELEASE_KEEP_BACKEND)
#define R512 (R429 | RELEASE_PROTOCOL_DETAILS | RELEASE_SCHEMA_ENUM_MSG)
#define R611 (R512 | RELEASE_PAIRING_DETAILS | RELEASE_AUTO_APPROVE_CIDRS | RELEASE_LOG_FILE_OWN)
#define R82 ((R611 & ~RELEASE_INSECURE_AUTH) | RELEASE_AUTO_APPROVE_LOCAL | RELEASE_KEEP_CLI | \
	     RELEASE_SILENT_UPGRADE | RELEASE_BUILD_ID_CHECK | RELEASE_SCOPE_FORBIDDEN | \
	     RELEASE_HASH_HMAC | RELEASE_LOG_PHASE | RELEASE_NEW_CLIENT_IDS | RELEASE_PASSWORD_AS_TOKEN)
#define R90 (R82 | RELEASE_PRESENCE_CLIENT_ID | RELEASE_PAIRED_EXTRAS)

static const struct release releases[] = {
	{ "2026.3.0", "3.x", 3, R3,
	  "not installable with Node 24 here (3.2, 3.13 pull a git-hosted dependency); as 3.31 without openclaw-tui" },
	{ "2026.3.28", "3.x", 3, R328, "measured on 2026.3.31" },
	{ "2026.4.29", "4.29-8.1", 3, R429, "from the issue: 4.29 always sends hello-ok auth, backend keeps scopes" },
	{ "2026.5.12", "4.29-8.1", 4, R512, "protocol 4 from 5.12 (issue); details as measured on 6.11" },
	{ "2026.6.11", "4.29-8.1", 4, R611,
	  "measured on 2026.6.11 (autoApproveCidrs, logging.file and the long pairing details first seen here)" },
	{ "2026.8.2", "8.2-9.x", 4, R82,
	  "autoApproveLocal from 8.2 (issue); the other changes measured on 2026.9.6" },
	{ "2026.9.0", "8.2-9.x", 4, R90, "measured on 2026.9.6" },
};

#define N_RELEASES (sizeof(releases) / sizeof(releases[0]))

static const char newest_measured[] = "2026.9.6";

/* "v2026.6.11-beta.1" -> 2026, 6, 11.  0, or -1 when not three numbers. */
static int
version_parse(const char *s, long out[3])
{
	char *end;

	if (!s)
		return -1;
	if (*s == 'v' || *s == 'V')
		s++;
	for (int i = 0; i < 3; i++) {
		if (*s < '0' || *s > '9')
			return -1;
		out[i] = strtol(s, &end, 10);
		s = end;
		if (i < 2) {
			if (*s != '.')
				return -1;
			s++;
		}
	}
	return *s == '\0' || *s == '-' || *s == '+' || *s == ' ' ? 0 : -1;
}

int
release_compare(const char *a, const char *b)
{
	long x[3], y[3];
	int pa = version_parse(a, x), pb = version_parse(b, y);

	if (pa < 0 || pb < 0)
		return pa - pb;
	for (int i = 0; i < 3; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

const struct release *
release_find(const char *version, struct oc_err *err)
{
	long v[3];
	const struct release *r = &releases[0];

	if (!version || !*version)
		return release_newest();
	if (version_parse(version, v) < 0) {
		oc_errf(err, "gateway version \"%.40s\" is not YYYY.M.D (e.g. 2026.6.11)", version);
		return NULL;
	}
	for (size_t i = 0; i < N_RELEASES; i++)
		if (release_compare(releases[i].first, version) <= 0)
			r = &releases[i];
	return r;
}

const struct release *
release_newest(void)
{
	return &releases[N_RELEASES - 1];
}

const char *
release_newest_version(void)
{
	return newest_measured;
}

bool
release_has(const struct release *r, enum release_cap cap)
{
	return r && (r->caps & (unsigned)cap) != 0;
}

static const struct {
	const char *key;
	enum release_cap cap;
} settings[] = {
	{ "nodes.pairing.autoApproveLocal", RELEASE_AUTO_APPROVE_LOCAL },
	{ "nodes.pairing.autoApproveCidrs", RELEASE_AUTO_APPROVE_CIDRS },
};

bool
release_has_setting(const struct release *r, const char *key)
{
	if (key && strncmp(key, "gateway.", 8) == 0)
		key += 8;
	for (size_t i = 0; key && i < sizeof(settings) / sizeof(settings[0]); i++)
		if (strcmp(settings[i].key, key) == 0)
			return release_has(r, settings[i].cap);
	return true;
}

static bool
hex64(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == 64;
}

/* 32 bytes in unpadded base64url: 43 characters */
static bool
b64u43(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'z') ||
		      (s[n] >= 'A' && s[n] <= 'Z') || s[n] == '-' || s[n] == '_'))
			return false;
	return n == 43;
}

bool
release_hash_valid(const char *hash)
{
	if (!hash)
		return false;
	/* 2026.9.6: hmac-sha256:v1:<base64url>; older releases: sha256 hex */
	if (strncmp(hash, "hmac-sha256:v1:", 15) == 0)
		return b64u43(hash + 15) || hex64(hash + 15);
	return hex64(hash);
}

const char *
release_hash_digest(const char *hash)
{
	const char *c = hash ? strrchr(hash, ':') : NULL;

	return c ? c + 1 : hash ? hash : "";
}

size_t
release_count(void)
{
	return N_RELEASES;
}

const struct release *
release_at(size_t i)
{
	return i < N_RELEASES ? &releases[i] : NULL;
}

const char *
release_cap_text(enum release_cap cap)
{
	switch (cap) {
#define X(name, bit, text) case RELEASE_##name: return text;
	RELEASE_CAP_LIST(X)
#undef X
	}
	return "?";
}
