/* auth/classify: a class for every client.id/mode pair of the gateway's closed enums
 * (protocol brief 2.2) and the facts the gateway derives from id and mode (brief 4.2). */
#include <string.h>

#include "auth/classify.h"
#include "check.h"

static const char *const ids[] = {
	"webchat-ui", "openclaw-control-ui", "openclaw-browser-copilot", "openclaw-tui", "webchat",
	"cli", "gateway-client", "openclaw-macos", "openclaw-linux", "openclaw-ios",
	"openclaw-watchos", "openclaw-android", "node-host", "openclaw-worker", "test",
	"fingerprint", "openclaw-probe",
};
static const char *const modes[] = { "webchat", "cli", "ui", "backend", "node", "worker", "probe", "test" };

#define N_IDS (sizeof(ids) / sizeof(ids[0]))
#define N_MODES (sizeof(modes) / sizeof(modes[0]))

/* The expected class key of every pair, one row per id, columns in the order of modes[]. */
static const char *const expected[N_IDS][N_MODES] = {
	/*                          webchat       cli       ui            backend    node    worker    probe    test */
	/* webchat-ui */          { "webchat",    "webchat", "webchat",    "webchat", "webchat", "webchat", "webchat", "webchat" },
	/* openclaw-control-ui */ { "control-ui", "control-ui", "control-ui", "control-ui", "control-ui", "control-ui", "control-ui", "control-ui" },
	/* browser-copilot */     { "control-ui", "control-ui", "control-ui", "control-ui", "control-ui", "control-ui", "control-ui", "control-ui" },
	/* openclaw-tui */        { "tui",        "tui",     "tui",        "tui",     "tui",  "tui",    "tui",   "tui" },
	/* webchat */             { "webchat",    "webchat", "webchat",    "webchat", "webchat", "webchat", "webchat", "webchat" },
	/* cli */                 { "webchat",    "cli",     "other",      "backend", "node", "worker", "probe", "test" },
	/* gateway-client */      { "webchat",    "cli",     "other",      "backend", "node", "worker", "probe", "test" },
	/* openclaw-macos */      { "webchat",    "cli",     "app",        "backend", "node", "worker", "probe", "app" },
	/* openclaw-linux */      { "webchat",    "cli",     "app",        "backend", "node", "worker", "probe", "app" },
	/* openclaw-ios */        { "webchat",    "cli",     "app",        "backend", "node", "worker", "probe", "app" },
	/* openclaw-watchos */    { "webchat",    "cli",     "app",        "backend", "node", "worker", "probe", "app" },
	/* openclaw-android */    { "webchat",    "cli",     "app",        "backend", "node", "worker", "probe", "app" },
	/* node-host */           { "webchat",    "node",    "node",       "node",    "node", "node",   "node",  "node" },
	/* openclaw-worker */     { "webchat",    "worker",  "worker",     "worker",  "node", "worker", "worker", "worker" },
	/* test */                { "webchat",    "cli",     "test",       "backend", "node", "worker", "probe", "test" },
	/* fingerprint */         { "webchat",    "probe",   "probe",      "probe",   "node", "worker", "probe", "probe" },
	/* openclaw-probe */      { "webchat",    "probe",   "probe",      "probe",   "node", "worker", "probe", "probe" },
};

