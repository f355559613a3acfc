/* The config file: precedence flag > environment > file > default, every kind of bad line
 * names file:line, and key overrides use the built-in key-spec parser (the whole built-in
 * table round-trips through `bind` lines).  tui/config.c and tui/keys.c are curses-free,
 * so they are compiled in here directly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/check.h"
#include "tests/unit/files.h"
#include "tui/config.c"
#include "tui/keys.c"

/* A fake environment for config_apply. */
static const char *fake_env[8][2];

static char *
fake_getenv(const char *name)
{
	for (size_t i = 0; i < 8 && fake_env[i][0]; i++)
		if (strcmp(fake_env[i][0], name) == 0)
			return (char *)(uintptr_t)fake_env[i][1];
	return NULL;
}

static void
env_set(size_t i, const char *name, const char *value)
{
	fake_env[i][0] = name;
	fake_env[i][1] = value;
	if (i + 1 < 8)
		fake_env[i + 1][0] = NULL;
}

static void
parse_ok(struct config *c, const char *text)
{
	struct oc_err err = { "" };

	config_init(c);
	CHECK(config_parse_buf(c, text, "config", &err) == 0);
	if (err.msg[0])
		printf("# %s\n", err.msg);
}

static void
test_parse_values(void)
{
	struct config c;

	parse_ok(&c, "# console settings\n\nurl = ws://gw.example:18789 \n  theme=light\n"
		     "bell = off   # quiet\nrefresh = 15\n");
	CHECK_STR(c.url, "ws://gw.example:18789");
	CHECK_STR(c.theme, "light");
	CHECK(c.bell == 0);
	CHECK(c.refresh == 15);
	CHECK(c.n_binds == 0);
	parse_ok(&c, "url = ws://h/#frag\nbell = on\n");
	CHECK_STR(c.url, "ws://h/#frag");	/* '#' inside a value is not a comment */
	CHECK(c.bell == 1);
	CHECK(c.refresh == -1);
	CHECK_STR(c.theme, "");
	/* the boolean words of every setting (auth/boolword) */
	parse_ok(&c, "bell = false\n");
	CHECK(c.bell == 0);
	parse_ok(&c, "bell = yes\n");
	CHECK(c.bell == 1);
}

static void
test_precedence(void)
{
	struct config c;
	struct opts o;
	struct oc_err err = { "" };

	/* file only: file wins over the default */
	parse_ok(&c, "url = ws://file:1\ntheme = mono\nbell = off\nrefresh = 10\n");
	memset(&o, 0, sizeof(o));
	env_set(0, NULL, NULL);
	CHECK(config_apply(&c, &o, fake_getenv, &err) == 0);
	CHECK_STR(o.url, "ws://file:1");
	CHECK_STR(o.theme, "mono");
	CHECK(o.no_bell);
	CHECK(c.refresh == 10);

	/* environment over file: the URL is left for cli_gateway_url to take from the env */
	parse_ok(&c, "url = ws://file:1\ntheme = mono\nbell = off\nrefresh = 10\n");
	memset(&o, 0, sizeof(o));
	env_set(0, "OPENCLAW_GATEWAY_URL", "ws://env:2");
	env_set(1, "OPENCLAW_CONSOLE_THEME", "light");
	env_set(2, "OPENCLAW_CONSOLE_BELL", "on");
	env_set(3, "OPENCLAW_CONSOLE_REFRESH", "20");
	CHECK(config_apply(&c, &o, fake_getenv, &err) == 0);
	CHECK(o.url == NULL);
	CHECK_STR(o.theme, "light");
	CHECK(!o.no_bell);
	CHECK(c.refresh == 20);

	/* flags over everything */
	parse_ok(&c, "url = ws://file:1\ntheme = mono\nbell = on\n");
	memset(&o, 0, sizeof(o));
	o.url = "ws://flag:3";
	o.theme = "high-contrast";
	o.no_bell = true;
	CHECK(config_apply(&c, &o, fake_getenv, &err) == 0);
	CHECK_STR(o.url, "ws://flag:3");
	CHECK_STR(o.theme, "high-contrast");
	CHECK(o.no_bell);

	/* nothing anywhere: defaults */
	parse_ok(&c, "");
	memset(&o, 0, sizeof(o));
	env_set(0, "OPENCLAW_CONSOLE_THEME", "");	/* empty = unset */
	CHECK(config_apply(&c, &o, fake_getenv, &err) == 0);
	CHECK(o.url == NULL && o.theme == NULL && !o.no_bell);
	config_current = c;
	CHECK(config_refresh_seconds() == CONFIG_REFRESH_DEFAULT);

	/* a bad environment value is an error, not silently ignored */
	env_set(0, "OPENCLAW_CONSOLE_BELL", "loud");
	CHECK(config_apply(&c, &o, fake_getenv, &err) == -1);
	CHECK_STR(err.msg, "OPENCLAW_CONSOLE_BELL must be on or off, not \"loud\"");
	env_set(0, NULL, NULL);
}

