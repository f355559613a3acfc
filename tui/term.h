/* The terminal while the console runs: curses on and off, colours, and a restored tty on
 * every way out (normal exit, atexit, SIGTERM/SIGINT/SIGHUP, fatal signals).  stderr goes
 * to a temporary file while curses is up and is replayed after endwin. */
#ifndef OC_TUI_TERM_H
#define OC_TUI_TERM_H

#include <stdbool.h>

enum term_signal {
	TERM_SIG_RESIZE = 1u << 0,	/* SIGWINCH */
	TERM_SIG_QUIT = 1u << 1,	/* SIGINT, SIGTERM, SIGHUP */
};

/* Start curses (cbreak, noecho, keypad, nodelay, mouse, escdelay 25, colours).  Returns
 * the read end of the self-pipe that becomes readable on a signal (watch it in the event
 * loop; term owns it), or -1 when the terminal cannot be used (message printed). */
int term_start(bool no_color);

/* Restore the terminal and replay captured stderr.  Idempotent; safe without start. */
void term_stop(void);

/* Drain the self-pipe and return the TERM_SIG_* bits that arrived since the last call. */
unsigned term_take_signals(void);

/* term_read_key's answers besides a tui/keys.h code. */
enum {
	TERM_KEY_NONE = -1,	/* nothing pending */
	TERM_KEY_RESIZE = -2,	/* the terminal changed size */
	TERM_KEY_MOUSE = -3,	/* a mouse event: read it with getmouse() */
};

/* The next key on the terminal without waiting (the screen is in nodelay mode): a
 * tui/keys.h code, or one of the TERM_KEY_* above.  Reads whole characters (wget_wch),
 * so typed text of any script arrives as its code points; a function key curses knows
 * but tui/keys.h does not name is KEYC_OTHER. */
int term_read_key(void);

/* Whether curses is up. */
bool term_active(void);

#endif
