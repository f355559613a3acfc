/* auth/token.c: the device token store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth/err.h"
#include "auth/token.h"
#include "tests/unit/check.h"

#define URL_A "ws://127.0.0.1:18789"
#define URL_B "wss://gw.example.net/ws"
#define DEV_1 "56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c"
#define DEV_2 "61a120f70c52c2d00c2fc28a1b70f3a351eeee4860a01c33a4e354dd430d5f1d"

static char tmp_dir[64];
static char state_dir[128];
static char store_path[192];

static void
fresh_state(void)
{
	char cmd[128];

	if (tmp_dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmp_dir);
	}
	strcpy(tmp_dir, "/tmp/oc-test-token.XXXXXX");
	if (!mkdtemp(tmp_dir)) {
		perror("mkdtemp");
		abort();
	}
	snprintf(state_dir, sizeof(state_dir), "%s/state", tmp_dir);
	snprintf(store_path, sizeof(store_path), "%s/device-tokens.json", state_dir);
}

static void
make_token(struct device_token *t, const char *secret, const char *role)
{
	memset(t, 0, sizeof(*t));
	if (token_set_secret(t, secret) != 0)
		abort();
	snprintf(t->role, sizeof(t->role), "%s", role);
	strcpy(t->scopes[0], "operator.read");
	strcpy(t->scopes[1], "operator.write");
	t->n_scopes = 2;
	t->issued_at_ms = 1795480000123;
	strcpy(t->platform, "linux");
	strcpy(t->device_family, "desktop");
}

static void
test_round_trip(void)
{
	struct device_token t, got;
	struct oc_err err = { "" };
	struct stat st;

	fresh_state();
	CHECK(token_load(&got, state_dir, URL_A, DEV_1, &err) == 0);	/* no file yet */
	make_token(&t, "dt-secret-1", "operator");
	CHECK(token_save(&t, state_dir, URL_A, DEV_1, &err) == 0);
	CHECK(stat(store_path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(stat(state_dir, &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK(token_load(&got, state_dir, URL_A, DEV_1, &err) == 1);
	CHECK_STR(got.token, "dt-secret-1");
	CHECK_STR(got.role, "operator");
	CHECK(got.n_scopes == 2);
	CHECK_STR(got.scopes[0], "operator.read");
	CHECK_STR(got.scopes[1], "operator.write");
	CHECK(got.issued_at_ms == 1795480000123);
	CHECK_STR(got.platform, "linux");
	CHECK_STR(got.device_family, "desktop");
	token_free(&got);
	token_free(&got);	/* safe twice */
	CHECK(token_load(&got, state_dir, URL_A, DEV_2, &err) == 0);
	CHECK(got.token == NULL);
	token_free(&t);
}

static void
test_two_urls_apart(void)
{
	struct device_token a, b, got;
	struct oc_err err = { "" };

	fresh_state();
	make_token(&a, "secret-a", "operator");
	make_token(&b, "secret-b", "operator");
	CHECK(token_save(&a, state_dir, URL_A, DEV_1, &err) == 0);
	CHECK(token_save(&b, state_dir, URL_B, DEV_1, &err) == 0);
	CHECK(token_load(&got, state_dir, URL_A, DEV_1, &err) == 1);
	CHECK_STR(got.token, "secret-a");
	token_free(&got);
	CHECK(token_load(&got, state_dir, URL_B, DEV_1, &err) == 1);
	CHECK_STR(got.token, "secret-b");
	token_free(&got);
	token_free(&a);
	token_free(&b);
}

static void
test_replace(void)
{
	struct device_token a, b, c, got;
	struct oc_err err = { "" };
	FILE *f;
	char buf[4096];
	size_t n;

	fresh_state();
	make_token(&a, "old-secret", "operator");
	make_token(&b, "new-secret", "node");
	make_token(&c, "other-secret", "operator");
	CHECK(token_save(&c, state_dir, URL_B, DEV_2, &err) == 0);
	CHECK(token_save(&a, state_dir, URL_A, DEV_1, &err) == 0);
	CHECK(token_save(&b, state_dir, URL_A, DEV_1, &err) == 0);
	CHECK(token_load(&got, state_dir, URL_A, DEV_1, &err) == 1);
	CHECK_STR(got.token, "new-secret");
	CHECK_STR(got.role, "node");
	token_free(&got);
	CHECK(token_load(&got, state_dir, URL_B, DEV_2, &err) == 1);
	CHECK_STR(got.token, "other-secret");
	token_free(&got);
	/* One entry per key: the old secret is gone from the file. */
	f = fopen(store_path, "r");
	CHECK(f != NULL);
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		buf[n] = '\0';
		fclose(f);
		CHECK(strstr(buf, "old-secret") == NULL);
		CHECK(strstr(buf, "\"version\": 1") != NULL);
	}
	token_free(&a);
	token_free(&b);
	token_free(&c);
}

static void
test_forget(void)
{
	struct device_token a, b, got;
	struct oc_err err = { "" };

	fresh_state();
	CHECK(token_forget(state_dir, URL_A, DEV_1, &err) == 0);	/* no file: fine */
	make_token(&a, "secret-a", "operator");
	make_token(&b, "secret-b", "operator");
	CHECK(token_save(&a, state_dir, URL_A, DEV_1, &err) == 0);
	CHECK(token_save(&b, state_dir, URL_A, DEV_2, &err) == 0);
	CHECK(token_forget(state_dir, URL_A, DEV_1, &err) == 0);
	CHECK(token_load(&got, state_dir, URL_A, DEV_1, &err) == 0);
	CHECK(token_load(&got, state_dir, URL_A, DEV_2, &err) == 1);
	CHECK_STR(got.token, "secret-b");
	token_free(&got);
	CHECK(token_forget(state_dir, URL_A, DEV_1, &err) == 0);	/* already gone */
	token_free(&a);
	token_free(&b);
}

static void
test_too_open_refused(void)
{
	struct device_token a, got;
	struct oc_err err = { "" };

	fresh_state();
	make_token(&a, "secret-a", "operator");
	CHECK(token_save(&a, state_dir, URL_A, DEV_1, &err) == 0);
	chmod(store_path, 0644);
	CHECK(token_load(&got, state_dir, URL_A, DEV_1, &err) == -1);
	CHECK(strstr(err.msg, "chmod 600") != NULL);
	CHECK(strstr(err.msg, store_path) != NULL);
	CHECK(got.token == NULL);
	err.msg[0] = '\0';
	CHECK(token_save(&a, state_dir, URL_B, DEV_1, &err) == -1);
	CHECK(strstr(err.msg, "chmod 600") != NULL);
	CHECK(token_forget(state_dir, URL_A, DEV_1, &err) == -1);
	token_free(&a);
}

static void
test_corrupt_refused(void)
{
	static const char *const bad[] = {
		"{\"version\":1,\"tokens\":[",
		"[]",
		"{\"version\":2,\"tokens\":[]}",
		"{\"version\":1,\"tokens\":{}}",
		"{\"version\":1,\"tokens\":[42]}",
	};
	struct device_token a, got;
	struct oc_err err = { "" };
	size_t i;
	FILE *f;

	make_token(&a, "secret-a", "operator");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fresh_state();
		mkdir(state_dir, 0700);
		f = fopen(store_path, "w");
		if (!f)
			abort();
		fputs(bad[i], f);
		fclose(f);
		chmod(store_path, 0600);
		err.msg[0] = '\0';
		CHECK(token_load(&got, state_dir, URL_A, DEV_1, &err) == -1);
		CHECK(strstr(err.msg, store_path) != NULL);
		/* Saving must not silently replace a store it cannot read. */
		CHECK(token_save(&a, state_dir, URL_A, DEV_1, &err) == -1);
	}
	/* An entry without a token for the key asked for. */
	fresh_state();
	mkdir(state_dir, 0700);
	f = fopen(store_path, "w");
	if (!f)
		abort();
	fprintf(f, "{\"version\":1,\"tokens\":[{\"url\":\"%s\",\"deviceId\":\"%s\"}]}", URL_A,
		DEV_1);
	fclose(f);
	chmod(store_path, 0600);
	CHECK(token_load(&got, state_dir, URL_A, DEV_1, &err) == -1);
	CHECK(got.token == NULL);
	token_free(&a);
}

static void
test_unknown_entries_kept(void)
{
	struct device_token a, got;
	struct oc_err err = { "" };
	char buf[4096];
	size_t n;
	FILE *f;

	fresh_state();
	mkdir(state_dir, 0700);
	f = fopen(store_path, "w");
	if (!f)
		abort();
	fputs("{\"version\":1,\"tokens\":[{\"url\":\"ws://x\",\"deviceId\":\"d\",\"token\":\"t\","
	      "\"future\":\"kept\"}]}", f);
	fclose(f);
	chmod(store_path, 0600);
	make_token(&a, "secret-a", "operator");
	CHECK(token_save(&a, state_dir, URL_A, DEV_1, &err) == 0);
	CHECK(token_load(&got, state_dir, "ws://x", "d", &err) == 1);
	CHECK_STR(got.token, "t");
	CHECK(got.n_scopes == 0);
	token_free(&got);
	f = fopen(store_path, "r");
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		buf[n] = '\0';
		fclose(f);
		CHECK(strstr(buf, "\"future\": \"kept\"") != NULL);
	}
	token_free(&a);
}

int
main(void)
{
	char cmd[128];

	RUN(test_round_trip);
	RUN(test_two_urls_apart);
	RUN(test_replace);
	RUN(test_forget);
	RUN(test_too_open_refused);
	RUN(test_corrupt_refused);
	RUN(test_unknown_entries_kept);
	if (tmp_dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
		if (system(cmd) != 0)
			return 1;
	}
	return CHECK_DONE();
}
