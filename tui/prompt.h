/* The one-line prompt at the bottom: `/` live filter and `:` commands. */
#ifndef OC_TUI_PROMPT_H
#define OC_TUI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

struct canvas;

struct prompt {
	bool open;
	char prefix;		/* '/' or ':' */
	char buf[256];		/* UTF-8 text typed so far */
	size_t len;
};

enum prompt_result {
	PROMPT_EDITING,		/* text changed or unchanged; keep the prompt open */
	PROMPT_DONE,		/* Enter: use buf */
	PROMPT_CANCEL,		/* Esc, or Backspace on an empty line */
};

/* Open the prompt with prefix and initial text (NULL = empty). */
void prompt_begin(struct prompt *p, char prefix, const char *initial);

/* Feed one key (tui/keys.h code; printable code points are inserted as UTF-8).
 * Closes the prompt on DONE/CANCEL. */
enum prompt_result prompt_key(struct prompt *p, int code);

/* Draw "<prefix><text>_" on row of c. */
void prompt_draw(const struct prompt *p, const struct canvas *c, int row);

#endif
