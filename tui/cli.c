#include "tui/cli.h"

#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "auth/creds.h"
#include "auth/err.h"
#include "auth/paths.h"
#include "auth/release.h"
#include "auth/scopes.h"
#include "net/client.h"
#include "net/evloop.h"
#include "net/frame.h"
#include "net/gwcall.h"
#include "net/model.h"
#include "net/text.h"
#include "net/ws.h"
#include "tui/config.h"

#define DEFAULT_URL "ws://127.0.0.1:18789"

int cli_stdout_errno;

void
cli_stdout_note(void)
{
	if (ferror(stdout) && !cli_stdout_errno)
		cli_stdout_errno = errno ? errno : EIO;
}

/* fmt's expansion, sanitised, then a newline, on f.  Sanitised as a whole: a newline or
 * escape inside a string from the gateway or a file cannot start a line of its own. */
static void
cli_vline(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	char small[1024], *raw = small, *clean;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n < 0) {
		va_end(ap2);
		return;
	}
	if ((size_t)n >= sizeof(small)) {
		raw = malloc((size_t)n + 1);
		if (raw)
			vsnprintf(raw, (size_t)n + 1, fmt, ap2);
		else
			raw = small;	/* the truncated text is better than none */
	}
	va_end(ap2);
	clean = malloc(strlen(raw) + 1);	/* sanitising never lengthens the text */
	if (clean) {
		text_sanitize(raw, clean, strlen(raw) + 1);
		errno = 0;
		fprintf(f, "%s%s\n", prefix, clean);
		free(clean);
	} else {
		fprintf(f, "%sout of memory\n", prefix);
	}
	if (raw != small)
		free(raw);
}

void
cli_errorf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vline(stderr, "openclaw-console: ", fmt, ap);
	va_end(ap);
}

void
cli_linef(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vline(stdout, "", fmt, ap);
	va_end(ap);
	cli_stdout_note();
}

const char *
cli_gateway_url(const struct opts *opts)
{
	const char *env = getenv("OPENCLAW_GATEWAY_URL");

	if (opts->url && *opts->url)
		return opts->url;
	if (env && *env)
		return env;
	return DEFAULT_URL;
}

