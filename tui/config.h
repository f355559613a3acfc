/* The config file <config dir>/config, curses-free: `key = value` lines (url, theme, bell,
 * refresh, timeout), `bind KEYMAP KEY ACTION` key overrides, `#` comments.  Precedence for every
 * setting: command-line flag > environment > config file > built-in default. */
#ifndef OC_TUI_CONFIG_H
#define OC_TUI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/actions.h"

struct oc_err;
struct opts;

#define CONFIG_MAX_BINDS 64
#define CONFIG_REFRESH_DEFAULT 30	/* seconds between pairing-list refreshes */
#define CONFIG_TIMEOUT_DEFAULT 30	/* seconds before a gateway request is given up */

struct config_bind {
	char keymap[32];	/* "generic" or a view name */
	int code;		/* tui/keys.h code */
	enum action act;	/* ACT_NONE: unbind */
};

struct config {
	char url[512];		/* "" when unset */
	char theme[256];	/* "" when unset */
	int bell;		/* -1 unset, 0 off, 1 on */
	int refresh;		/* seconds, -1 unset */
	int timeout;		/* seconds, -1 unset */
	struct config_bind binds[CONFIG_MAX_BINDS];
	size_t n_binds;
	char dir[4096];		/* the config dir, "" if unknown (no HOME) */
	char path[4096];	/* the file read, "" if none */
};

/* The resolved settings of this run (filled by config_setup). */
extern struct config config_current;

/* Empty c (everything unset). */
void config_init(struct config *c);

/* Apply the text of a config file to c.  Returns 0, or -1 with err = "PATH:LINE: what is
 * wrong" for the first bad line (unknown key, bad value, unknown key spec or action). */
int config_parse_buf(struct config *c, const char *text, const char *path, struct oc_err *err);

/* Read path into c; a missing file is not an error (0, c unchanged).  -1 with err. */
int config_load_file(struct config *c, const char *path, struct oc_err *err);

/* Fill what o leaves unset, flag > environment (getenv_fn, e.g. getenv) > c > default:
 * o->url (OPENCLAW_GATEWAY_URL), o->theme (OPENCLAW_CONSOLE_THEME), o->no_bell
 * (OPENCLAW_CONSOLE_BELL=on|off), c->refresh (OPENCLAW_CONSOLE_REFRESH) and c->timeout
 * (o->timeout, OPENCLAW_CONSOLE_TIMEOUT).  Strings in o point into c or the environment.
 * 0, or -1 with err for a bad flag or environment value. */
int config_apply(struct config *c, struct opts *o, char *(*getenv_fn)(const char *),
		 struct oc_err *err);

/* Load <config dir>/config (o->config_dir or the default), apply it to o, install its key
 * overrides and keep the result in config_current.  0, or -1 with err. */
int config_setup(struct opts *o, struct oc_err *err);

/* Seconds between periodic refreshes of this run (config_current, else the default). */
int config_refresh_seconds(void);

/* Seconds before a gateway request of this run is given up (config_current, else the default). */
int config_timeout_seconds(void);

#endif
