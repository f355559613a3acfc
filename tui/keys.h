/* The key binding table and everything derived from it: lookup, the help overlay's key
 * column, the footer hints and `list-keys`.  All of them read the effective keymap, the
 * built-in table with the config file's `bind` overrides applied, so what the console
 * shows is what the keys do.  Pure (no curses): keys are the codes below, which
 * tui/term.c translates from curses. */
#ifndef OC_TUI_KEYS_H
#define OC_TUI_KEYS_H

#include <stdbool.h>
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

/* The built-in bindings, in display order (the defaults: see keys_effective). */
extern const struct key_binding keys_table[];
extern const size_t keys_count;

/* Parse a key spec into a code.  Returns the code, or -1 for an unknown spec. */
int keys_parse(const char *spec);

/* A user override (the config file's `bind`): code in keymap runs act (ACT_NONE unbinds
 * it there).  A later bind of the same key in the same keymap replaces an earlier one.
 * 0, or -1 when the override table is full (64). */
int keys_bind(const char *keymap, int code, enum action act);

/* Drop every override: back to the built-in table. */
void keys_unbind_all(void);

/* Binding i of the effective keymap into *out; false past the end.  The built-in table
 * in order, each overridden key carrying its new action (a key unbound with `none` is
 * left out), and keys the config file added after their keymap's last built-in key.
 * A binding keeps its built-in hint only while it keeps its action; added ones have none.
 * The strings stay valid until the next keys_bind or keys_unbind_all. */
bool keys_effective(size_t i, struct key_binding *out);

/* The spec of a code ("<Enter>", "j", "<C-r>") into buf.  Returns buf. */
const char *keys_name(int code, char *buf, size_t size);

/* The action bound to code in keymap, falling back to "generic"; ACT_NONE if unbound. */
enum action keys_lookup(const char *keymap, int code);

/* The keys that run act in keymap (its own, then generic's that it does not shadow; in
 * each, the config file's first), joined with ", " into buf ("" if none).  Returns buf. */
const char *keys_for_action(const char *keymap, enum action act, char *buf, size_t size);

/* Footer hints for keymap ("?:Help  q:Quit ..."): the hinted actions of the built-in
 * table, the view's first, then generic's, each once, with the first key that runs it
 * now (as keys_for_action orders them); an action left with no key is not hinted.
 * Returns buf. */
const char *keys_hints(const char *keymap, char *buf, size_t size);

/* Print the effective keymap, one binding a line: "keymap<TAB>key<TAB>action<TAB>help". */
void keys_print(FILE *out);

#endif
