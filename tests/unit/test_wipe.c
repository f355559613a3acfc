/* Issue 13 item 8: no plaintext device token is left in the heap after the first pairing.
 * The captured hello-ok (with a fresh random token in place of <DEVICE_TOKEN>) goes through
 * what the console does with it: frame_parse, session_parse_response, the token store
 * (save and load again), then everything is released.  Afterwards every writable mapping
 * of this process except the stack and sodium's guarded memory is read through
 * /proc/self/mem (freed blocks included, even under ASan) and searched for any 16 bytes
 * of the token.  A control runs the same steps with jansson's plain free(), as the
 * console did before secmem_init, and must find copies (so the search can fail). */
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/err.h"
#include "auth/secmem.h"
#include "auth/token.h"
#include "net/frame.h"
#include "net/session.h"
#include "check.h"
#include "fixture.h"

#define WINDOW 16
#define CHUNK (64 * 1024)
#define HUGE (1ul << 30)	/* address-space reservations (ASan's shadow), not data */

static char maps[4 * 1024 * 1024];	/* /proc/self/smaps */

/* memmem without _GNU_SOURCE. */
static bool
contains(const char *hay, size_t n, const char *needle, size_t m)
{
	const char *p = hay, *end = hay + n;

	while (m && (size_t)(end - p) >= m && (p = memchr(p, needle[0], (size_t)(end - p) - m + 1))) {
		if (memcmp(p, needle, m) == 0)
			return true;
		p++;
	}
	return false;
}

/* Does [lo, hi) of this process hold any WINDOW bytes of secret?  Read through
 * /proc/self/mem into buf (guarded memory, so the scan skips it), so that freed blocks
 * can be looked at under AddressSanitizer too. */
static bool
region_holds(int mem, unsigned long lo, unsigned long hi, const char *secret, char *buf)
{
	size_t len = strlen(secret), keep = 0;

	for (unsigned long at = lo; at < hi;) {
		size_t want = hi - at < CHUNK - keep ? hi - at : CHUNK - keep, have;
		ssize_t n = pread(mem, buf + keep, want, (off_t)at);

		if (n <= 0)
			return false;
		have = keep + (size_t)n;
		for (size_t i = 0; i + WINDOW <= len; i++)
			if (contains(buf, have, secret + i, WINDOW))
				return true;
		/* a copy may straddle two chunks: carry the tail over */
		keep = have < WINDOW - 1 ? have : WINDOW - 1;
		memmove(buf, buf + have - keep, keep);
		at += (unsigned long)n;
	}
	return false;
}

struct mapping {
	unsigned long lo, hi;
	char perms[8];
	bool anon, stack, dontdump;
};

static struct mapping mv[8192];

/* Read /proc/self/smaps into mv; the count, or -1. */
static int
read_mappings(void)
{
	size_t used = 0;
	int fd = open("/proc/self/smaps", O_RDONLY), n_maps = 0;
	char *line, *save = NULL;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (used < sizeof(maps) - 1 && (n = read(fd, maps + used, sizeof(maps) - 1 - used)) > 0)
		used += (size_t)n;
	close(fd);
	maps[used] = '\0';
	for (line = strtok_r(maps, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct mapping *m = &mv[n_maps];
		char path[256] = "";

		if (strncmp(line, "VmFlags:", 8) == 0 && n_maps > 0) {
			mv[n_maps - 1].dontdump = strstr(line, " dd") != NULL;
		} else if (n_maps < (int)(sizeof(mv) / sizeof(mv[0])) &&
			   sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &m->lo, &m->hi, m->perms, path) >= 3) {
			m->anon = !path[0];
			m->stack = strcmp(path, "[stack]") == 0 || strcmp(path, "[vvar]") == 0;
			m->dontdump = false;
			n_maps++;
		}
	}
	return n_maps;
}

/* Is mv[i] an inaccessible page or two (a sodium guard, not a reservation)? */
static bool
small_guard(int i, int n_maps)
{
	return i >= 0 && i < n_maps && strncmp(mv[i].perms, "---", 3) == 0 &&
	       mv[i].hi - mv[i].lo <= 64 * 1024;
}

/* How many writable mappings hold any WINDOW bytes of secret.  Left out: the stack, and
 * sodium_malloc's guarded memory, which is anonymous, excluded from core dumps (dd) and
 * has a guard page directly below and above it. */
