#include "tui/term.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/curses.h"
#include "tui/keys.h"
#include "tui/theme.h"

static bool active;
static bool atexit_done;
static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t pending;
static struct sigaction old_winch;
static int saved_stderr = -1;
static FILE *err_capture;

static void
pipe_poke(void)
{
	int e = errno;

	if (sig_pipe[1] >= 0 && write(sig_pipe[1], "x", 1) < 0) {
		/* full pipe: the reader will wake anyway */
	}
	errno = e;
}

static void
on_winch(int sig)
{
	pending |= TERM_SIG_RESIZE;
	if (old_winch.sa_handler != SIG_DFL && old_winch.sa_handler != SIG_IGN &&
	    old_winch.sa_handler)
		old_winch.sa_handler(sig);	/* ncurses' own handler: it queues KEY_RESIZE */
	pipe_poke();
}

static void
on_quit(int sig)
{
	(void)sig;
	pending |= TERM_SIG_QUIT;
	pipe_poke();
}

static void
on_fatal(int sig)
{
	/* Not async-signal-safe, but the process is dying: a usable terminal matters more
	 * (htop's CRT_handleSIGSEGV does the same). */
	if (active)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
capture_stderr(void)
{
	fflush(stderr);
	err_capture = tmpfile();
	if (!err_capture)
		return;
	saved_stderr = dup(STDERR_FILENO);
	if (saved_stderr < 0 || dup2(fileno(err_capture), STDERR_FILENO) < 0) {
		fclose(err_capture);
		err_capture = NULL;
	}
}

static void
replay_stderr(void)
{
	char buf[4096];
	size_t n;

	if (!err_capture)
		return;
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	rewind(err_capture);
	while ((n = fread(buf, 1, sizeof(buf), err_capture)) > 0)
		fwrite(buf, 1, n, stderr);
	fclose(err_capture);
	err_capture = NULL;
}

int
term_start(bool no_color)
{
	struct sigaction sa;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "openclaw-console: the interactive console needs a terminal "
				"(use a command instead, see --help)\n");
		return -1;
	}
	if (pipe(sig_pipe) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	setlocale(LC_ALL, "");
	if (!initscr()) {
		fprintf(stderr, "openclaw-console: cannot initialise the terminal\n");
		return -1;
	}
	active = true;
	if (!atexit_done) {
		atexit(term_stop);
		atexit_done = true;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	theme_init(no_color);
	capture_stderr();

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, &old_winch);
	sa.sa_handler = on_quit;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_fatal;
	sa.sa_flags = (int)SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return sig_pipe[0];
}

void
term_stop(void)
{
	if (!active)
		return;
	active = false;
	mousemask(0, NULL);
	curs_set(1);
	endwin();
	sigaction(SIGWINCH, &old_winch, NULL);
	replay_stderr();
	if (sig_pipe[1] >= 0)
		close(sig_pipe[1]);
	sig_pipe[1] = -1;
}

unsigned
term_take_signals(void)
{
	char buf[64];
	unsigned bits;

	while (sig_pipe[0] >= 0 && read(sig_pipe[0], buf, sizeof(buf)) > 0)
		;
	bits = (unsigned)pending;
	pending = 0;
	return bits;
}

/* A curses function key (KEY_CODE_YES) as a tui/keys.h code. */
static int
key_from_function(wint_t k)
{
	switch (k) {
	case KEY_ENTER: return KEYC_ENTER;
	case KEY_BTAB: return KEYC_BTAB;
	case KEY_UP: return KEYC_UP;
	case KEY_DOWN: return KEYC_DOWN;
	case KEY_LEFT: return KEYC_LEFT;
	case KEY_RIGHT: return KEYC_RIGHT;
	case KEY_PPAGE: return KEYC_PGUP;
	case KEY_NPAGE: return KEYC_PGDN;
	case KEY_HOME: return KEYC_HOME;
	case KEY_END: return KEYC_END;
	case KEY_BACKSPACE: return KEYC_BACKSPACE;
	case KEY_DC: return KEYC_DELETE;
	case KEY_RESIZE: return TERM_KEY_RESIZE;
	case KEY_MOUSE: return TERM_KEY_MOUSE;
	default: break;
	}
	if (k >= (wint_t)KEY_F(1) && k <= (wint_t)KEY_F(12))
		return KEYC_F1 + (int)(k - (wint_t)KEY_F(1));
	return KEYC_OTHER;
}

/* A character (OK) as a tui/keys.h code: controls by name, text as its code point. */
static int
key_from_char(wint_t c)
{
	switch (c) {
	case '\n': case '\r': return KEYC_ENTER;
	case 27: return KEYC_ESC;
	case '\t': return KEYC_TAB;
	case 127: case 8: return KEYC_BACKSPACE;
	case ' ': return KEYC_SPACE;
	default: break;
	}
	return c < KEYC_BASE ? (int)c : KEYC_OTHER;
}

int
term_read_key(void)
{
	wint_t wc;

	switch (get_wch(&wc)) {
	case OK: return key_from_char(wc);
	case KEY_CODE_YES: return key_from_function(wc);
	default: return TERM_KEY_NONE;
	}
}

bool
term_active(void)
{
	return active;
}
