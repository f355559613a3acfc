#include "tui/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/boolword.h"
#include "auth/err.h"
#include "auth/fileio.h"
#include "auth/paths.h"
#include "tui/cli.h"
#include "tui/keys.h"

#define CONFIG_FILE_MAX (64 * 1024)

struct config config_current = { .bell = -1, .refresh = -1, .timeout = -1 };

void
config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->bell = -1;
	c->refresh = -1;
	c->timeout = -1;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Seconds 1..86400, or -1. */
static int
parse_seconds(const char *v)
{
	char *end;
	long n;

	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	return errno || *end || n < 1 || n > 86400 ? -1 : (int)n;
}

static bool
known_keymap(const char *name)
{
	for (size_t i = 0; i < keys_count; i++)
		if (strcmp(keys_table[i].keymap, name) == 0)
			return true;
	return false;
}

static int
parse_bind(struct config *c, char *rest, const char *path, int lineno, struct oc_err *err)
{
	char *w[4];
	size_t n = 0;
	int code;
	enum action act;
	struct config_bind *b = NULL;

	while (n < 4) {
		while (*rest == ' ' || *rest == '\t')
			rest++;
		if (!*rest)
			break;
		w[n++] = rest;
		rest += strcspn(rest, " \t");
		if (*rest)
			*rest++ = '\0';
	}
	if (n != 3)
		return oc_errf(err, "%s:%d: expected \"bind KEYMAP KEY ACTION\"", path, lineno);
	if (!known_keymap(w[0]) || strlen(w[0]) >= sizeof(b->keymap))
		return oc_errf(err, "%s:%d: unknown keymap \"%.40s\"", path, lineno, w[0]);
	code = keys_parse(w[1]);
	if (code < 0)
		return oc_errf(err, "%s:%d: unknown key \"%.40s\" (use j, <Enter>, <C-l>, <F5> ...)",
			       path, lineno, w[1]);
	act = action_find(w[2]);
	if (act == ACT_NONE && strcmp(w[2], "none") != 0)
		return oc_errf(err, "%s:%d: unknown action \"%.40s\" (see openclaw-console --list-keys)",
			       path, lineno, w[2]);
	for (size_t i = 0; i < c->n_binds && !b; i++)
		if (c->binds[i].code == code && strcmp(c->binds[i].keymap, w[0]) == 0)
			b = &c->binds[i];
	if (!b) {
		if (c->n_binds >= CONFIG_MAX_BINDS)
			return oc_errf(err, "%s:%d: more than %d bind lines", path, lineno, CONFIG_MAX_BINDS);
		b = &c->binds[c->n_binds++];
	}
	snprintf(b->keymap, sizeof(b->keymap), "%s", w[0]);
	b->code = code;
	b->act = act;
	return 0;
}