static const char *
parse_error(const char *text)
{
	static struct oc_err err;
	struct config c;

	config_init(&c);
	err.msg[0] = '\0';
	if (config_parse_buf(&c, text, "/home/u/.config/openclaw-console/config", &err) == 0)
		return "";
	return strstr(err.msg, "config:") ? strstr(err.msg, "config:") : err.msg;
}

/* --timeout > OPENCLAW_CONSOLE_TIMEOUT > config timeout > 30 s; bad values are errors. */
static void
test_timeout_precedence(void)
{
	struct config c;
	struct opts o;
	struct oc_err err = { "" };

	parse_ok(&c, "");
	memset(&o, 0, sizeof(o));
	env_set(0, NULL, NULL);
	CHECK(config_apply(&c, &o, fake_getenv, &err) == 0);
	config_current = c;
	CHECK(config_timeout_seconds() == CONFIG_TIMEOUT_DEFAULT);

	parse_ok(&c, "timeout = 12\n");
	CHECK(config_apply(&c, &o, fake_getenv, &err) == 0);
	config_current = c;
	CHECK(config_timeout_seconds() == 12);

	env_set(0, "OPENCLAW_CONSOLE_TIMEOUT", "7");
	CHECK(config_apply(&c, &o, fake_getenv, &err) == 0);
	CHECK(c.timeout == 7);

	o.timeout = "3";
	CHECK(config_apply(&c, &o, fake_getenv, &err) == 0);
	CHECK(c.timeout == 3);

	o.timeout = "3s";
	CHECK(config_apply(&c, &o, fake_getenv, &err) == -1);
	CHECK_STR(err.msg, "--timeout must be whole seconds (1..86400), not \"3s\"");
	o.timeout = NULL;
	env_set(0, "OPENCLAW_CONSOLE_TIMEOUT", "0");
	CHECK(config_apply(&c, &o, fake_getenv, &err) == -1);
	CHECK_STR(err.msg, "OPENCLAW_CONSOLE_TIMEOUT must be whole seconds (1..86400), not \"0\"");
	env_set(0, NULL, NULL);
	CHECK_STR(parse_error("timeout = -1\n"), "config:1: timeout must be whole seconds (1..86400), not \"-1\"");
	config_init(&config_current);
}

static void
test_bad_lines(void)
{
	CHECK_STR(parse_error("# ok\ncolour = red\n"),
		  "config:2: unknown key \"colour\" (url, theme, bell, refresh, timeout, bind)");
	CHECK_STR(parse_error("\n\nbell = maybe\n"), "config:3: bell must be on or off, not \"maybe\"");
	CHECK_STR(parse_error("refresh = 0\n"), "config:1: refresh must be whole seconds (1..86400), not \"0\"");
	CHECK_STR(parse_error("refresh = 5s\n"), "config:1: refresh must be whole seconds (1..86400), not \"5s\"");
	CHECK_STR(parse_error("url =\n"), "config:1: url needs a value");
	CHECK_STR(parse_error("theme light\n"),
		  "config:1: expected \"key = value\" or \"bind KEYMAP KEY ACTION\"");
	CHECK_STR(parse_error("bind generic x\n"), "config:1: expected \"bind KEYMAP KEY ACTION\"");
	CHECK_STR(parse_error("bind generic <Foo> quit\n"),
		  "config:1: unknown key \"<Foo>\" (use j, <Enter>, <C-l>, <F5> ...)");
	CHECK_STR(parse_error("bind generic x explode\n"),
		  "config:1: unknown action \"explode\" (see openclaw-console --list-keys)");
	CHECK_STR(parse_error("bind nosuchview x quit\n"), "config:1: unknown keymap \"nosuchview\"");
}

static void
test_builtin_table_round_trips(void)
{
	static char text[16384];
	struct config c;
	enum action before[256];
	size_t len = 0;

	for (size_t i = 0; i < keys_count; i++) {
		const struct action_info *ai = action_get(keys_table[i].act);

		CHECK(ai != NULL);
		if (!ai)
			return;
		len += (size_t)snprintf(text + len, sizeof(text) - len, "bind %s %s %s\n",
					keys_table[i].keymap, keys_table[i].key, ai->name);
		before[i] = keys_lookup(keys_table[i].keymap, keys_parse(keys_table[i].key));
	}
	CHECK(len < sizeof(text) && keys_count <= 256);
	parse_ok(&c, text);
	/* duplicate (keymap, key) pairs collapse to one bind, so count distinct pairs */
	for (size_t i = 0; i < c.n_binds; i++) {
		char name[32];
		size_t j;

		for (j = 0; j < keys_count; j++)
			if (strcmp(keys_table[j].keymap, c.binds[i].keymap) == 0 &&
			    keys_parse(keys_table[j].key) == c.binds[i].code)
				break;
		CHECK(j < keys_count);
		if (j == keys_count)
			continue;
		CHECK_STR(keys_name(c.binds[i].code, name, sizeof(name)), keys_table[j].key);
		CHECK(c.binds[i].act == keys_table[j].act);
	}
	for (size_t i = 0; i < c.n_binds; i++)
		CHECK(keys_bind(c.binds[i].keymap, c.binds[i].code, c.binds[i].act) == 0);
	for (size_t i = 0; i < keys_count; i++)
		CHECK(keys_lookup(keys_table[i].keymap, keys_parse(keys_table[i].key)) == before[i]);
}

