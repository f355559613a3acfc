#include "tui/theme.h"

#include <stdlib.h>
#include <string.h>

#include "tui/curses.h"

struct element_spec {
	const char *name, *fg, *bg, *attrs, *mono;
};

#define THEME_SPEC_(id, name, fg, bg, attrs, mono) { name, fg, bg, attrs, mono },
static const struct element_spec specs[EL_COUNT] = {
	THEME_ELEMENTS(THEME_SPEC_)
};

static int attrs_of[EL_COUNT];
static bool use_color;

static int
colour_index(const char *name)
{
	static const char *names[] = { "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white" };

	for (int i = 0; i < 8; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;	/* default */
}

static int
parse_attrs(const char *list)
{
	int a = (int)A_NORMAL;

	if (strstr(list, "bold"))
		a |= (int)A_BOLD;
	if (strstr(list, "reverse"))
		a |= (int)A_REVERSE;
	if (strstr(list, "underline"))
		a |= (int)A_UNDERLINE;
	if (strstr(list, "dim"))
		a |= (int)A_DIM;
	return a;
}

void
theme_init(bool no_color)
{
	const char *nc = getenv("NO_COLOR");
	short next_pair = 1;
	short pair_fg[64], pair_bg[64];

	use_color = !no_color && !(nc && *nc) && has_colors();
	if (use_color && start_color() == ERR)
		use_color = false;
	if (use_color)
		use_default_colors();
	for (int e = 0; e < EL_COUNT; e++) {
		short fg, bg, pair = 0;

		if (!use_color) {
			attrs_of[e] = parse_attrs(specs[e].mono);
			continue;
		}
		fg = (short)colour_index(specs[e].fg);
		bg = (short)colour_index(specs[e].bg);
		if (fg >= 0 || bg >= 0) {
			for (short p = 1; p < next_pair; p++)	/* de-duplicate pairs */
				if (pair_fg[p] == fg && pair_bg[p] == bg)
					pair = p;
			if (!pair && next_pair < 64 && next_pair < COLOR_PAIRS) {
				pair = next_pair++;
				pair_fg[pair] = fg;
				pair_bg[pair] = bg;
				init_pair(pair, fg, bg);
			}
		}
		attrs_of[e] = parse_attrs(specs[e].attrs) | (int)COLOR_PAIR(pair);
	}
}

int
theme_attr(enum element el)
{
	return el >= 0 && el < EL_COUNT ? attrs_of[el] : (int)A_NORMAL;
}

bool
theme_has_color(void)
{
	return use_color;
}

const char *
theme_element_name(enum element el)
{
	return el >= 0 && el < EL_COUNT ? specs[el].name : "";
}
