/* Where the console keeps its files. */
#ifndef OC_AUTH_PATHS_H
#define OC_AUTH_PATHS_H

#include <stddef.h>

struct oc_err;

/* State dir (identity, device tokens, audit log): explicit (--state-dir), else
 * $OPENCLAW_CONSOLE_STATE_DIR, else $XDG_STATE_HOME/openclaw-console, else
 * $HOME/.local/state/openclaw-console.  Does not create it. 0 or -1 (no HOME). */
int paths_state_dir(const char *explicit_dir, char *out, size_t size, struct oc_err *err);

/* Config dir (config, trusted-services.json, user themes): explicit (--config-dir), else
 * $OPENCLAW_CONSOLE_CONFIG_DIR, else $XDG_CONFIG_HOME/openclaw-console, else
 * $HOME/.config/openclaw-console.  Does not create it. 0 or -1. */
int paths_config_dir(const char *explicit_dir, char *out, size_t size, struct oc_err *err);

/* Join dir and name into out; -1 if it does not fit. */
int paths_join(char *out, size_t size, const char *dir, const char *name);

#endif
