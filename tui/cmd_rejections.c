/* `openclaw-console rejections [--json] [--follow]`: rejected handshakes from the gateway
 * log, read incrementally with logs.tail (cursor-based) and parsed by auth/logline.h.
 * --follow polls once a second on an evloop timer until SIGINT/SIGTERM. */
#include "tui/commands.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/decide.h"
#include "net/client.h"
#include "net/logline.h"
#include "net/evloop.h"
#include "net/gwop.h"
#include "net/text.h"

#define REJ_FIRST_LIMIT 2000		/* the first read is bounded: at most this many lines… */
#define REJ_FIRST_MAX_BYTES 500000	/* …and this many bytes from the end of the file */
#define REJ_KEEP 500

static volatile sig_atomic_t rej_stop;

static void
rej_on_signal(int sig)
{
	(void)sig;
	rej_stop = 1;
}

static void
rej_usage(FILE *f)
{
	fprintf(f,
		"usage: openclaw-console rejections [--json] [--follow]\n"
		"  Rejected handshakes from the gateway log (logs.tail, needs operator.read): time,\n"
		"  remote address, origin, client/mode, close code, reason, phase and the log cause.\n"
		"  --json    one JSON object per line (JSON lines)\n"
		"  --follow  keep polling once a second until interrupted\n");
}

/* The gateway's release: the explanations are for it (hello-ok server.version). */
static char rej_gateway_version[48];

static const char *
dash(const char *s)
{
	return s && *s ? s : "-";
}

static json_t *
rej_json(const struct logline_rec *r)
{
	json_t *o = json_object();
	struct decide_input in;
	struct decide_verdict v;
	int known = logline_to_input(r, &in);

#define JS(k, f) json_object_set_new(o, k, r->f[0] ? json_string(r->f) : json_null())
	JS("time", time);
	JS("conn", conn);
	JS("remote", remote);
	JS("peer", peer);
	JS("origin", origin);
	JS("host", host);
	JS("userAgent", ua);
	JS("cause", cause);
	JS("reason", reason);
	JS("phase", phase);
	JS("client", client);
	JS("mode", mode);
	JS("role", role);
	JS("displayName", display_name);
	JS("deviceId", device_id);
	JS("requestId", request_id);
	JS("detailReason", detail_reason);
	JS("authReason", auth_reason);
	JS("authProvided", auth_provided);
#undef JS
	json_object_set_new(o, "closeCode", r->close_code ? json_integer(r->close_code) : json_null());
	snprintf(in.gateway_version, sizeof(in.gateway_version), "%s", rej_gateway_version);
	decide_evaluate(&in, &v);
	{
		json_t *e = json_object(), *rem = json_array();

		for (size_t i = 0; i < v.n_remedies; i++)
			json_array_append_new(rem, json_string(v.remedies[i]));
		json_object_set_new(e, "guessed", json_boolean(known < 0));
		json_object_set_new(e, "outcome", json_string(decide_outcome_key(v.outcome)));
		json_object_set_new(e, "detailsCode", v.details_code ? json_string(v.details_code) : json_null());
		json_object_set_new(e, "ruleId", json_string(v.rule_id));
		json_object_set_new(e, "rule", json_string(v.rule));
		json_object_set_new(e, "remedies", rem);
		json_object_set_new(o, "explain", e);
	}
	return o;
}

static void
rej_emit(const struct logline_rec *raw, bool json)
{
	struct logline_rec r = *raw;

	/* logline already strips controls; run the shared sanitiser over what gets printed too */
#define S(f) text_sanitize(raw->f, r.f, sizeof(r.f))
	S(time); S(remote); S(origin); S(client); S(mode); S(reason); S(phase); S(cause); S(ua);
	S(host); S(peer); S(conn); S(role); S(display_name); S(device_id); S(request_id);
	S(detail_reason); S(auth_reason); S(auth_provided);
#undef S
	if (json) {
		json_t *o = rej_json(&r);
		char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);

		if (s)
			cli_linef("%s", s);	/* ASCII JSON: sanitising leaves it as it is */
		free(s);
		json_decref(o);
	} else {
		char cm[80];

		snprintf(cm, sizeof(cm), "%s/%s", dash(r.client), dash(r.mode));
		cli_linef("%-24.24s %-15.15s %-22.22s %-26.26s %4d %-24.24s %s: %s", dash(r.time),
			  dash(r.remote), dash(r.origin), cm, r.close_code, dash(r.phase), dash(r.cause),
			  dash(r.reason));
	}
	errno = 0;
	fflush(stdout);	/* --follow: each rejection as it comes */
	cli_stdout_note();
}