static bool
in(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static void
test_every_id_mode_pair(void)
{
	for (size_t i = 0; i < N_IDS; i++)
		for (size_t j = 0; j < N_MODES; j++) {
			const char *got = classify_key(classify_client(ids[i], modes[j], "operator"));

			if (strcmp(got, expected[i][j]) != 0)
				printf("  %s/%s: got %s, expected %s\n", ids[i], modes[j], got, expected[i][j]);
			CHECK_STR(got, expected[i][j]);
		}
}

/* What the brief says about the gateway's treatment must agree with the class shown. */
static void
test_classes_agree_with_facts(void)
{
	for (size_t i = 0; i < N_IDS; i++)
		for (size_t j = 0; j < N_MODES; j++) {
			enum client_class c = classify_client(ids[i], modes[j], "operator");
			struct client_facts f = classify_facts(ids[i], modes[j]);

			CHECK(c < CLASS_COUNT);
			CHECK(f.control_ui == (c == CLASS_CONTROL_UI || c == CLASS_TUI));
			if (f.browser)
				CHECK(c == CLASS_CONTROL_UI || c == CLASS_TUI || c == CLASS_WEBCHAT);
			if (c == CLASS_BACKEND)
				CHECK(strcmp(modes[j], "backend") == 0);
			if (c == CLASS_CLI)
				CHECK(strcmp(modes[j], "cli") == 0);
			if (f.local_backend)
				CHECK(c == CLASS_BACKEND && f.ephemeral);
			if (f.local_cli)
				CHECK(c == CLASS_CLI && f.ephemeral);
		}
}

static void
test_facts(void)
{
	static const char *const ui_ids[] = { "openclaw-control-ui", "openclaw-browser-copilot", "openclaw-tui" };
	static const char *const browser_ids[] = { "openclaw-control-ui", "openclaw-browser-copilot" };
	static const char *const eph_modes[] = { "cli", "backend", "probe" };

	for (size_t i = 0; i < N_IDS; i++)
		for (size_t j = 0; j < N_MODES; j++) {
			struct client_facts f = classify_facts(ids[i], modes[j]);

			CHECK(f.control_ui == in(ids[i], ui_ids, 3));
			CHECK(f.browser == (in(ids[i], browser_ids, 2) || strcmp(modes[j], "webchat") == 0 ||
					    strcmp(ids[i], "webchat-ui") == 0));
			CHECK(f.ephemeral == in(modes[j], eph_modes, 3));
			CHECK(f.local_backend == (strcmp(ids[i], "gateway-client") == 0 &&
						  strcmp(modes[j], "backend") == 0));
			CHECK(f.local_cli == (strcmp(ids[i], "cli") == 0 && strcmp(modes[j], "cli") == 0));
		}
	/* the mode is ignored for the control-UI class; the id is ignored for ephemeral */
	CHECK(classify_facts("openclaw-tui", "cli").control_ui);
	CHECK(classify_facts("openclaw-tui", "cli").ephemeral);
	CHECK(!classify_facts("webchat", "ui").browser);
	CHECK(classify_facts("webchat-ui", "ui").browser);
	CHECK(!classify_facts("cli", "backend").local_backend);
	CHECK(!classify_facts("gateway-client", "cli").local_cli);
}

static void
test_edge_cases(void)
{
	struct client_facts f = classify_facts(NULL, NULL);

	CHECK(classify_client(NULL, NULL, NULL) == CLASS_OTHER);
	CHECK(classify_client("", "", "") == CLASS_OTHER);
	CHECK(classify_client(NULL, "gateway", NULL) == CLASS_GATEWAY);	/* presence self row */
	CHECK(classify_client("gateway-client", NULL, NULL) == CLASS_BACKEND);
	CHECK(classify_client("cli", "", NULL) == CLASS_CLI);
	CHECK(classify_client("gateway-client", "ui", "node") == CLASS_NODE);
	CHECK(classify_client("cli", "cli", "worker") == CLASS_WORKER);
	CHECK(classify_client("CLI", "cli", NULL) == CLASS_CLI);	/* ids are case-sensitive; mode decides */
	CHECK(classify_client("OPENCLAW-TUI", "ui", NULL) == CLASS_OTHER);
	CHECK(!f.control_ui && !f.browser && !f.ephemeral && !f.local_backend && !f.local_cli);
	for (int c = 0; c < CLASS_COUNT; c++) {
		CHECK(*classify_key((enum client_class)c));
		CHECK(*classify_label((enum client_class)c));
		CHECK(*classify_help((enum client_class)c));
	}
	CHECK_STR(classify_key(CLASS_BACKEND), "backend");
	CHECK_STR(classify_label(CLASS_TUI), "TUI");
	CHECK_STR(classify_key(CLASS_COUNT), "?");
}

int
main(void)
{
	RUN(test_every_id_mode_pair);
	RUN(test_classes_agree_with_facts);
	RUN(test_facts);
	RUN(test_edge_cases);
	return CHECK_DONE();
}
