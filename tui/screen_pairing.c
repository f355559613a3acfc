/* The screens shown instead of the main one while the console itself is not connected:
 * self-pairing (our device waits for an operator's approval; client.c keeps retrying and
 * stores the device token, and the main screen appears by itself), a handshake failure
 * with what it means and what to do, and "connecting". */
#include "tui/app.h"

#include <stdio.h>
#include <string.h>

#include "net/evloop.h"
#include "tui/draw.h"
#include "tui/width.h"

struct explanation {
	const char *code;	/* matched against details code, then error code */
	const char *meaning;
	const char *todo;
};

static const struct explanation explanations[] = {
	{ "AUTH_TOKEN_MISMATCH", "The gateway token given to the console is not the gateway's token.",
	  "Pass the right one with --token-file FILE (or OPENCLAW_GATEWAY_TOKEN), then press r." },
	{ "AUTH_TOKEN_MISSING", "The gateway requires a token and the console sent none.",
	  "Pass --token-file FILE or set OPENCLAW_GATEWAY_TOKEN, then restart the console." },
	{ "AUTH_SCOPE_MISMATCH", "The scopes asked for exceed what this device was approved for.",
	  "Ask with fewer --scopes, or approve the scope upgrade: openclaw devices list." },
	{ "AUTH_DEVICE_TOKEN_MISMATCH", "The stored device token was revoked or rotated.",
	  "The console falls back to the shared token; if none is set, pass --token-file." },
	{ "DEVICE_AUTH", "The gateway refused the console's device signature or identity.",
	  "Check the system clock, then remove the state dir's identity to re-pair if it persists." },
	{ "DEVICE_IDENTITY_REQUIRED", "The gateway requires a device identity for this client.",
	  "This is a console bug if you see it: report it with the gateway version." },
	{ "CONTROL_UI", "The gateway's Control UI origin or device checks refused this client.",
	  "Check gateway.controlUi settings on the gateway host." },
	{ "AUTH_RATE_LIMITED", "Too many failed attempts: the gateway is rate-limiting this address.",
	  "Wait a minute, fix the credential, then press r." },
	{ "PAIRING", "An operator must approve this device first.",
	  "On the gateway host run the approve command shown." },
};

static const struct explanation *
explain(const struct session_result *r)
{
	for (size_t i = 0; i < sizeof(explanations) / sizeof(explanations[0]); i++)
		if ((r->details_code[0] && strstr(r->details_code, explanations[i].code)) ||
		    (r->code[0] && strstr(r->code, explanations[i].code)))
			return &explanations[i];
	return NULL;
}

bool
screen_pairing_active(const struct app *a)
{
	enum client_state st = client_state(a->client);

	if (st == CLIENT_READY)
		return false;
	return st == CLIENT_PAIRING || st == CLIENT_FAILED || !a->ever_ready;
}

static int
line(const struct canvas *c, int row, enum element lab_el, const char *label, enum element el,
     const char *text)
{
	if (row >= c->h)
		return row;
	if (label) {
		draw_text(c, row, 2, lab_el, label, 14, ALIGN_LEFT);
		draw_text(c, row, 17, el, text, 0, ALIGN_LEFT);
	} else {
		draw_text(c, row, 2, el, text, 0, ALIGN_LEFT);
	}
	return row + 1;
}

static void
countdown(const struct app *a, char *buf, size_t size, const char *what)
{
	int64_t left = client_next_attempt_ms(a->client) - evloop_now_ms();
	enum client_state st = client_state(a->client);

	if (st == CLIENT_CONNECTING || st == CLIENT_HANDSHAKE || !client_next_attempt_ms(a->client))
		snprintf(buf, size, "%s — attempt %u, checking now", what, client_attempts(a->client));
	else
		snprintf(buf, size, "%s — retry %u, next in %llds", what, client_attempts(a->client),
			 (long long)(left > 0 ? (left + 999) / 1000 : 0));
}

