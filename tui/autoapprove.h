/* The approval agent's glue, shared by the console (Trusted view) and the headless
 * `openclaw-console agent`: the auth/agent.h decision for each pending request,
 * device.pair.approve for the approved ones (never twice), the audit log
 * (<state_dir>/audit.jsonl) and a short memory of flagged requests for the views. */
#ifndef OC_TUI_AUTOAPPROVE_H
#define OC_TUI_AUTOAPPROVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/trusted.h"

struct client;
struct model;

#define AUTOAPPROVE_MAX_FLAGS 32

struct autoapprove_flag {
	char request_id[72];
	char who[160];		/* "client/mode device 0123abcd…" for display */
	char entry[65];
	char reason[256];
};

/* How the agent tells what it does; either may be NULL.  Messages are sanitised. */
struct autoapprove_hooks {
	/* one sentence for a status line after every flag, approval and failure
	 * (ok false for a flag or a failure) */
	void (*report)(void *ctx, bool ok, const char *msg);
	/* the full log for the headless agent: every changed verdict (ignored requests
	 * too, with device, client and scopes), approve results and allowlist reloads */
	void (*log)(void *ctx, const char *line);
	void *ctx;
};

struct autoapprove_seen;

struct autoapprove {
	char trusted_path[4200];
	char audit_path[4200];
	struct trusted_list list;	/* the allowlist as last loaded */
	bool have_file, file_bad;
	char file_error[256];		/* why the file was refused, "" when fine */
	int64_t mtime_ns;
	long long size;
	struct autoapprove_seen *seen;
	size_t n_seen;
	struct autoapprove_flag flags[AUTOAPPROVE_MAX_FLAGS];	/* newest last */
	size_t n_flags;
	struct autoapprove_hooks hooks;
};

/* Set paths (config dir for the allowlist, state dir for the audit log) and load the
 * allowlist.  0, or -1 when a path is too long (err). */
int autoapprove_init(struct autoapprove *aa, const char *config_dir, const char *state_dir,
		     const struct autoapprove_hooks *hooks, struct oc_err *err);

/* Reload the allowlist when the file changed (or force).  1 reloaded, 0 unchanged, -1 the
 * file is bad (then nothing is approved and file_error says why). */
int autoapprove_reload(struct autoapprove *aa, bool force);

/* Decide for every pending request of m not decided before in the same way, on its
 * effective grant (m's paired record of the device counts); approve through c.  now_ms:
 * wall clock. */
void autoapprove_run(struct autoapprove *aa, struct client *c, const struct model *m,
		     int64_t now_ms);

/* The flag recorded for request_id, or NULL. */
const struct autoapprove_flag *autoapprove_flag_find(const struct autoapprove *aa,
						     const char *request_id);

/* Free everything (the struct can be init'ed again). */
void autoapprove_free(struct autoapprove *aa);

#endif
