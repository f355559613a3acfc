/* What every command shares: global options, the exit codes, and a synchronous
 * "connect, call, print, exit" runner over the event loop. */
#ifndef OC_TUI_CLI_H
#define OC_TUI_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/identity.h"
#include "net/gwop.h"
#include "net/session.h"

enum exit_code {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,
	EXIT_USAGE = 2,
	EXIT_PAIRING = 3,
	EXIT_AUTH = 4,
	EXIT_PIPE = 141,	/* stdout's reader went away (128 + SIGPIPE, as a shell reports it) */
};

struct opts {
	const char *url;		/* --url, OPENCLAW_GATEWAY_URL, config, default */
	const char *state_dir;		/* --state-dir */
	const char *config_dir;		/* --config-dir */
	const char *token_file;		/* --token-file */
	const char *theme;		/* --theme */
	const char *pin;		/* --pin SHA256 (wss) */
	const char *scopes;		/* --scopes a,b */
	const char *timeout;		/* --timeout SECS for gateway requests */
	bool insecure;			/* --insecure */
	bool json;			/* --json */
	bool help;			/* --help / -h */
	bool no_bell;			/* --no-bell */
	int argc;			/* command arguments left after the global options */
	char **argv;
};

/* Print "openclaw-console: <msg>" on stderr, msg through text_sanitize (one line). */
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print one line on stdout: fmt's expansion through text_sanitize (escape sequences,
 * controls, bidi overrides and invalid UTF-8 removed; a newline inside becomes a space),
 * then '\n'.  Every line a command prints goes through here (or cli_print_json): its
 * strings may come from the gateway or from a file another process wrote. */
void cli_linef(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The first error writing stdout (errno), 0 if none: by the time a command returns, errno
 * says something else.  cli_stdout_note records it after a write; cli_linef and
 * cli_print_json call it, other writers to stdout (tables) call it themselves. */
extern int cli_stdout_errno;
void cli_stdout_note(void);

struct client_config;

/* What every connection of the console shares, whatever the command: the gateway URL,
 * the state dir, the device identity and the shared token. */
struct console_me {
	const char *url;
	char state_dir[4096];
	struct identity id;
	char *token;			/* shared gateway token (sodium memory) or NULL */
	char scopes_buf[16][48];
	const char *scopes[16];
};

/* Resolve the URL and state dir, load (or create) the identity, find the token, and fill
 * cfg to connect as client_id/mode with the requested scopes (defaults, or --scopes).
 * Returns EXIT_OK, or an exit code with the reason printed.  cfg points into me: keep
 * me alive as long as the client.  Release with console_me_free (also after a failure). */
int console_me_setup(struct console_me *me, const struct opts *opts, const char *client_id,
		     const char *mode, struct client_config *cfg);
void console_me_free(struct console_me *me);

struct oneshot {
	struct evloop *loop;
	struct client *client;
	struct console_me me;
	/* a synchronous call in progress */
	bool call_done;
	json_t *call_result;		/* owned reference to the payload on success */
	char call_error[512];
	char call_code[64];
};

/* Load the identity and the token, connect as client_id/mode, and run the loop until the
 * handshake ends.  Returns EXIT_OK when connected; otherwise prints the gateway's reason
 * (or the JSON form with o->json) and returns the exit code.  Always call oneshot_close. */
int oneshot_open(struct oneshot *o, const struct opts *opts, const char *client_id,
		 const char *mode);

/* Call op synchronously (params from its net/gwop.h builder, stolen; NULL = {}).  Returns 0
 * with *result (a new reference, may be JSON null) or -1 with o->call_error ("missing
 * scope: operator.pairing (FORBIDDEN)") filled. */
int oneshot_call(struct oneshot *o, enum gw_op op, json_t *params, json_t **result);

/* Release everything (safe after a failed open). */
void oneshot_close(struct oneshot *o);

/* Resolve the gateway URL: opts->url, else $OPENCLAW_GATEWAY_URL, else the default. */
const char *cli_gateway_url(const struct opts *opts);

/* The platform string the console pins in its pairing record ("linux"). */
const char *cli_platform(void);

/* The gateway port whose records to keep from a log file shared by every gateway on the
 * host (releases that ignore logging.file, from hello-ok's server.version), or 0 when the
 * gateway has its own log. */
int cli_shared_log_port(const char *url, const struct session_result *r);

/* Releases before 2026.9 leave out presence clientId and paired "connected": fill the
 * model m of a one-shot command with the other list too (want: GW_OP_PRESENCE or
 * GW_OP_PAIR_LIST), so the model can work them out.  Does
 * nothing on releases that send them; a refused call (missing scope) is ignored.
 * 0, or -1 when the model ran out of memory. */
struct model;
int oneshot_complete_model(struct oneshot *o, struct model *m, enum gw_op want);

/* Print a JSON value to stdout (indented, one document, newline). */
void cli_print_json(json_t *v);

/* Print a failed handshake: one line on stderr, or a JSON object on stdout with json. */
void cli_report_session(const struct session_result *r, const char *conn_error, bool json);

#endif