bool
screen_pairing_draw(struct app *a, int lines, int cols)
{
	const struct session_result *r = client_result(a->client);
	enum client_state st = client_state(a->client);
	struct canvas all = { 0, 0, lines, cols };
	char buf[512], grouped[160];
	int row = 2;

	if (!screen_pairing_active(a))
		return false;
	draw_fill(&all, 0, EL_TITLE);
	snprintf(buf, sizeof(buf), " openclaw-console  %s", a->me.url);
	draw_text(&all, 0, 0, EL_TITLE, buf, 0, ALIGN_LEFT);
	width_group(a->me.id.device_id, 8, grouped, sizeof(grouped));
	if (r->outcome == SESSION_PAIRING && st != CLIENT_FAILED) {
		row = line(&all, row, EL_DEFAULT, NULL, EL_STATUS_WARN, "This console is not paired yet: "
			   "an operator must approve it.");
		row++;
		row = line(&all, row, EL_LABEL, "device id", EL_CODE, grouped);
		row = line(&all, row, EL_LABEL, "requestId", EL_CODE, r->request_id[0] ? r->request_id :
			   "(not given: list requests with: openclaw devices list)");
		row = line(&all, row, EL_LABEL, "role", EL_DEFAULT, r->requested_role[0] ?
			   r->requested_role : "operator");
		buf[0] = '\0';
		for (size_t i = 0; i < r->n_requested_scopes; i++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? " " : "",
				 r->requested_scopes[i]);
		row = line(&all, row, EL_LABEL, "scopes", EL_DEFAULT, buf[0] ? buf : "(default)");
		row++;
		row = line(&all, row, EL_DEFAULT, NULL, EL_DEFAULT, "Approve it on the gateway host:");
		snprintf(buf, sizeof(buf), "openclaw devices approve %s",
			 r->request_id[0] ? r->request_id : "<requestId>");
		row = line(&all, row, EL_DEFAULT, NULL, EL_CODE, buf);
		row++;
		countdown(a, buf, sizeof(buf), "waiting for approval");
		line(&all, row, EL_DEFAULT, NULL, EL_STATUS, buf);
		return true;
	}
	if (st == CLIENT_FAILED || r->code[0] || client_error(a->client)[0]) {
		const struct explanation *ex = explain(r);
		bool handshake = r->code[0] || r->details_code[0];

		row = line(&all, row, EL_DEFAULT, NULL, EL_STATUS_ERROR, handshake ?
			   "The gateway refused this console." : "Cannot reach the gateway.");
		row++;
		if (handshake) {
			row = line(&all, row, EL_LABEL, "message", EL_DEFAULT, r->message);
			snprintf(buf, sizeof(buf), "%s%s%s", r->code, r->details_code[0] ? "/" : "",
				 r->details_code);
			row = line(&all, row, EL_LABEL, "code", EL_CODE, buf);
			if (r->reason[0])
				row = line(&all, row, EL_LABEL, "reason", EL_DEFAULT, r->reason);
			if (r->remediation[0])
				row = line(&all, row, EL_LABEL, "gateway hint", EL_DEFAULT, r->remediation);
		} else {
			row = line(&all, row, EL_LABEL, "error", EL_DEFAULT, client_error(a->client));
		}
		row = line(&all, row, EL_LABEL, "device id", EL_DEFAULT, grouped);
		row++;
		row = line(&all, row, EL_LABEL, "means", EL_DEFAULT, ex ? ex->meaning : handshake ?
			   "The handshake was refused." : "Nothing answers at that address, or the network is down.");
		row = line(&all, row, EL_LABEL, "to do", EL_DEFAULT, ex ? ex->todo : handshake ?
			   "See openclaw-console(1), DIAGNOSTICS; press r to retry." :
			   "Start the gateway or check --url; the console keeps retrying.");
		row++;
		if (st == CLIENT_FAILED)
			line(&all, row, EL_DEFAULT, NULL, EL_STATUS, "stopped retrying — press r to retry, q to quit");
		else {
			countdown(a, buf, sizeof(buf), "reconnecting");
			line(&all, row, EL_DEFAULT, NULL, EL_STATUS, buf);
		}
		return true;
	}
	snprintf(buf, sizeof(buf), "Connecting to %s …", a->me.url);
	row = line(&all, row, EL_DEFAULT, NULL, EL_DEFAULT, buf);
	row = line(&all, row, EL_LABEL, "device id", EL_DEFAULT, grouped);
	snprintf(buf, sizeof(buf), "%s (attempt %u)", client_state_name(st), client_attempts(a->client));
	line(&all, row, EL_LABEL, "state", EL_DEFAULT, buf);
	return true;
}
