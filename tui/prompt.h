/* The one-line prompt at the bottom: `/` live filter, `:` commands and the forms' fields.
 * Text is kept in the locale's multibyte encoding (UTF-8); the cursor moves by character,
 * and the line is drawn by display cells, so wide (CJK, emoji) and combining characters
 * edit as a person expects. */
#ifndef OC_TUI_PROMPT_H
#define OC_TUI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

struct canvas;

struct prompt {
	bool open;
	char prefix;		/* '/' or ':' */
	char buf[256];		/* UTF-8 text typed so far */
	size_t len;		/* bytes in buf */
	size_t pos;		/* the cursor: a byte offset at a character boundary, <= len */
};

enum prompt_result {
	PROMPT_EDITING,		/* text changed or unchanged; keep the prompt open */
	PROMPT_DONE,		/* Enter: use buf */
	PROMPT_CANCEL,		/* Esc, or Backspace on an empty line */
};

/* Open the prompt with prefix and initial text (NULL = empty), the cursor at its end. */
void prompt_begin(struct prompt *p, char prefix, const char *initial);

/* Feed one key (a tui/keys.h code).  A printable code point is inserted at the cursor
 * (dropped when it does not fit or cannot be encoded); <Left>/<Right> move over one
 * character (with its combining marks), <Home>/<C-a> and <End>/<C-e> to the ends,
 * <Backspace> deletes the code point before the cursor, <Del>/<C-d> the character under
 * it, <C-u>/<C-k> the text before/after it.  Closes the prompt on DONE/CANCEL. */
enum prompt_result prompt_key(struct prompt *p, int code);

/* The display column of the cursor within the text (cells before it). */
int prompt_cursor_col(const struct prompt *p);

/* Draw "<prefix><text>" on row of c with the cursor shown in reverse, scrolled so the
 * cursor stays visible. */
void prompt_draw(const struct prompt *p, const struct canvas *c, int row);

#endif
