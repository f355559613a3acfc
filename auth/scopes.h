/* Operator scopes: the set the gateway knows, which imply which, and which deserve
 * attention on screen. */
#ifndef OC_AUTH_SCOPES_H
#define OC_AUTH_SCOPES_H

#include <stdbool.h>
#include <stddef.h>

/* The four the console asks for by default, in the order it sends them. */
extern const char *const scopes_default[];
extern const size_t scopes_default_count;

enum scope_weight {
	SCOPE_PLAIN,
	SCOPE_PAIRING,	/* can approve devices: highlighted */
	SCOPE_ADMIN,	/* everything: highlighted strongly, confirmed twice */
};

/* True for the ten operator scopes of 2026.9.6 (unknown strings are echoed by the gateway). */
bool scopes_is_known(const char *scope);

enum scope_weight scopes_weight(const char *scope);

/* Does a grant of `have` satisfy `need` (admin satisfies all; write covers read, talk,
 * sessions.*; read covers sessions.read)? */
bool scopes_satisfies(const char *have, const char *need);

/* Does the list have (or imply) need? */
bool scopes_list_satisfies(const char *const *have, size_t n, const char *need);

/* Split "a,b c" (commas and/or spaces) into at most max entries of out (each < 48 bytes).
 * Returns the count, or -1 when an entry is empty or too long. */
int scopes_parse_list(const char *csv, char out[][48], size_t max);

#endif
