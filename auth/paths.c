#include "auth/paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

	out[0] = '\0';
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
	if (n < 0 || (size_t)n >= size) {
		out[0] = '\0';
		return oc_errf(err, "directory path too long (from %s)",
			       explicit_dir && *explicit_dir ? "the command line" : env_var);
	}
	return 0;
}

int
paths_check_dir(const char *dir, const char *what, const char *option, struct oc_err *err)
{
	struct stat st;

	if (stat(dir, &st) != 0) {
		if (errno == ENOENT)
			return 0;	/* created 0700 by whoever first writes into it */
		return oc_errf(err, "cannot use %s directory %s: %s", what, dir, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return oc_errf(err, "%s directory %s is not a directory (remove it, or use %s DIR)",
			       what, dir, option);
	/* Whoever can write the directory can replace the identity, the tokens, the config
	 * or the allowlist in it, whatever the files' own modes say. */
	if (st.st_uid != geteuid())
		return oc_errf(err, "%s directory %s is owned by uid %ld, not you (uid %ld); "
			       "fix with: chown %ld %s (or use %s DIR)", what, dir, (long)st.st_uid,
			       (long)geteuid(), (long)geteuid(), dir, option);
	if (st.st_mode & 022)
		return oc_errf(err, "%s directory %s is writable by group/other (mode %03o); "
			       "fix with: chmod 700 %s", what, dir, (unsigned)(st.st_mode & 0777), dir);
	return 0;
}

int
paths_state_dir(const char *explicit_dir, char *out, size_t size, struct oc_err *err)
{
	if (paths_resolve(explicit_dir, "OPENCLAW_CONSOLE_STATE_DIR", "XDG_STATE_HOME",
			  ".local/state/openclaw-console", out, size, err) < 0)
		return -1;
	return paths_check_dir(out, "state", "--state-dir", err);
}

int
paths_config_dir(const char *explicit_dir, char *out, size_t size, struct oc_err *err)
{
	if (paths_resolve(explicit_dir, "OPENCLAW_CONSOLE_CONFIG_DIR", "XDG_CONFIG_HOME",
			  ".config/openclaw-console", out, size, err) < 0)
		return -1;
	return paths_check_dir(out, "config", "--config-dir", err);
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