static void
test_setup_reads_config_dir_and_overrides_keys(void)
{
	char dir[] = "/tmp/oc-config-test.XXXXXX", path[300];
	struct opts o;
	struct oc_err err = { "" };

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/config", dir);
	write_text(path, "theme = solarized-dark\nbell = off\nrefresh = 7\n"
			 "bind generic x quit\nbind generic q none\nbind connections <F5> refresh\n");
	unsetenv("OPENCLAW_CONSOLE_THEME");
	unsetenv("OPENCLAW_CONSOLE_BELL");
	unsetenv("OPENCLAW_CONSOLE_REFRESH");
	memset(&o, 0, sizeof(o));
	o.config_dir = dir;
	CHECK(config_setup(&o, &err) == 0);
	CHECK_STR(o.theme, "solarized-dark");
	CHECK(o.no_bell);
	CHECK(config_refresh_seconds() == 7);
	CHECK_STR(config_current.dir, dir);
	CHECK(keys_lookup("connections", 'x') == ACT_QUIT);
	CHECK(keys_lookup("generic", 'q') == ACT_NONE);
	CHECK(keys_lookup("connections", KEYC_F1 + 4) == ACT_REFRESH);
	CHECK(keys_lookup("help", 'q') == ACT_BACK);	/* other keymaps keep their own */
	keys_bind("generic", 'q', ACT_QUIT);

	/* a bad line: the error names the file and line */
	write_text(path, "theme = light\nbell = sometimes\n");
	memset(&o, 0, sizeof(o));
	o.config_dir = dir;
	CHECK(config_setup(&o, &err) == -1);
	CHECK(strstr(err.msg, "/config:2: bell must be on or off") != NULL);
	CHECK(strncmp(err.msg, dir, strlen(dir)) == 0);

	/* no file at all is fine */
	unlink(path);
	memset(&o, 0, sizeof(o));
	o.config_dir = dir;
	CHECK(config_setup(&o, &err) == 0);
	CHECK(o.theme == NULL && !o.no_bell);
	CHECK_STR(config_current.path, "");
	rmdir(dir);
}

/* Issue 13: a config file another user controls is refused, not obeyed (a link to a
 * 0666 file of another user redirected url, and the shared token went with it). */
static void
test_foreign_config_refused(void)
{
	char dir[] = "/tmp/oc-config-test.XXXXXX", path[300], other[300];
	struct opts o;
	struct oc_err err = { "" };

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/config", dir);
	snprintf(other, sizeof(other), "%s/elsewhere", dir);
	write_text(other, "url = ws://127.0.0.1:9/\n");
	chmod(other, 0666);
	CHECK(symlink(other, path) == 0);
	unsetenv("OPENCLAW_GATEWAY_URL");
	memset(&o, 0, sizeof(o));
	o.config_dir = dir;
	CHECK(config_setup(&o, &err) == -1);
	CHECK(o.url == NULL);
	CHECK(strstr(err.msg, "writable by group/other") != NULL);
	CHECK(strstr(err.msg, "chmod go-w") != NULL);
	chmod(other, 0644);
	if (geteuid() == 0 && chown(other, 65534, 65534) == 0) {
		memset(&o, 0, sizeof(o));
		o.config_dir = dir;
		CHECK(config_setup(&o, &err) == -1);
		CHECK(o.url == NULL);
		CHECK(strstr(err.msg, "owned by uid 65534") != NULL);
		CHECK(chown(other, 0, 0) == 0);
	}
	memset(&o, 0, sizeof(o));	/* our own 0644 file, through the link: fine */
	o.config_dir = dir;
	CHECK(config_setup(&o, &err) == 0);
	CHECK(o.url != NULL && strcmp(o.url, "ws://127.0.0.1:9/") == 0);
	unlink(path);
	unlink(other);
	rmdir(dir);
}

int
main(void)
{
	RUN(test_parse_values);
	RUN(test_precedence);
	RUN(test_timeout_precedence);
	RUN(test_bad_lines);
	RUN(test_builtin_table_round_trips);
	RUN(test_setup_reads_config_dir_and_overrides_keys);
	RUN(test_foreign_config_refused);
	return CHECK_DONE();
}
