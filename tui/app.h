/* The interactive console: one client (openclaw-tui/ui), the model, the views, and the
 * loop that waits in net/evloop, drains the keyboard and repaints once per pass. */
#ifndef OC_TUI_APP_H
#define OC_TUI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/identity.h"
#include "net/client.h"
#include "net/model.h"
#include "tui/cli.h"
#include "tui/prompt.h"
#include "tui/theme.h"

struct opts;
struct view;
struct evloop_timer;

struct app {
	const struct opts *opts;
	struct evloop *loop;
	struct client *client;
	struct model model;
	struct console_me me;		/* URL, state dir, identity, token */
	struct view *views;		/* one per views_all[] entry */
	size_t cur;			/* current view */
	bool help_open;
	int help_top;			/* first line of the help overlay */
	struct prompt prompt;
	bool dirty, quit, ever_ready, was_ready, tick_armed;
	bool pairing_listing, pairing_relist;	/* device.pair.list in flight / wanted again */
	char status[256];		/* one-shot message for the status line */
	enum element status_el;
	char last_log[256];
	struct evloop_timer *tick;
	struct evloop_timer *refresh;	/* periodic device.pair.list (requests expire silently) */
	int exit_code;
	size_t rows_high;		/* most model rows since the last heap trim */
	int tab_row;			/* screen row of the tab bar, -1 when not drawn */
	int tab_end[8];			/* tab i spans columns [tab_end[i-1], tab_end[i]) */
};

/* Run the console until the user quits.  Returns a process exit code. */
int app_run(const struct opts *opts);

/* Show a message on the status line until the next key. */
void app_status(struct app *a, enum element el, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Re-read presence (and pairing, when granted) from the gateway. */
void app_reload(struct app *a);

/* Wall-clock now in ms, for relative times. */
int64_t app_now(void);

/* ===================================================================== Screens */

/* Draw the self-pairing, handshake-failure or connecting screen when the console is not
 * connected yet.  Returns false (drawing nothing) when the main screen should show. */
bool screen_pairing_draw(struct app *a, int lines, int cols);

/* Whether screen_pairing_draw would draw (the pairing-screen keymap applies). */
bool screen_pairing_active(const struct app *a);

/* The help overlay over the whole screen, from the action and key tables. */
void view_help_draw(struct app *a, int lines, int cols);

/* Lines in the help overlay (for scrolling). */
int view_help_lines(const struct app *a);

#endif
