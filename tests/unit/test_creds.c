/* auth/creds.c: where the shared gateway token comes from, and the JSON5 pre-pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "auth/creds.h"
#include "auth/err.h"
#include "tests/unit/check.h"
#include "tests/unit/files.h"

static char tmp_home[64];
static char token_path[128];
static char config_path[128];	/* HOME/.openclaw/openclaw.json */

/* The fake environment. */
static const char *fake_token;
static const char *fake_config;

static const char *
fake_env(const char *name)
{
	if (strcmp(name, "OPENCLAW_GATEWAY_TOKEN") == 0)
		return fake_token;
	if (strcmp(name, "OPENCLAW_CONFIG_PATH") == 0)
		return fake_config;
	if (strcmp(name, "HOME") == 0)
		return tmp_home;
	return NULL;
}

static void
fresh_home(void)
{
	char cmd[256], dir[128];

	if (tmp_home[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_home);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmp_home);
	}
	strcpy(tmp_home, "/tmp/oc-test-creds.XXXXXX");
	if (!mkdtemp(tmp_home)) {
		perror("mkdtemp");
		abort();
	}
	snprintf(dir, sizeof(dir), "%s/.openclaw", tmp_home);
	mkdir(dir, 0700);
	snprintf(token_path, sizeof(token_path), "%s/token", tmp_home);
	snprintf(config_path, sizeof(config_path), "%s/.openclaw/openclaw.json", tmp_home);
	fake_token = NULL;
	fake_config = NULL;
}

static void
test_precedence(void)
{
	struct oc_err err = { "" };
	enum creds_source src;
	char *tok = NULL;

	fresh_home();
	write_file(token_path, "from-file\n", 0600);
	write_file(config_path, "{\"gateway\":{\"auth\":{\"token\":\"from-config\"}}}", 0600);
	fake_token = "from-env";
	CHECK(creds_find_token(token_path, fake_env, NULL, &tok, &src, &err) == 0);
	CHECK(src == CREDS_TOKEN_FILE);
	CHECK_STR(tok, "from-file");
	creds_free(tok);
	CHECK(creds_find_token(NULL, fake_env, NULL, &tok, &src, &err) == 0);
	CHECK(src == CREDS_ENV);
	CHECK_STR(tok, "from-env");
	creds_free(tok);
	fake_token = "";	/* empty counts as unset */
	CHECK(creds_find_token(NULL, fake_env, NULL, &tok, &src, &err) == 0);
	CHECK(src == CREDS_CONFIG);
	CHECK_STR(tok, "from-config");
	creds_free(tok);
	fake_token = NULL;
	/* The explicit home argument beats HOME from the environment. */
	CHECK(creds_find_token(NULL, fake_env, "/nonexistent-home", &tok, &src, &err) == 0);
	CHECK(src == CREDS_NONE && tok == NULL);
	CHECK_STR(creds_source_name(CREDS_ENV), "OPENCLAW_GATEWAY_TOKEN");
	CHECK(creds_source_name(CREDS_NONE) != NULL);
}

static void
test_config_path_env(void)
{
	struct oc_err err = { "" };
	enum creds_source src;
	char other[160], *tok = NULL;

	fresh_home();
	write_file(config_path, "{\"gateway\":{\"auth\":{\"token\":\"home-config\"}}}", 0600);
	snprintf(other, sizeof(other), "%s/other.json", tmp_home);
	write_file(other, "{gateway:{auth:{token:'other-config'}}}", 0644);
	fake_config = other;
	CHECK(creds_find_token(NULL, fake_env, NULL, &tok, &src, &err) == 0);
	CHECK(src == CREDS_CONFIG);
	CHECK_STR(tok, "other-config");
	creds_free(tok);
	/* OPENCLAW_CONFIG_PATH names a missing file: no token, not an error. */
	snprintf(other, sizeof(other), "%s/missing.json", tmp_home);
	CHECK(creds_find_token(NULL, fake_env, NULL, &tok, &src, &err) == 0);
	CHECK(src == CREDS_NONE && tok == NULL);
}

static void
test_json5_config(void)
{
	struct oc_err err = { "" };
	enum creds_source src;
	char *tok = NULL;

	fresh_home();
	write_file(config_path,
		   "// OpenClaw config\n"
		   "{\n"
		   "  /* a block\n     comment */\n"
		   "  agents: { list: [ 'a', \"b\", ], },\n"
		   "  gateway: {\n"
		   "    port: 18789, // the port\n"
		   "    bind: 'loopback',\n"
		   "    auth: {\n"
		   "      mode: 'token',\n"
		   "      token: 'it\\'s \"quoted\" // not a comment',\n"
		   "    },\n"
		   "  },\n"
		   "  $weird_key1: true,\n"
		   "  flags: [true, false, null, 1.5e3, ],\n"
		   "}\n", 0600);
	CHECK(creds_find_token(NULL, fake_env, NULL, &tok, &src, &err) == 0);
	CHECK(src == CREDS_CONFIG);
	CHECK_STR(tok, "it's \"quoted\" // not a comment");
	if (src != CREDS_CONFIG)
		printf("# %s\n", err.msg);
	creds_free(tok);
}