/* A fileio_line_fn: ctx is the struct config. */
static int
parse_line(void *ctx, char *line, const char *path, int lineno, struct oc_err *err)
{
	struct config *c = ctx;
	char *s = trim(line), *eq, *key, *val;

	/* '#' starts a comment at the start of a line or after a blank */
	for (char *p = s; *p; p++)
		if (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	s = trim(s);
	if (!*s)
		return 0;
	if (strncmp(s, "bind", 4) == 0 && (s[4] == ' ' || s[4] == '\t'))
		return parse_bind(c, s + 4, path, lineno, err);
	eq = strchr(s, '=');
	if (!eq)
		return oc_errf(err, "%s:%d: expected \"key = value\" or \"bind KEYMAP KEY ACTION\"", path, lineno);
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	if (strcmp(key, "url") == 0 || strcmp(key, "theme") == 0) {
		char *dst = key[0] == 'u' ? c->url : c->theme;
		size_t size = key[0] == 'u' ? sizeof(c->url) : sizeof(c->theme);

		if (!*val)
			return oc_errf(err, "%s:%d: %s needs a value", path, lineno, key);
		if (strlen(val) >= size)
			return oc_errf(err, "%s:%d: %s is too long", path, lineno, key);
		memcpy(dst, val, strlen(val) + 1);
	} else if (strcmp(key, "bell") == 0) {
		if ((c->bell = boolword_parse(val)) < 0)
			return oc_errf(err, "%s:%d: bell must be on or off, not \"%.40s\"", path, lineno, val);
	} else if (strcmp(key, "refresh") == 0 || strcmp(key, "timeout") == 0) {
		int *dst = key[0] == 'r' ? &c->refresh : &c->timeout;

		if ((*dst = parse_seconds(val)) < 0)
			return oc_errf(err, "%s:%d: %s must be whole seconds (1..86400), not \"%.40s\"",
				       path, lineno, key, val);
	} else {
		return oc_errf(err, "%s:%d: unknown key \"%.40s\" (url, theme, bell, refresh, timeout, bind)",
			       path, lineno, key);
	}
	return 0;
}

int
config_parse_buf(struct config *c, const char *text, const char *path, struct oc_err *err)
{
	return fileio_each_line(text, 1024, path, parse_line, c, err);
}

int
config_load_file(struct config *c, const char *path, struct oc_err *err)
{
	/* The config picks the gateway the token is sent to: a file another user can
	 * write (or a link to one) is refused, not obeyed. */
	int rc = fileio_read_lines_trusted(path, CONFIG_FILE_MAX, 1024, parse_line, c, err);

	if (rc < 0)
		return -1;
	if (rc > 0)
		snprintf(c->path, sizeof(c->path), "%s", path);
	return 0;
}

/* getenv_fn(name), with an empty value treated as unset. */
static const char *
env_of(char *(*getenv_fn)(const char *), const char *name)
{
	const char *v = getenv_fn ? getenv_fn(name) : NULL;

	return v && *v ? v : NULL;
}

int
config_apply(struct config *c, struct opts *o, char *(*getenv_fn)(const char *), struct oc_err *err)
{
	const char *v;

	if (!o->url && !env_of(getenv_fn, "OPENCLAW_GATEWAY_URL") && c->url[0])
		o->url = c->url;
	if (!o->theme)
		o->theme = (v = env_of(getenv_fn, "OPENCLAW_CONSOLE_THEME")) ? v : c->theme[0] ? c->theme : NULL;
	if (!o->no_bell) {
		int bell = c->bell;

		if ((v = env_of(getenv_fn, "OPENCLAW_CONSOLE_BELL")) && (bell = boolword_parse(v)) < 0)
			return oc_errf(err, "OPENCLAW_CONSOLE_BELL must be on or off, not \"%.40s\"", v);
		o->no_bell = bell == 0;
	}
	if ((v = env_of(getenv_fn, "OPENCLAW_CONSOLE_REFRESH"))) {
		int secs = parse_seconds(v);

		if (secs < 0)
			return oc_errf(err, "OPENCLAW_CONSOLE_REFRESH must be whole seconds (1..86400), not \"%.40s\"", v);
		c->refresh = secs;
	}
	if ((v = o->timeout) || (v = env_of(getenv_fn, "OPENCLAW_CONSOLE_TIMEOUT"))) {
		int secs = parse_seconds(v);

		if (secs < 0)
			return oc_errf(err, "%s must be whole seconds (1..86400), not \"%.40s\"",
				       o->timeout ? "--timeout" : "OPENCLAW_CONSOLE_TIMEOUT", v);
		c->timeout = secs;
	}
	return 0;
}

int
config_setup(struct opts *o, struct oc_err *err)
{
	struct config *c = &config_current;
	char path[4200];

	config_init(c);
	if (paths_config_dir(o->config_dir, c->dir, sizeof(c->dir), err) < 0) {
		/* c->dir set: it exists and another user could write it.  Unset: no HOME,
		 * so no config dir, and the built-in defaults apply. */
		if (c->dir[0])
			return -1;
	} else if (paths_join(path, sizeof(path), c->dir, "config") == 0 &&
		   config_load_file(c, path, err) < 0) {
		return -1;
	}
	if (config_apply(c, o, getenv, err) < 0)
		return -1;
	for (size_t i = 0; i < c->n_binds; i++)
		if (keys_bind(c->binds[i].keymap, c->binds[i].code, c->binds[i].act) < 0)
			return oc_errf(err, "%s: too many key overrides", c->path);
	return 0;
}

int
config_refresh_seconds(void)
{
	return config_current.refresh > 0 ? config_current.refresh : CONFIG_REFRESH_DEFAULT;
}

int
config_timeout_seconds(void)
{
	return config_current.timeout > 0 ? config_current.timeout : CONFIG_TIMEOUT_DEFAULT;
}
