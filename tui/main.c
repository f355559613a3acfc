/* openclaw-console: arguments, then one command.  No command opens the TUI. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "auth/err.h"
#include "auth/secmem.h"
#include "tui/commands.h"
#include "tui/config.h"

const struct command commands[] = {
	{ "tui", cmd_tui, "", "open the interactive console (the default)" },
	{ "list-keys", cmd_list_keys, "", "print the key bindings of the interactive console" },
	{ "status", cmd_status, "[--json]", "connect and print the server version, granted role and scopes" },
	{ "identity", cmd_identity, "[--json]", "print the console's device id and public key" },
	{ "connections", cmd_connections, "[--json] [--all]", "list live connections from the gateway's presence" },
	{ "devices", cmd_devices, "list|approve|reject|remove|revoke ...", "pairing requests and paired devices (devices help)" },
	{ "trusted", cmd_trusted, "list|add|remove|policy ...", "the trusted-services allowlist and the gateway pairing policy (trusted help)" },
	{ "explain", cmd_explain, "[--client-id ID] [--mode M] [--auth K] [--device D] ...", "predict how the gateway treats a handshake, and why (explain help)" },
	{ "rejections", cmd_rejections, "[--json] [--follow]", "rejected handshakes from the gateway log (logs.tail)" },
	{ "agent", cmd_agent, "", "run the auto-approval agent headless until SIGTERM" },
	{ NULL, NULL, NULL, NULL },
};

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: openclaw-console [OPTIONS] [COMMAND [ARGS]]\n"
		"\n"
		"An operator console for the OpenClaw gateway: live connections, device pairing,\n"
		"rejected handshakes and the trusted-services allowlist.\n"
		"\n"
		"commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-12s %s\n", c->name, c->summary);
	/* synopses in their own block, so a long one cannot push the summaries out of line */
	fprintf(f, "\narguments (COMMAND --help for more):\n");
	for (const struct command *c = commands; c->name; c++)
		if (c->synopsis[0])
			fprintf(f, "  %-12s %s\n", c->name, c->synopsis);
	fprintf(f,
		"\n"
		"options:\n"
		"  --url URL          gateway WebSocket URL (env OPENCLAW_GATEWAY_URL, config url;\n"
		"                     default ws://127.0.0.1:18789)\n"
		"  --token-file FILE  read the gateway token from FILE (else env OPENCLAW_GATEWAY_TOKEN,\n"
		"                     else gateway.auth.token in $OPENCLAW_CONFIG_PATH or ~/.openclaw/openclaw.json)\n"
		"  --state-dir DIR    identity and device tokens (env OPENCLAW_CONSOLE_STATE_DIR)\n"
		"  --config-dir DIR   config, themes, trusted services (env OPENCLAW_CONSOLE_CONFIG_DIR)\n"
		"  --scopes LIST      scopes to request (default operator.read,operator.write,operator.pairing,operator.admin)\n"
		"  --insecure         allow a token over plain ws:// to a non-loopback host\n"
		"  --pin SHA256       wss: require this SHA-256 of the server's public key\n"
		"  --timeout SECS     give up on a gateway request after SECS (env OPENCLAW_CONSOLE_TIMEOUT,\n"
		"                     config timeout; default 30)\n"
		"  --theme NAME|PATH  colour theme: default, light, solarized-dark, high-contrast, mono,\n"
		"                     or a file (env OPENCLAW_CONSOLE_THEME, config theme)\n"
		"  --no-bell          do not ring the bell on new pairing requests (config bell = off)\n"
		"  --list-keys        print the key bindings of the interactive console\n"
		"  --json             machine-readable output (commands)\n"
		"  -h, --help         this help; COMMAND --help for a command\n"
		"  -V, --version      print the version\n"
		"\n"
		"exit status: 0 ok, 1 runtime error (also: stdout could not be written), 2 usage,\n"
		"3 pairing required or pending, 4 authentication refused, 141 stdout's reader went\n"
		"away.  Settings: flag > environment > <config dir>/config > default.\n"
		"See openclaw-console(1).\n");
}

/* Options that take a value, and where it goes. */
static const char **
value_slot(struct opts *o, const char *name)
{
	static const struct {
		const char *name;
		size_t off;
	} table[] = {
		{ "url", offsetof(struct opts, url) },
		{ "state-dir", offsetof(struct opts, state_dir) },
		{ "config-dir", offsetof(struct opts, config_dir) },
		{ "token-file", offsetof(struct opts, token_file) },
		{ "theme", offsetof(struct opts, theme) },
		{ "pin", offsetof(struct opts, pin) },
		{ "scopes", offsetof(struct opts, scopes) },
		{ "timeout", offsetof(struct opts, timeout) },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(name, table[i].name) == 0)
			return (const char **)(void *)((char *)o + table[i].off);
	return NULL;
}

/* Pull the global options out of argv wherever they are; the rest (the command and its
 * own arguments) is left in order in o->argv.  -1 on a usage error (already printed). */
