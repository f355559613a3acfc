#include "tui/theme.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/err.h"
#include "tui/curses.h"
#include "tui/theme_parse.h"

#ifndef OC_DATADIR
#define OC_DATADIR "/usr/local/share/openclaw-console"
#endif

static struct theme current;
static bool loaded;
static int attrs_of[EL_COUNT];
static bool use_color;

int
theme_load(const char *spec, const char *config_dir, struct oc_err *err)
{
	char exe[PATH_MAX], here[PATH_MAX + 8], path[PATH_MAX];
	const char *dirs[3];
	size_t nd = 0;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int found;

	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(here, sizeof(here), "%s/themes", exe);
			dirs[nd++] = here;
		}
	}
	dirs[nd++] = OC_DATADIR "/themes";
	dirs[nd] = NULL;
	theme_defaults(&current);
	loaded = true;
	found = theme_locate(spec, config_dir, dirs, path, sizeof(path), err);
	if (found < 0)
		return -1;
	if (found == 0)
		return 0;
	if (theme_parse_file(&current, path, err) < 0) {
		theme_defaults(&current);
		return -1;
	}
	return 0;
}

static int
curses_attrs(unsigned bits)
{
	int a = (int)A_NORMAL;

	if (bits & TATTR_BOLD)
		a |= (int)A_BOLD;
	if (bits & TATTR_DIM)
		a |= (int)A_DIM;
	if (bits & TATTR_REVERSE)
		a |= (int)A_REVERSE;
	if (bits & TATTR_UNDERLINE)
		a |= (int)A_UNDERLINE;
	if (bits & TATTR_STANDOUT)
		a |= (int)A_STANDOUT;
	return a;
}

void
theme_init(bool no_color)
{
	const char *nc = getenv("NO_COLOR");
	short next_pair = 1;
	short pair_fg[256], pair_bg[256];

	if (!loaded)
		theme_defaults(&current);
	use_color = !no_color && !(nc && *nc) && has_colors();
	if (use_color && start_color() == ERR)
		use_color = false;
	if (use_color)
		use_default_colors();
	for (int e = 0; e < EL_COUNT; e++) {
		const struct theme_style *s = &current.el[e];
		short fg, bg, pair = 0;

		if (!use_color) {
			attrs_of[e] = curses_attrs(s->mono);
			continue;
		}
		/* 256 -> 16/8: colours the terminal lacks become the nearest it has */
		fg = (short)theme_downgrade(s->fg, COLORS);
		bg = (short)theme_downgrade(s->bg, COLORS);
		if (fg >= 0 || bg >= 0) {
			for (short p = 1; p < next_pair && !pair; p++)	/* de-duplicate pairs */
				if (pair_fg[p] == fg && pair_bg[p] == bg)
					pair = p;
			if (!pair && next_pair < 256 && next_pair < COLOR_PAIRS) {
				pair = next_pair++;
				pair_fg[pair] = fg;
				pair_bg[pair] = bg;
				init_pair(pair, fg, bg);
			}
		}
		attrs_of[e] = curses_attrs(s->attrs) | (int)COLOR_PAIR(pair);
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
	static const char *const names[EL_COUNT] = {
#define THEME_NAME_(id, name, fg, bg, attrs, mono) name,
		THEME_ELEMENTS(THEME_NAME_)
#undef THEME_NAME_
	};

	return el >= 0 && el < EL_COUNT ? names[el] : "";
}
