/* Theme files, curses-free: parse `color <element> <fg> <bg> [attrs...]` lines into a
 * table of colours and attribute bits, find a theme by name, and downgrade colours to
 * what the terminal has.  tui/theme.c turns the result into curses pairs. */
#ifndef OC_TUI_THEME_PARSE_H
#define OC_TUI_THEME_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/theme.h"

struct oc_err;

/* ===================================================================== Values */

/* Attribute bits (theme.c maps them to A_BOLD ...). */
enum {
	TATTR_BOLD = 1 << 0,
	TATTR_DIM = 1 << 1,
	TATTR_REVERSE = 1 << 2,
	TATTR_UNDERLINE = 1 << 3,
	TATTR_STANDOUT = 1 << 4,
};

#define THEME_COLOUR_DEFAULT (-1)	/* the terminal's own colour */

struct theme_style {
	int fg, bg;		/* THEME_COLOUR_DEFAULT or 0..255 */
	unsigned attrs;		/* TATTR_* in colour */
	unsigned mono;		/* TATTR_* without colour (from the element list) */
};

struct theme {
	struct theme_style el[EL_COUNT];
};

/* A colour name ("default", "red", "color42") into *out.  0, or -1 if unknown. */
int theme_parse_colour(const char *name, int *out);

/* A comma- or space-separated attribute list ("bold,underline") into *out.  0, or -1 with
 * *bad set to the first unknown word's offset. */
int theme_parse_attrs(const char *list, unsigned *out, size_t *bad);

/* The element called name, or EL_COUNT if there is none. */
enum element theme_element_find(const char *name);

/* ===================================================================== Loading */

/* Fill t with the built-in theme (the element list in tui/theme.h). */
void theme_defaults(struct theme *t);

/* Apply the text of a theme file on top of t.  path names the file in messages.  Returns 0,
 * or -1 with err = "PATH:LINE: what is wrong" at the first bad line (t partly applied). */
int theme_parse_buf(struct theme *t, const char *text, const char *path, struct oc_err *err);

/* Read the file at path and apply it like theme_parse_buf.  0 or -1 (unreadable: err). */
int theme_parse_file(struct theme *t, const char *path, struct oc_err *err);

/* Find the theme spec (a NAME or a PATH: anything with a '/' or ending in ".theme") and
 * write its file into out: <config_dir>/themes/NAME.theme, then each of dirs (a NULL-
 * terminated list of built-in theme directories).  Returns 1 with out set, 0 for "default"
 * with no file found (use the built-in), or -1 with err for an unknown name. */
int theme_locate(const char *spec, const char *config_dir, const char *const *dirs, char *out,
		 size_t size, struct oc_err *err);

/* ===================================================================== Colour depth */

/* The colour to use for c (0..255 or default) on a terminal with colors colours: c itself
 * when it fits, otherwise the nearest of the first 8 (or 16 when colors >= 16) by RGB
 * distance in the xterm palette.  THEME_COLOUR_DEFAULT stays itself. */
int theme_downgrade(int c, int colors);

#endif
