/* Where the console keeps its files. */
#ifndef OC_AUTH_PATHS_H
#define OC_AUTH_PATHS_H

#include <stddef.h>

struct oc_err;

/* State dir (identity, device tokens, audit log): explicit (--state-dir), else
 * $OPENCLAW_CONSOLE_STATE_DIR, else $XDG_STATE_HOME/openclaw-console, else
 * $HOME/.local/state/openclaw-console.  Does not create it (fileio_mkdir_private makes
 * it 0700 on first write).  0, or -1: no HOME (out ""), or the directory exists and is
 * refused by paths_check_dir (out names it, err says why and how to fix it). */
int paths_state_dir(const char *explicit_dir, char *out, size_t size, struct oc_err *err);

/* Config dir (config, trusted-services.json, user themes): explicit (--config-dir), else
 * $OPENCLAW_CONSOLE_CONFIG_DIR, else $XDG_CONFIG_HOME/openclaw-console, else
 * $HOME/.config/openclaw-console.  Does not create it.  0 or -1 as paths_state_dir. */
int paths_config_dir(const char *explicit_dir, char *out, size_t size, struct oc_err *err);

/* Refuse an existing directory that another user owns or group/other can write: its
 * files could be replaced under us.  A missing one is fine (0).  what ("state") and
 * option ("--state-dir") word the one-line error, which ends with the fix. */
int paths_check_dir(const char *dir, const char *what, const char *option, struct oc_err *err);

/* Join dir and name into out; -1 if it does not fit. */
int paths_join(char *out, size_t size, const char *dir, const char *name);

#endif
