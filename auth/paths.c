#include "auth/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/err.h"

/* getenv that treats an empty value as unset. */
static const char *
paths_env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* explicit, else $env_var, else $xdg_var/openclaw-console, else $HOME/home_rel. */
static int
paths_resolve(const char *explicit_dir, const char *env_var, const char *xdg_var,
	      const char *home_rel, char *out, size_t size, struct oc_err *err)
{
	const char *v;
	int n;

	if (explicit_dir && *explicit_dir)
		n = snprintf(out, size, "%s", explicit_dir);
	else if ((v = paths_env(env_var)))
		n = snprintf(out, size, "%s", v);
	else if ((v = paths_env(xdg_var)) && v[0] == '/')	/* XDG: relative values are ignored */
		n = snprintf(out, size, "%s/openclaw-console", v);
	else if ((v = paths_env("HOME")))
		n = snprintf(out, size, "%s/%s", v, home_rel);
	else
		return oc_errf(err, "HOME is not set; set %s or pass the directory explicitly",
			       env_var);
	if (n < 0 || (size_t)n >= size)
		return oc_errf(err, "directory path too long (from %s)",
			       explicit_dir && *explicit_dir ? "the command line" : env_var);
	return 0;
}

int
paths_state_dir(const char *explicit_dir, char *out, size_t size, struct oc_err *err)
{
	return paths_resolve(explicit_dir, "OPENCLAW_CONSOLE_STATE_DIR", "XDG_STATE_HOME",
			     ".local/state/openclaw-console", out, size, err);
}

int
paths_config_dir(const char *explicit_dir, char *out, size_t size, struct oc_err *err)
{
	return paths_resolve(explicit_dir, "OPENCLAW_CONSOLE_CONFIG_DIR", "XDG_CONFIG_HOME",
			     ".config/openclaw-console", out, size, err);
}

int
paths_join(char *out, size_t size, const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	int n;

	if (dl > 0 && dir[dl - 1] == '/')
		n = snprintf(out, size, "%s%s", dir, name);
	else
		n = snprintf(out, size, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= size) {
		if (size > 0)
			out[0] = '\0';
		return -1;
	}
	return 0;
}
