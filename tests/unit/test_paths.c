/* auth/paths.c: where the state and config directories are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Issue 13: a state or config dir another user owns, or that group/other can write, is
 * refused with the fix; a missing one is fine (it is created 0700 on first write). */
static void
test_dir_checks(void)
{
	char dir[] = "/tmp/oc-test-paths.XXXXXX", sub[64], file[64], out[256];
	struct oc_err err = { "" };

	clear_env();
	CHECK(mkdtemp(dir) != NULL);
	snprintf(sub, sizeof(sub), "%s/state", dir);
	snprintf(file, sizeof(file), "%s/file", dir);
	CHECK(paths_state_dir(sub, out, sizeof(out), &err) == 0);	/* missing: fine */
	CHECK(mkdir(sub, 0700) == 0);
	CHECK(paths_state_dir(sub, out, sizeof(out), &err) == 0);
	chmod(sub, 0755);
	CHECK(paths_state_dir(sub, out, sizeof(out), &err) == 0);	/* readable is fine */
	chmod(sub, 0777);
	CHECK(paths_state_dir(sub, out, sizeof(out), &err) == -1);
	CHECK_STR(out, sub);
	CHECK(strstr(err.msg, "state directory") != NULL && strstr(err.msg, "mode 777") != NULL);
	CHECK(strstr(err.msg, "chmod 700 ") != NULL);
	chmod(sub, 0770);
	setenv("OPENCLAW_CONSOLE_CONFIG_DIR", sub, 1);
	CHECK(paths_config_dir(NULL, out, sizeof(out), &err) == -1);
	CHECK(strstr(err.msg, "config directory") != NULL && strstr(err.msg, "chmod 700") != NULL);
	unsetenv("OPENCLAW_CONSOLE_CONFIG_DIR");
	chmod(sub, 0700);
	if (geteuid() == 0 && chown(sub, 65534, 65534) == 0) {
		CHECK(paths_state_dir(sub, out, sizeof(out), &err) == -1);
		CHECK(strstr(err.msg, "owned by uid 65534") != NULL && strstr(err.msg, "chown 0 ") != NULL);
		CHECK(paths_config_dir(sub, out, sizeof(out), &err) == -1);
		CHECK(strstr(err.msg, "--config-dir") != NULL);
		CHECK(chown(sub, 0, 0) == 0);
	}
	CHECK(fclose(fopen(file, "w")) == 0);
	CHECK(paths_state_dir(file, out, sizeof(out), &err) == -1);
	CHECK(strstr(err.msg, "not a directory") != NULL);
	unlink(file);
	rmdir(sub);
	rmdir(dir);
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
	RUN(test_dir_checks);
	RUN(test_join);
	return CHECK_DONE();
}