static int
parse_global(struct opts *o, int argc, char **argv)
{
	int out = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		char name[64];
		const char *eqv = NULL;
		const char **slot;

		if (strcmp(a, "--") == 0) {
			while (++i < argc)
				argv[out++] = argv[i];
			break;
		}
		if (strncmp(a, "--", 2) != 0) {
			if (strcmp(a, "-h") == 0)
				o->help = true;
			else
				argv[out++] = argv[i];
			continue;
		}
		snprintf(name, sizeof(name), "%s", a + 2);
		if (strchr(name, '=')) {
			eqv = strchr(a, '=') + 1;
			*strchr(name, '=') = '\0';
		}
		if (strcmp(name, "token") == 0 || strcmp(name, "password") == 0) {
			cli_errorf("--%s is not accepted: secrets on the command line are visible to every "
				   "user; use --token-file or OPENCLAW_GATEWAY_TOKEN", name);
			return -1;
		}
		slot = value_slot(o, name);
		if (slot) {
			if (!eqv && i + 1 >= argc) {
				cli_errorf("--%s needs a value", name);
				return -1;
			}
			*slot = eqv ? eqv : argv[++i];
		} else if (strcmp(name, "insecure") == 0) {
			o->insecure = true;
		} else if (strcmp(name, "json") == 0) {
			o->json = true;
		} else if (strcmp(name, "help") == 0) {
			o->help = true;
		} else if (strcmp(name, "no-bell") == 0) {
			o->no_bell = true;
		} else if (strcmp(name, "list-keys") == 0) {
			static char list_keys[] = "list-keys";	/* the flag is the command */

			argv[out++] = list_keys;
		} else {
			argv[out++] = argv[i];	/* a command's own option */
		}
	}
	o->argc = out;
	o->argv = argv;
	return 0;
}

/* Is stdout a pipe or socket whose reader has gone?  (The error that ended the output may
 * be long past when the command returns, its errno overwritten.) */
static bool
stdout_reader_gone(void)
{
	struct pollfd p = { .fd = STDOUT_FILENO, .events = POLLOUT };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

/* Every command ends here: output that did not reach stdout is a failure, not success.
 * A reader that went away (`| head`) ends the command quietly with EXIT_PIPE, whatever the
 * command; anything else (a full disk) is one line on stderr and EXIT_RUNTIME. */
static int
main_finish(int rc)
{
	int flushed, saved;

	errno = 0;
	flushed = fflush(stdout);
	saved = errno;
	if (flushed == 0 && !ferror(stdout))
		return rc;
	if (cli_stdout_errno)
		saved = cli_stdout_errno;	/* the first failure, not a later echo of it */
	else if (flushed == 0 || !saved)
		saved = EIO;
	if (saved == EPIPE || stdout_reader_gone())
		return EXIT_PIPE;
	cli_errorf("cannot write standard output: %s", strerror(saved));
	return EXIT_RUNTIME;
}

static int
main_run(int argc, char **argv)
{
	struct opts o;
	struct oc_err err = { "" };
	const char *name;

	/* The process holds the gateway token, the device token and the signing key (some in
	 * frames and buffers, not only in sodium's guarded memory): no core dump of it, and no
	 * ptrace or /proc/PID/mem reading by other processes of the same user (ssh-agent does
	 * the same).  OPENCLAW_CONSOLE_DEBUG=core keeps it debuggable. */
	if (!getenv("OPENCLAW_CONSOLE_DEBUG") || strcmp(getenv("OPENCLAW_CONSOLE_DEBUG"), "core") != 0)
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* before any JSON exists: every block jansson frees is wiped (auth/secmem.h) */
	secmem_init();
	memset(&o, 0, sizeof(o));
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) {
			cli_linef("openclaw-console %s", OC_VERSION);
			return EXIT_OK;
		}
	if (parse_global(&o, argc, argv) < 0)
		return EXIT_USAGE;
	name = o.argc > 0 ? o.argv[0] : "tui";
	if (o.argc > 0) {
		o.argc--;
		o.argv++;
	}
	if (o.help && strcmp(name, "tui") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	for (const struct command *c = commands; c->name; c++) {
		if (strcmp(c->name, name) != 0)
			continue;
		if (o.help) {
			cli_linef("usage: openclaw-console %s %s", c->name, c->synopsis);
			cli_linef("  %s", c->summary);
			cli_linef("%s", "");
			cli_linef("Global options: openclaw-console --help");
			return EXIT_OK;
		}
		if (config_setup(&o, &err) < 0) {
			cli_errorf("%s", err.msg);
			return EXIT_USAGE;
		}
		return c->run(&o);
	}
	cli_errorf("unknown command \"%s\" (try --help)", name);
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	/* A closed pipe is an EPIPE write error (main_finish), not death by a signal halfway
	 * through a command. */
	signal(SIGPIPE, SIG_IGN);
	return main_finish(main_run(argc, argv));
}