static void
test_parse_json5_direct(void)
{
	struct oc_err err = { "" };
	json_t *v;

	v = creds_parse_json5("{a:1, 'b':'x\"y', \"c\": [1,2,/* two */],}", "t.json", &err);
	CHECK(v != NULL);
	CHECK(json_integer_value(json_object_get(v, "a")) == 1);
	CHECK_STR(json_string_value(json_object_get(v, "b")), "x\"y");
	CHECK(json_array_size(json_object_get(v, "c")) == 2);
	json_decref(v);
	v = creds_parse_json5("{\"url\": \"http://x//y\", s: '/* no */'}", "t.json", &err);
	CHECK(v != NULL);
	CHECK_STR(json_string_value(json_object_get(v, "url")), "http://x//y");
	CHECK_STR(json_string_value(json_object_get(v, "s")), "/* no */");
	json_decref(v);
	v = creds_parse_json5("{\n\n  a: 1\n  b: 2\n}", "t.json", &err);
	CHECK(v == NULL);
	CHECK(strstr(err.msg, "t.json:4:") == err.msg);
	v = creds_parse_json5("{\n/* open\n", "t.json", &err);
	CHECK(v == NULL);
	CHECK(strstr(err.msg, "t.json:2:") == err.msg);
	v = creds_parse_json5("{a: 'open\n}", "t.json", &err);
	CHECK(v == NULL);
	CHECK(strstr(err.msg, "t.json:1:") == err.msg);
}

static void
test_config_without_token(void)
{
	struct oc_err err = { "" };
	enum creds_source src;
	char *tok = NULL;

	fresh_home();
	CHECK(creds_find_token(NULL, fake_env, NULL, &tok, &src, &err) == 0);	/* no file */
	CHECK(src == CREDS_NONE && tok == NULL);
	write_file(config_path, "{ gateway: { auth: { mode: 'password' } } }", 0600);
	CHECK(creds_find_token(NULL, fake_env, NULL, &tok, &src, &err) == 0);
	CHECK(src == CREDS_NONE && tok == NULL);
	write_file(config_path, "{}", 0600);
	CHECK(creds_find_token(NULL, fake_env, NULL, &tok, &src, &err) == 0);
	CHECK(src == CREDS_NONE && tok == NULL);
	write_file(config_path, "{gateway: {auth: {token: {source: 'env'}}}}", 0600);
	CHECK(creds_find_token(NULL, fake_env, NULL, &tok, &src, &err) == -1);
	CHECK(strstr(err.msg, config_path) != NULL);
}

static void
test_broken_config(void)
{
	struct oc_err err = { "" };
	enum creds_source src;
	char *tok = NULL;

	fresh_home();
	write_file(config_path, "{\n  gateway: {\n    auth: { token: 'x' \n  }\n", 0600);
	CHECK(creds_find_token(NULL, fake_env, NULL, &tok, &src, &err) == -1);
	CHECK(tok == NULL);
	CHECK(strstr(err.msg, config_path) == err.msg);
	CHECK(strstr(err.msg, ".json:") != NULL);
	CHECK(strchr(err.msg, '\n') == NULL);
}

static void
test_token_file_rules(void)
{
	struct oc_err err = { "" };
	enum creds_source src;
	char *tok = NULL, missing[160];

	fresh_home();
	write_file(token_path, "tok-123\r\n  \n", 0600);
	CHECK(creds_find_token(token_path, fake_env, NULL, &tok, &src, &err) == 0);
	CHECK(src == CREDS_TOKEN_FILE);
	CHECK_STR(tok, "tok-123");
	creds_free(tok);
	tok = NULL;
	write_file(token_path, "tok-123\n", 0640);
	fake_token = "from-env";	/* a broken token file does not fall back */
	CHECK(creds_find_token(token_path, fake_env, NULL, &tok, &src, &err) == -1);
	CHECK(tok == NULL && src == CREDS_NONE);
	CHECK(strstr(err.msg, token_path) != NULL);
	CHECK(strstr(err.msg, "chmod 600") != NULL);
	write_file(token_path, "\n", 0600);
	CHECK(creds_find_token(token_path, fake_env, NULL, &tok, &src, &err) == -1);
	CHECK(strstr(err.msg, "empty") != NULL);
	write_file(token_path, "", 0600);
	CHECK(creds_find_token(token_path, fake_env, NULL, &tok, &src, &err) == -1);
	snprintf(missing, sizeof(missing), "%s/missing", tmp_home);
	CHECK(creds_find_token(missing, fake_env, NULL, &tok, &src, &err) == -1);
	CHECK(strstr(err.msg, missing) != NULL);
}

int
main(void)
{
	char cmd[256];

	RUN(test_precedence);
	RUN(test_config_path_env);
	RUN(test_json5_config);
	RUN(test_parse_json5_direct);
	RUN(test_config_without_token);
	RUN(test_broken_config);
	RUN(test_token_file_rules);
	if (tmp_home[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_home);
		if (system(cmd) != 0)
			return 1;
	}
	return CHECK_DONE();
}
