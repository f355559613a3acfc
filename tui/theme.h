/* Semantic screen elements and their attributes.  Views name elements, never colours;
 * the built-in theme maps them to colour pairs, with a monochrome fallback (bold,
 * reverse, underline) when colour is off (NO_COLOR, --no-color, !has_colors()). */
#ifndef OC_TUI_THEME_H
#define OC_TUI_THEME_H

#include <stdbool.h>

/* id, name, fg, bg, colour attrs, monochrome attrs (attr names: see theme.c) */
#define THEME_ELEMENTS(_) \
	_(DEFAULT,        "default",        "default", "default", "",          "")          \
	_(TITLE,          "title",          "white",   "blue",    "bold",      "reverse")   \
	_(TAB,            "tab",            "default", "default", "",          "")          \
	_(TAB_ACTIVE,     "tab.active",     "black",   "cyan",    "bold",      "reverse")   \
	_(HEADER,         "header",         "cyan",    "default", "bold",      "bold")      \
	_(CURSOR,         "cursor",         "black",   "cyan",    "",          "reverse")   \
	_(DIM,            "dim",            "default", "default", "dim",       "dim")       \
	_(LABEL,          "label",          "cyan",    "default", "",          "bold")      \
	_(STATUS,         "status",         "default", "default", "",          "")          \
	_(STATUS_ERROR,   "status.error",   "red",     "default", "bold",      "bold")      \
	_(STATUS_OK,      "status.ok",      "green",   "default", "bold",      "bold")      \
	_(STATUS_WARN,    "status.warn",    "yellow",  "default", "bold",      "bold")      \
	_(HINT,           "hint",           "black",   "white",   "",          "reverse")   \
	_(SCOPE_ADMIN,    "scope.admin",    "red",     "default", "bold",      "bold,underline") \
	_(SCOPE_PAIRING,  "scope.pairing",  "yellow",  "default", "bold",      "underline") \
	_(SCOPE,          "scope",          "default", "default", "",          "")          \
	_(ROW_GONE,       "row.gone",       "default", "default", "dim",       "dim")       \
	_(CODE,           "code",           "yellow",  "default", "bold",      "bold")      \
	_(PROMPT,         "prompt",         "default", "default", "bold",      "bold")      \
	_(FRAME,          "frame",          "blue",    "default", "",          "")

#define THEME_ENUM_(id, name, fg, bg, attrs, mono) EL_##id,
enum element {
	THEME_ELEMENTS(THEME_ENUM_)
	EL_COUNT
};

struct oc_err;

/* Load the theme spec (NAME or PATH; NULL or "default" for the built-in) before curses
 * starts: user themes in <config_dir>/themes win over the built-in directories (next to
 * the binary, then the install prefix).  0, or -1 with err "PATH:LINE: what is wrong". */
int theme_load(const char *spec, const char *config_dir, struct oc_err *err);

/* Set up colours after initscr: colour unless no_color, NO_COLOR is set and non-empty,
 * or the terminal has none.  Never changes the user's palette. */
void theme_init(bool no_color);

/* The curses attributes (colour pair included) of an element. */
int theme_attr(enum element el);

/* Whether colours are in use. */
bool theme_has_color(void);

/* The element's name ("status.error"). */
const char *theme_element_name(enum element el);

#endif
