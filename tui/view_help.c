/* The `?` overlay: every action of tui/actions.h by group, with the keys bound to it in
 * the current view's keymap and in `generic`.  Nothing here is hand-written. */
#include "tui/app.h"

#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/view.h"
#include "tui/width.h"

static const char *
help_keymap(const struct app *a)
{
	return screen_pairing_active(a) ? "pairing-screen" : a->views[a->cur].ops->name;
}

/* Line i of the help text into buf with its element; false past the end. */
static bool
help_line(const struct app *a, int i, char *buf, size_t size, enum element *el)
{
	const char *group = NULL;
	int line = 0;

	for (size_t k = 1; k <= action_info_count; k++) {
		const struct action_info *ai = action_get((enum action)k);
		char keys[128];

		if (!group || strcmp(group, ai->group) != 0) {
			group = ai->group;
			if (line++ == i) {
				snprintf(buf, size, "%s", "");
				*el = EL_DEFAULT;
				return true;
			}
			if (line++ == i) {
				snprintf(buf, size, "%s", group);
				*el = EL_HEADER;
				return true;
			}
		}
		if (line++ == i) {
			keys_for_action(help_keymap(a), ai->act, keys, sizeof(keys));
			snprintf(buf, size, "  %-18s %-16s %s", keys[0] ? keys : "(:" "prompt)", ai->name,
				 ai->help);
			*el = EL_DEFAULT;
			return true;
		}
	}
	return false;
}

int
view_help_lines(const struct app *a)
{
	char buf[256];
	enum element el;
	int n = 0;

	while (help_line(a, n, buf, sizeof(buf), &el))
		n++;
	return n;
}

void
view_help_draw(struct app *a, int lines, int cols)
{
	struct canvas all = { 0, 0, lines, cols };
	struct canvas body = draw_sub(&all, 1, lines - 2);
	char buf[256], title[128];
	enum element el;

	draw_clear(&all, EL_DEFAULT);
	snprintf(title, sizeof(title), " Help: keys for %s (q or Esc closes, j/k scroll)",
		 help_keymap(a));
	draw_fill(&all, 0, EL_TITLE);
	draw_text(&all, 0, 0, EL_TITLE, title, 0, ALIGN_LEFT);
	for (int r = 0; r < body.h; r++)
		if (help_line(a, a->help_top + r, buf, sizeof(buf), &el))
			draw_text(&body, r, 1, el, buf, 0, ALIGN_LEFT);
	draw_fill(&all, lines - 1, EL_HINT);
	snprintf(buf, sizeof(buf), " %d-%d of %d  mouse: click a row to select it", a->help_top + 1,
		 a->help_top + body.h < view_help_lines(a) ? a->help_top + body.h : view_help_lines(a),
		 view_help_lines(a));
	draw_text(&all, lines - 1, 0, EL_HINT, buf, 0, ALIGN_LEFT);
}
