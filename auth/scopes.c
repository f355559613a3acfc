#include "auth/scopes.h"

#include <string.h>

const char *const scopes_default[] = { "operator.read", "operator.write", "operator.pairing",
				       "operator.admin" };
const size_t scopes_default_count = sizeof(scopes_default) / sizeof(scopes_default[0]);

static const char *const known[] = {
	"operator.read", "operator.write", "operator.admin", "operator.approvals",
	"operator.questions", "operator.pairing", "operator.talk", "operator.talk.secrets",
	"operator.sessions.read", "operator.sessions.write",
};

bool
scopes_is_known(const char *scope)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(scope, known[i]) == 0)
			return true;
	return false;
}

enum scope_weight
scopes_weight(const char *scope)
{
	if (strcmp(scope, "operator.admin") == 0)
		return SCOPE_ADMIN;
	if (strcmp(scope, "operator.pairing") == 0)
		return SCOPE_PAIRING;
	return SCOPE_PLAIN;
}

bool
scopes_satisfies(const char *have, const char *need)
{
	if (strcmp(have, need) == 0 || strcmp(have, "operator.admin") == 0)
		return true;
	if (strcmp(have, "operator.write") == 0)
		return strcmp(need, "operator.read") == 0 || strcmp(need, "operator.talk") == 0 ||
		       strcmp(need, "operator.sessions.read") == 0 ||
		       strcmp(need, "operator.sessions.write") == 0;
	if (strcmp(have, "operator.read") == 0)
		return strcmp(need, "operator.sessions.read") == 0;
	return false;
}

bool
scopes_list_satisfies(const char *const *have, size_t n, const char *need)
{
	for (size_t i = 0; i < n; i++)
		if (scopes_satisfies(have[i], need))
			return true;
	return false;
}

int
scopes_parse_list(const char *csv, char out[][48], size_t max)
{
	size_t n = 0;
	const char *p = csv;

	while (*p) {
		size_t len;

		while (*p == ',' || *p == ' ')
			p++;
		if (!*p)
			break;
		len = strcspn(p, ", ");
		if (len >= 48 || n >= max)
			return -1;
		memcpy(out[n], p, len);
		out[n][len] = '\0';
		n++;
		p += len;
	}
	return (int)n;
}
