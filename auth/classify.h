/* Client classes: what kind of program a connection is, from the client id, mode and
 * role it declared, mirroring how the 2026.9.6 gateway groups them (protocol brief 4.2).
 * Declared ids are claims, not proof: the class says how the gateway will *treat* the
 * connection, not who is really behind it. */
#ifndef OC_AUTH_CLASSIFY_H
#define OC_AUTH_CLASSIFY_H

#include <stdbool.h>

#define CLIENT_CLASS_LIST(X) \
	X(GATEWAY,    "gateway",    "Gateway itself",  "the gateway's own presence entry") \
	X(CONTROL_UI, "control-ui", "Control UI",      "browser Control UI: Origin checked, device identity mandatory") \
	X(TUI,        "tui",        "TUI",             "terminal operator UI (openclaw-tui): device identity mandatory") \
	X(WEBCHAT,    "webchat",    "WebChat",         "browser chat client: Origin checked") \
	X(NATIVE_APP, "app",        "Native app",      "desktop or mobile app UI") \
	X(CLI,        "cli",        "CLI",             "command-line client; keeps scopes with the shared token from loopback") \
	X(BACKEND,    "backend",    "Backend service", "headless service; gateway-client/backend from loopback skips pairing") \
	X(NODE,       "node",       "Node",            "node host that runs commands for the gateway") \
	X(PROBE,      "probe",      "Probe",           "health or fingerprint probe") \
	X(WORKER,     "worker",     "Worker",          "agent worker (refused on the operator endpoint)") \
	X(TEST,       "test",       "Test client",     "test harness client") \
	X(OTHER,      "other",      "Other",           "unrecognised id/mode combination")

enum client_class {
#define X(e, key, label, help) CLASS_##e,
	CLIENT_CLASS_LIST(X)
#undef X
	CLASS_COUNT
};

struct client_facts {
	bool control_ui;	/* gateway's isOperatorUiClient: device identity mandatory, wait/retry hints */
	bool browser;		/* Origin check always applies (control UI in a browser, webchat) */
	bool ephemeral;		/* modes cli/backend/probe are never listed in presence */
	bool local_backend;	/* gateway-client/backend: skips pairing from loopback */
	bool local_cli;		/* cli/cli: keeps scopes with the shared token from loopback */
};

/* Classify a declared client.  Any argument may be NULL or "". */
enum client_class classify_client(const char *client_id, const char *mode, const char *role);

/* Facts the gateway derives from id and mode alone. */
struct client_facts classify_facts(const char *client_id, const char *mode);

/* "Backend service", "backend" and the one-line explanation of a class. */
const char *classify_label(enum client_class c);
const char *classify_key(enum client_class c);
const char *classify_help(enum client_class c);

#endif