/* One logs.tail call; prints new rejections.  0, or an exit code. */
static int
rej_poll(struct oneshot *o, struct logline_list *l, json_int_t *cursor, bool json)
{
	json_t *params = gw_logs_tail_params(*cursor, REJ_FIRST_LIMIT, REJ_FIRST_MAX_BYTES);
	json_t *res = NULL, *lines;

	if (oneshot_call(o, GW_OP_LOGS_TAIL, params, &res) < 0) {
		/* both forms: FORBIDDEN/MISSING_SCOPE and the older INVALID_REQUEST "missing scope: X" */
		if (strstr(o->call_error, "MISSING_SCOPE") || strcmp(o->call_code, "FORBIDDEN") == 0 ||
		    strncmp(o->call_error, "missing scope: ", 15) == 0)
			cli_errorf("rejections: reading the gateway log needs the %s scope (%s): %s",
				   gw_op_scope(GW_OP_LOGS_TAIL), gw_op_method(GW_OP_LOGS_TAIL), o->call_error);
		else
			cli_errorf("rejections: %s: %s", gw_op_method(GW_OP_LOGS_TAIL), o->call_error);
		return EXIT_RUNTIME;
	}
	if (json_is_true(json_object_get(res, "reset")) && *cursor >= 0) {
		/* the file rolled or shrank: what we got is from the start of the new file */
	}
	if (json_is_integer(json_object_get(res, "cursor")))
		*cursor = json_integer_value(json_object_get(res, "cursor"));
	lines = json_object_get(res, "lines");
	for (size_t i = 0; json_is_array(lines) && i < json_array_size(lines); i++) {
		struct logline_rec r;
		long idx;

		if (logline_parse(json_string_value(json_array_get(lines, i)), &r) == LOGLINE_OTHER)
			continue;
		/* 2026.3.x: every gateway on the host writes into the same file */
		if (logline_other_gateway(&r, cli_shared_log_port(o->me.url, client_result(o->client))))
			continue;
		idx = logline_list_add(l, &r, REJ_KEEP);
		if (idx >= 0)
			rej_emit(&l->v[idx], json);
	}
	json_decref(res);
	return EXIT_OK;
}

static void
rej_tick(void *ctx)
{
	*(bool *)ctx = true;
}

int
cmd_rejections(const struct opts *opts)
{
	struct oneshot o;
	struct logline_list l = { 0 };
	json_int_t cursor = -1;
	bool follow = false;
	int rc;

	for (int i = 0; i < opts->argc; i++) {
		if (strcmp(opts->argv[i], "--follow") == 0 || strcmp(opts->argv[i], "-f") == 0) {
			follow = true;
		} else if (strcmp(opts->argv[i], "help") == 0) {
			rej_usage(stdout);
			return EXIT_OK;
		} else {
			cli_errorf("rejections: unexpected argument \"%s\"", opts->argv[i]);
			rej_usage(stderr);
			return EXIT_USAGE;
		}
	}
	rc = oneshot_open(&o, opts, "cli", "cli");
	if (rc != EXIT_OK) {
		oneshot_close(&o);
		return rc;
	}
	snprintf(rej_gateway_version, sizeof(rej_gateway_version), "%s",
		 client_result(o.client)->server_version);
	if (!opts->json && isatty(STDOUT_FILENO))
		cli_linef("%-24s %-15s %-22s %-26s %4s %-24s %s", "TIME", "REMOTE", "ORIGIN", "CLIENT/MODE",
			  "CODE", "PHASE", "CAUSE: REASON");
	rc = rej_poll(&o, &l, &cursor, opts->json);
	if (rc == EXIT_OK && follow) {
		struct sigaction sa;
		bool fired = false;
		struct evloop_timer *t = evloop_timer_new(o.loop, rej_tick, &fired);

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = rej_on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		/* SIGPIPE is ignored (tui/main.c): a closed stdout ends the follow instead */
		while (t && !rej_stop && rc == EXIT_OK && !ferror(stdout)) {
			fired = false;
			evloop_timer_set(t, 1000);
			while (!fired && !rej_stop)
				if (evloop_run_once(o.loop) < 0) {
					cli_errorf("rejections: event loop failed");
					rc = EXIT_RUNTIME;
					break;
				}
			if (!rej_stop && rc == EXIT_OK)
				rc = rej_poll(&o, &l, &cursor, opts->json);
		}
		if (t)
			evloop_timer_free(t);
	}
	logline_list_free(&l);
	oneshot_close(&o);
	return rc;
}
