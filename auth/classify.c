#include "auth/classify.h"

#include <string.h>

static const struct {
	const char *key, *label, *help;
} class_info[] = {
#define X(e, key, label, help) { key, label, help },
	CLIENT_CLASS_LIST(X)
#undef X
};

static bool
eq(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

static bool
one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (eq(s, *list))
			return true;
	return false;
}

struct client_facts
classify_facts(const char *id, const char *mode)
{
	static const char *const ui_ids[] = { "openclaw-control-ui", "openclaw-browser-copilot",
					      "openclaw-tui", NULL };
	static const char *const browser_ids[] = { "openclaw-control-ui", "openclaw-browser-copilot",
						   NULL };
	static const char *const ephemeral_modes[] = { "cli", "backend", "probe", NULL };
	struct client_facts f;

	f.control_ui = one_of(id, ui_ids);
	f.browser = one_of(id, browser_ids) || eq(mode, "webchat") || eq(id, "webchat-ui");
	f.ephemeral = one_of(mode, ephemeral_modes);
	f.local_backend = eq(id, "gateway-client") && eq(mode, "backend");
	f.local_cli = eq(id, "cli") && eq(mode, "cli");
	return f;
}

enum client_class
classify_client(const char *id, const char *mode, const char *role)
{
	static const char *const apps[] = { "openclaw-macos", "openclaw-linux", "openclaw-ios",
					    "openclaw-watchos", "openclaw-android", NULL };

	if (eq(mode, "gateway"))
		return CLASS_GATEWAY;
	if (eq(id, "openclaw-control-ui") || eq(id, "openclaw-browser-copilot"))
		return CLASS_CONTROL_UI;
	if (eq(id, "openclaw-tui"))
		return CLASS_TUI;
	if (eq(mode, "webchat") || eq(id, "webchat-ui") || eq(id, "webchat"))
		return CLASS_WEBCHAT;
	if (eq(role, "node") || eq(mode, "node") || eq(id, "node-host"))
		return CLASS_NODE;
	if (eq(mode, "worker") || eq(id, "openclaw-worker") || eq(role, "worker"))
		return CLASS_WORKER;
	if (eq(mode, "probe") || eq(id, "openclaw-probe") || eq(id, "fingerprint"))
		return CLASS_PROBE;
	if (eq(mode, "backend"))
		return CLASS_BACKEND;
	if (eq(mode, "cli"))
		return CLASS_CLI;
	if (one_of(id, apps))
		return CLASS_NATIVE_APP;
	if (eq(mode, "test") || eq(id, "test"))
		return CLASS_TEST;
	/* no mode declared: fall back on what the id is for; with a mode (gateway-client/ui,
	 * cli/ui) the gateway treats it by the mode, as an ordinary client */
	if ((!mode || !*mode) && eq(id, "gateway-client"))
		return CLASS_BACKEND;
	if ((!mode || !*mode) && eq(id, "cli"))
		return CLASS_CLI;
	return CLASS_OTHER;
}

const char *
classify_label(enum client_class c)
{
	return c < CLASS_COUNT ? class_info[c].label : "?";
}

const char *
classify_key(enum client_class c)
{
	return c < CLASS_COUNT ? class_info[c].key : "?";
}

const char *
classify_help(enum client_class c)
{
	return c < CLASS_COUNT ? class_info[c].help : "";
}
