/* The key binding table and everything derived from it: lookup, the help overlay's key
 * column, the footer hints and `list-keys`.  Pure (no curses): keys are the codes below,
 * which tui/app.c translates from curses. */
#ifndef OC_TUI_KEYS_H
#define OC_TUI_KEYS_H

#include <stddef.h>
#include <stdio.h>

#include "tui/actions.h"

/* Key codes: printable characters are their code point, <C-a>..<C-z> are 1..26, the
 * rest live above the Unicode range. */
enum {
	KEYC_BASE = 0x110000,
	KEYC_ENTER,
	KEYC_ESC,
	KEYC_TAB,
	KEYC_BTAB,
	KEYC_UP,
	KEYC_DOWN,
	KEYC_LEFT,
	KEYC_RIGHT,
	KEYC_PGUP,
	KEYC_PGDN,
	KEYC_HOME,
	KEYC_END,
	KEYC_BACKSPACE,
	KEYC_DELETE,
	KEYC_F1,		/* KEYC_F1 + n - 1 for <Fn>, n <= 12 */
	KEYC_F12 = KEYC_F1 + 11,
	KEYC_SPACE,
	KEYC_OTHER,		/* a function key with no name here (<Insert>, <F13> ...) */
};

struct key_binding {
	const char *keymap;	/* "generic" or a view name ("connections") */
	const char *key;	/* tig-style spec: "j", "<Enter>", "<C-l>", "<PgDn>" */
	enum action act;
	const char *hint;	/* footer hint text, or NULL for none */
};

/* The built-in bindings, in display order. */
extern const struct key_binding keys_table[];
extern const size_t keys_count;

/* Parse a key spec into a code.  Returns the code, or -1 for an unknown spec. */
int keys_parse(const char *spec);

/* A user override (the config file's `bind`): code in keymap runs act (ACT_NONE unbinds
 * it there), ahead of the built-in table in keys_lookup.  0, or -1 when the table is full. */
int keys_bind(const char *keymap, int code, enum action act);

/* The spec of a code ("<Enter>", "j", "<C-r>") into buf.  Returns buf. */
const char *keys_name(int code, char *buf, size_t size);

/* The action bound to code in keymap, falling back to "generic"; ACT_NONE if unbound. */
enum action keys_lookup(const char *keymap, int code);

/* The keys bound to act in keymap or generic, joined with ", " into buf ("" if none).
 * Returns buf. */
const char *keys_for_action(const char *keymap, enum action act, char *buf, size_t size);

/* Footer hints for keymap ("?:Help  q:Quit ..."), the view's first, then generic's,
 * each action once.  Returns buf. */
const char *keys_hints(const char *keymap, char *buf, size_t size);

/* Print the whole table, one binding a line: "keymap<TAB>key<TAB>action<TAB>help". */
void keys_print(FILE *out);

#endif