static int
heap_copies(const char *secret)
{
	int n_maps = read_mappings(), mem, hits = 0;
	char *buf;

	if (n_maps <= 0)
		return -1;
	mem = open("/proc/self/mem", O_RDONLY);
	buf = sodium_malloc(CHUNK);
	if (mem < 0 || !buf) {
		if (mem >= 0)
			close(mem);
		sodium_free(buf);
		return -1;
	}
	for (int i = 0; i < n_maps; i++) {
		const struct mapping *m = &mv[i];
		bool guarded = m->anon && m->dontdump && small_guard(i - 1, n_maps) &&
			       mv[i - 1].hi == m->lo && small_guard(i + 1, n_maps) && mv[i + 1].lo == m->hi;

		if (m->perms[0] == 'r' && m->perms[1] == 'w' && m->hi - m->lo <= HUGE && !m->stack &&
		    !guarded && region_holds(mem, m->lo, m->hi, secret, buf))
			hits++;
	}
	close(mem);
	sodium_free(buf);
	return hits;
}

/* The captured hello-ok response with token in place of <DEVICE_TOKEN> (malloc'd). */
static char *
hello_ok_with(const char *token)
{
	json_t *doc = fixture_load("hello-ok.json");
	char *plain = doc ? json_dumps(json_object_get(doc, "response"), JSON_COMPACT) : NULL;
	char *at = plain ? strstr(plain, "<DEVICE_TOKEN>") : NULL, *out = NULL;

	json_decref(doc);
	if (at) {
		size_t pre = (size_t)(at - plain), post = strlen(at + 14), tl = strlen(token);

		out = malloc(pre + tl + post + 1);
		if (out) {
			memcpy(out, plain, pre);
			memcpy(out + pre, token, tl);
			memcpy(out + pre + tl, at + 14, post + 1);
		}
	}
	free(plain);
	return out;
}

/* What the console does with a hello-ok carrying a device token; every buffer released.
 * The receive buffer is wiped here as net/ws.c does (tests/live/54-memory-secrets.sh
 * covers ws.c and libwebsockets in the running console). */
static bool
handle_hello_ok(const char *token, const char *dir)
{
	char *text = hello_ok_with(token);
	struct oc_err err = { "" };
	struct session_result r;
	struct device_token t;
	struct frame f;
	bool ok;
	size_t len;

	if (!text)
		return false;
	len = strlen(text);
	ok = frame_parse(text, len, &f, &err) == 0;
	sodium_memzero(text, len);
	free(text);
	if (!ok)
		return false;
	session_parse_response(&f, &r);
	frame_free(&f);
	ok = r.outcome == SESSION_OK && r.device_token && strcmp(r.device_token, token) == 0;
	memset(&t, 0, sizeof(t));
	if (ok) {
		snprintf(t.role, sizeof(t.role), "operator");
		ok = token_set_secret(&t, r.device_token) == 0 &&
		     token_save(&t, dir, "ws://127.0.0.1:1", "dev", &err) == 0;
		token_free(&t);
	}
	if (ok) {
		ok = token_load(&t, dir, "ws://127.0.0.1:1", "dev", &err) == 1 && strcmp(t.token, token) == 0;
		token_free(&t);
	}
	session_result_clear(&r);
	return ok;
}

static void
random_token(char *out, size_t size)
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, size, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static char dir[] = "/tmp/oc-test-wipe.XXXXXX";

static void
test_no_token_left_in_heap(void)
{
	char token[64], *copy;

	secmem_init();		/* as tui/main.c does first thing */
	random_token(token, sizeof(token));
	CHECK(handle_hello_ok(token, dir));
	CHECK(heap_copies(token) == 0);
	/* the search finds a copy that is there */
	copy = malloc(64);
	CHECK(copy != NULL);
	if (copy) {
		memcpy(copy, token, strlen(token) + 1);
		CHECK(heap_copies(token) == 1);
		secmem_free(copy);
	}
	sodium_memzero(token, sizeof(token));
}

static void
test_control_plain_free_leaves_copies(void)
{
	char token[64];

	json_set_alloc_funcs(malloc, free);	/* the allocator before issue 13 */
	random_token(token, sizeof(token));
	CHECK(handle_hello_ok(token, dir));
	CHECK(heap_copies(token) > 0);
	secmem_init();
	sodium_memzero(token, sizeof(token));
}

int
main(void)
{
	char path[128];

	if (sodium_init() < 0 || !mkdtemp(dir))
		return 1;
	RUN(test_no_token_left_in_heap);
	RUN(test_control_plain_free_leaves_copies);
	snprintf(path, sizeof(path), "%s/device-tokens.json", dir);
	unlink(path);
	rmdir(dir);
	return CHECK_DONE();
}
