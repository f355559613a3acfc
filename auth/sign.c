#include "auth/sign.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

/* A growable string; on allocation failure `failed` is set and appends do nothing. */
struct sign_buf {
	char *p;
	size_t len, cap;
	bool failed;
};

static void
sign_buf_reserve(struct sign_buf *b, size_t extra)
{
	size_t ncap;
	char *np;

	if (b->failed || b->len + extra + 1 <= b->cap)
		return;
	ncap = b->cap ? b->cap : 256;
	while (ncap < b->len + extra + 1)
		ncap *= 2;
	np = malloc(ncap);
	if (!np) {
		b->failed = true;
		return;
	}
	/* Copy and wipe instead of realloc: the payload may hold a token. */
	if (b->p) {
		memcpy(np, b->p, b->len + 1);
		sodium_memzero(b->p, b->cap);
		free(b->p);
	} else {
		np[0] = '\0';
	}
	b->p = np;
	b->cap = ncap;
}

static void
sign_buf_add(struct sign_buf *b, const char *s, size_t n)
{
	sign_buf_reserve(b, n);
	if (b->failed)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sign_buf_str(struct sign_buf *b, const char *s)
{
	if (s)
		sign_buf_add(b, s, strlen(s));
}

static bool
sign_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Bounds of s without leading/trailing ASCII whitespace. */
static void
sign_trim(const char *s, const char **start, size_t *n)
{
	const char *e;

	if (!s)
		s = "";
	while (sign_is_space(*s))
		s++;
	e = s + strlen(s);
	while (e > s && sign_is_space(e[-1]))
		e--;
	*start = s;
	*n = (size_t)(e - s);
}

static void
sign_buf_meta(struct sign_buf *b, const char *s)
{
	const char *start;
	size_t n, i;

	sign_trim(s, &start, &n);
	sign_buf_reserve(b, n);
	if (b->failed)
		return;
	for (i = 0; i < n; i++) {
		char c = start[i];

		b->p[b->len++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	b->p[b->len] = '\0';
}

void
sign_normalize_meta(const char *in, char *out, size_t out_size)
{
	const char *start;
	size_t n, i;

	if (out_size == 0)
		return;
	sign_trim(in, &start, &n);
	if (n > out_size - 1)
		n = out_size - 1;
	for (i = 0; i < n; i++) {
		char c = start[i];

		out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';
}

/* The nine fields v2 and v3 share, after the version tag. */
static char *
sign_payload(const struct sign_input *in, const char *version, bool v3)
{
	struct sign_buf b = { 0 };
	char num[32];
	size_t i;

	sign_buf_str(&b, version);
	sign_buf_str(&b, "|");
	sign_buf_str(&b, in->device_id);
	sign_buf_str(&b, "|");
	sign_buf_str(&b, in->client_id);
	sign_buf_str(&b, "|");
	sign_buf_str(&b, in->client_mode);
	sign_buf_str(&b, "|");
	sign_buf_str(&b, in->role ? in->role : "operator");
	sign_buf_str(&b, "|");
	for (i = 0; i < in->n_scopes; i++) {
		if (i > 0)
			sign_buf_str(&b, ",");
		sign_buf_str(&b, in->scopes[i]);
	}
	sign_buf_str(&b, "|");
	snprintf(num, sizeof(num), "%" PRId64, in->signed_at_ms);
	sign_buf_str(&b, num);
	sign_buf_str(&b, "|");
	sign_buf_str(&b, in->token);
	sign_buf_str(&b, "|");
	sign_buf_str(&b, in->nonce);
	if (v3) {
		sign_buf_str(&b, "|");
		sign_buf_meta(&b, in->platform);
		sign_buf_str(&b, "|");
		sign_buf_meta(&b, in->device_family);
	}
	if (b.failed) {
		if (b.p) {
			sodium_memzero(b.p, b.cap);
			free(b.p);
		}
		return NULL;
	}
	return b.p;
}

char *
sign_payload_v3(const struct sign_input *in)
{
	return sign_payload(in, "v3", true);
}

char *
sign_payload_v2(const struct sign_input *in)
{
	return sign_payload(in, "v2", false);
}
