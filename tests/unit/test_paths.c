/* auth/paths.c: where the state and config directories are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "auth/paths.h"
#include "tests/unit/check.h"

static void
clear_env(void)
{
	unsetenv("OPENCLAW_CONSOLE_STATE_DIR");
	unsetenv("OPENCLAW_CONSOLE_CONFIG_DIR");
	unsetenv("XDG_STATE_HOME");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/op", 1);
}

static void
test_state_dir(void)
{
	struct oc_err err = { "" };
	char out[256];

	clear_env();
	CHECK(paths_state_dir(NULL, out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/home/op/.local/state/openclaw-console");
	setenv("XDG_STATE_HOME", "/xdg/state", 1);
	CHECK(paths_state_dir(NULL, out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/xdg/state/openclaw-console");
	setenv("OPENCLAW_CONSOLE_STATE_DIR", "/env/state", 1);
	CHECK(paths_state_dir(NULL, out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/env/state");
	CHECK(paths_state_dir("/explicit", out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/explicit");
	CHECK(paths_state_dir("", out, sizeof(out), &err) == 0);	/* empty = not given */
	CHECK_STR(out, "/env/state");
}

static void
test_config_dir(void)
{
	struct oc_err err = { "" };
	char out[256];

	clear_env();
	CHECK(paths_config_dir(NULL, out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/home/op/.config/openclaw-console");
	setenv("XDG_CONFIG_HOME", "/xdg/config", 1);
	CHECK(paths_config_dir(NULL, out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/xdg/config/openclaw-console");
	setenv("OPENCLAW_CONSOLE_CONFIG_DIR", "/env/config", 1);
	CHECK(paths_config_dir(NULL, out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/env/config");
	CHECK(paths_config_dir("/explicit", out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/explicit");
	/* The state variables do not leak into the config dir. */
	setenv("OPENCLAW_CONSOLE_STATE_DIR", "/env/state", 1);
	unsetenv("OPENCLAW_CONSOLE_CONFIG_DIR");
	CHECK(paths_config_dir(NULL, out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/xdg/config/openclaw-console");
}

static void
test_empty_and_relative_xdg(void)
{
	struct oc_err err = { "" };
	char out[256];

	clear_env();
	setenv("XDG_STATE_HOME", "", 1);
	CHECK(paths_state_dir(NULL, out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/home/op/.local/state/openclaw-console");
	setenv("XDG_STATE_HOME", "relative/dir", 1);
	CHECK(paths_state_dir(NULL, out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/home/op/.local/state/openclaw-console");
	setenv("OPENCLAW_CONSOLE_STATE_DIR", "", 1);
	CHECK(paths_state_dir(NULL, out, sizeof(out), &err) == 0);
	CHECK_STR(out, "/home/op/.local/state/openclaw-console");
}

static void
test_no_home(void)
{
	struct oc_err err = { "" };
	char out[256];

	clear_env();
	unsetenv("HOME");
	CHECK(paths_state_dir(NULL, out, sizeof(out), &err) == -1);
	CHECK(strstr(err.msg, "HOME") != NULL);
	CHECK(paths_config_dir(NULL, out, sizeof(out), &err) == -1);
	setenv("XDG_CONFIG_HOME", "/xdg/config", 1);
	CHECK(paths_config_dir(NULL, out, sizeof(out), &err) == 0);
	CHECK(paths_state_dir("/explicit", out, sizeof(out), &err) == 0);
}

static void
test_too_long(void)
{
	struct oc_err err = { "" };
	char out[16];

	clear_env();
	CHECK(paths_state_dir(NULL, out, sizeof(out), &err) == -1);
	CHECK(paths_state_dir("/exactly15chars", out, sizeof(out), &err) == 0);
	CHECK(paths_state_dir("/exactly16chars!", out, sizeof(out), &err) == -1);
}

static void
test_join(void)
{
	char out[32];

	CHECK(paths_join(out, sizeof(out), "/a/b", "c.json") == 0);
	CHECK_STR(out, "/a/b/c.json");
	CHECK(paths_join(out, sizeof(out), "/a/b/", "c.json") == 0);
	CHECK_STR(out, "/a/b/c.json");
	CHECK(paths_join(out, 8, "/a/b", "c.json") == -1);
	CHECK(paths_join(out, 12, "/a/b", "c.json") == 0);	/* 11 chars + NUL */
}

int
main(void)
{
	RUN(test_state_dir);
	RUN(test_config_dir);
	RUN(test_empty_and_relative_xdg);
	RUN(test_no_home);
	RUN(test_too_long);
	RUN(test_join);
	return CHECK_DONE();
}
