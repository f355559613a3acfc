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

/* Whether curses is up. */
bool term_active(void);

#endif