const char *
cli_platform(void)
{
	static char plat[72];
	struct utsname u;

	if (!plat[0]) {
		if (uname(&u) == 0)
			snprintf(plat, sizeof(plat), "%s", u.sysname);
		else
			snprintf(plat, sizeof(plat), "linux");
		for (char *p = plat; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
	return plat;
}

int
cli_shared_log_port(const char *url, const struct session_result *r)
{
	const struct release *rel = release_find(r->server_version, NULL);
	char host[256], path[512];
	bool tls;
	int port = 0;

	if (!rel || release_has(rel, RELEASE_LOG_FILE_OWN))
		return 0;
	if (!ws_parse_url(url, &tls, host, sizeof(host), &port, path, sizeof(path)))
		return 0;
	return port;
}

void
cli_print_json(json_t *v)
{
	/* ASCII only: every control character, C1 code and bidi override is a \u escape,
	 * so the document is safe on a terminal and loses nothing for a program */
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_ENCODE_ANY | JSON_ENSURE_ASCII);

	if (s) {
		errno = 0;
		puts(s);
		free(s);
		cli_stdout_note();
	}
}

void
cli_report_session(const struct session_result *r, const char *conn_error, bool json)
{
	char line[600];

	if (json) {
		json_t *o = json_pack("{s:b}", "ok", 0);

		if (r && (r->code[0] || r->details_code[0])) {
			json_object_set_new(o, "code", json_string(r->code));
			json_object_set_new(o, "detailsCode", json_string(r->details_code));
			json_object_set_new(o, "message", json_string(r->message));
			if (r->reason[0])
				json_object_set_new(o, "reason", json_string(r->reason));
			if (r->request_id[0])
				json_object_set_new(o, "requestId", json_string(r->request_id));
		} else {
			json_object_set_new(o, "message", json_string(conn_error));
		}
		cli_print_json(o);
		json_decref(o);
	}
	if (r && (r->code[0] || r->details_code[0])) {
		session_describe(r, line, sizeof(line));
		if (r->request_id[0])
			cli_errorf("%s requestId=%s", line, r->request_id);
		else
			cli_errorf("%s", line);
		if (r->outcome == SESSION_PAIRING && r->request_id[0]) {
			char id[sizeof(r->request_id)];

			text_sanitize(r->request_id, id, sizeof(id));
			fprintf(stderr, "approve it on the gateway host: openclaw devices approve %s\n",
				id);
		}
	} else {
		cli_errorf("%s", conn_error && *conn_error ? conn_error : "connection failed");
	}
}

static void
oneshot_on_state(void *ctx)
{
	(void)ctx;
}

static void
oneshot_on_log(void *ctx, const char *line)
{
	(void)ctx;
	if (getenv("OPENCLAW_CONSOLE_DEBUG"))
		cli_errorf("%s", line);
}

static void
oneshot_on_warn(void *ctx, const char *line)
{
	(void)ctx;
	cli_errorf("warning: %s", line);
}

static int
setup_scopes(struct console_me *me, const struct opts *opts, struct session_client *who,
	     bool *explicit_scopes)
{
	int n;

	*explicit_scopes = false;
	if (!opts->scopes) {
		who->scopes = scopes_default;
		who->n_scopes = scopes_default_count;
		return 0;
	}
	n = scopes_parse_list(opts->scopes, me->scopes_buf, 16);
	if (n < 0) {
		cli_errorf("--scopes: expected a comma-separated list of scopes");
		return -1;
	}
	for (int i = 0; i < n; i++)
		me->scopes[i] = me->scopes_buf[i];
	who->scopes = me->scopes;
	who->n_scopes = (size_t)n;
	*explicit_scopes = true;
	return 0;
}

int
console_me_setup(struct console_me *me, const struct opts *opts, const char *client_id,
		 const char *mode, struct client_config *cfg)
{
	struct oc_err err = { "" };
	enum creds_source src;
	bool created;

	memset(me, 0, sizeof(*me));
	me->url = cli_gateway_url(opts);
	if (paths_state_dir(opts->state_dir, me->state_dir, sizeof(me->state_dir), &err) < 0 ||
	    identity_load_or_create(&me->id, me->state_dir, &created, &err) < 0 ||
	    creds_find_token(opts->token_file, NULL, NULL, &me->token, &src, &err) < 0) {
		cli_errorf("%s", err.msg);
		return EXIT_RUNTIME;
	}
	memset(cfg, 0, sizeof(*cfg));
	cfg->url = me->url;
	cfg->state_dir = me->state_dir;
	cfg->id = &me->id;
	cfg->shared_token = me->token;
	cfg->who.client_id = client_id;
	cfg->who.client_mode = mode;
	cfg->who.role = "operator";
	cfg->who.version = OC_VERSION;
	/* platform and deviceFamily are pinned in the pairing record: keep them stable */
	cfg->who.platform = cli_platform();
	cfg->who.device_family = "terminal";
	cfg->who.display_name = "openclaw-console";
	if (setup_scopes(me, opts, &cfg->who, &cfg->scopes_explicit) < 0)
		return EXIT_USAGE;
	cfg->insecure = opts->insecure;
	cfg->ws.pin_sha256 = opts->pin;
	cfg->rpc_timeout_ms = (int64_t)config_timeout_seconds() * 1000;
	return EXIT_OK;
}

void
console_me_free(struct console_me *me)
{
	identity_free(&me->id);
	creds_free(me->token);
	me->token = NULL;
}

int
oneshot_open(struct oneshot *o, const struct opts *opts, const char *client_id, const char *mode)
{
	struct oc_err err = { "" };
	struct client_config cfg;
	int rc;
	static const struct client_handlers handlers = { oneshot_on_state, NULL, oneshot_on_log,
							  oneshot_on_warn };

	memset(o, 0, sizeof(*o));
	rc = console_me_setup(&o->me, opts, client_id, mode, &cfg);
	if (rc != EXIT_OK)
		return rc;
	o->loop = evloop_new_for_url(o->me.url, &err);
	if (!o->loop) {
		cli_errorf("%s", err.msg);
		return EXIT_RUNTIME;
	}
	o->client = client_new(o->loop, &cfg, &handlers, o, &err);
	if (!o->client) {
		cli_errorf("%s", err.msg);
		return EXIT_RUNTIME;
	}
	client_start(o->client);
	for (;;) {
		enum client_state s = client_state(o->client);

		if (s == CLIENT_READY)
			return EXIT_OK;
		if (s == CLIENT_FAILED)
			break;
		if (evloop_run_once(o->loop) < 0) {
			cli_errorf("event loop failed");
			return EXIT_RUNTIME;
		}
	}
	{
		const struct session_result *r = client_result(o->client);
		bool handshake = r->code[0] || r->details_code[0];

		cli_report_session(handshake ? r : NULL, client_error(o->client), opts->json);
		return handshake ? session_exit_code(r) : EXIT_RUNTIME;
	}
}

static void
oneshot_on_call(void *ctx, const struct frame *res, const char *failure)
{
	struct oneshot *o = ctx;

	o->call_done = true;
	if (!res || !res->ok) {
		frame_describe_failure(res, failure, o->call_error, sizeof(o->call_error));
		if (res)
			snprintf(o->call_code, sizeof(o->call_code), "%s", res->err_code);
		return;
	}
	o->call_result = res->payload ? json_incref(res->payload) : json_null();
}

int
oneshot_call(struct oneshot *o, enum gw_op op, json_t *params, json_t **result)
{
	o->call_done = false;
	o->call_result = NULL;
	o->call_error[0] = o->call_code[0] = '\0';
	if (gw_call(o->client, op, params, oneshot_on_call, o) < 0) {
		snprintf(o->call_error, sizeof(o->call_error), "not connected: %s",
			 client_error(o->client));
		return -1;
	}
	while (!o->call_done)
		if (evloop_run_once(o->loop) < 0) {
			snprintf(o->call_error, sizeof(o->call_error), "event loop failed");
			return -1;
		}
	if (!o->call_result)
		return -1;
	*result = o->call_result;
	o->call_result = NULL;
	return 0;
}

void
oneshot_close(struct oneshot *o)
{
	client_free(o->client);
	o->client = NULL;
	evloop_free(o->loop);
	o->loop = NULL;
	console_me_free(&o->me);
}

int
oneshot_complete_model(struct oneshot *o, struct model *m, enum gw_op want)
{
	const struct release *rel = release_find(client_result(o->client)->server_version, NULL);
	bool presence = want == GW_OP_PRESENCE;
	json_t *res = NULL;
	int rc = 0;

	if (!rel || release_has(rel, presence ? RELEASE_PAIRED_EXTRAS : RELEASE_PRESENCE_CLIENT_ID))
		return 0;
	if (oneshot_call(o, want, NULL, &res) < 0)
		return 0;
	if (presence && json_is_array(res))
		rc = model_set_presence(m, res);
	else if (!presence && json_is_object(res))
		rc = model_set_pairing(m, res, evloop_wall_ms());
	json_decref(res);
	return rc;
}
