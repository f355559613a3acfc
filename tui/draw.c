#include "tui/draw.h"

#include <string.h>

#include "tui/curses.h"
#include "tui/width.h"

static bool
inside(const struct canvas *c, int row)
{
	return c && c->h > 0 && c->w > 0 && row >= 0 && row < c->h;
}

int
draw_text(const struct canvas *c, int row, int col, enum element el, const char *s, int width,
	  enum align al)
{
	int avail, used = 0, pad;
	size_t n;

	if (!inside(c, row) || col < 0 || col >= c->w)
		return 0;
	avail = c->w - col;
	if (width <= 0 || width > avail)
		width = avail;
	if (!s)
		s = "";
	n = width_fit(s, width, &used);
	pad = width - used;
	attrset(theme_attr(el));
	move(c->y + row, c->x + col);
	if (al == ALIGN_RIGHT)
		for (int i = 0; i < pad; i++)
			addch(' ');
	addnstr(s, (int)n);
	if (al == ALIGN_LEFT)
		for (int i = 0; i < pad; i++)
			addch(' ');
	attrset(A_NORMAL);
	return width;
}

void
draw_fill(const struct canvas *c, int row, enum element el)
{
	if (!inside(c, row))
		return;
	attrset(theme_attr(el));
	mvhline(c->y + row, c->x, ' ', c->w);
	attrset(A_NORMAL);
}

void
draw_clear(const struct canvas *c, enum element el)
{
	for (int r = 0; c && r < c->h; r++)
		draw_fill(c, r, el);
}

void
draw_rule(const struct canvas *c, int row, enum element el)
{
	if (!inside(c, row))
		return;
	attrset(theme_attr(el));
	mvhline(c->y + row, c->x, ACS_HLINE, c->w);	/* ncurses falls back to '-' itself */
	attrset(A_NORMAL);
}

struct canvas
draw_sub(const struct canvas *c, int row, int h)
{
	struct canvas s = *c;

	if (row < 0)
		row = 0;
	s.y = c->y + row;
	s.h = h;
	if (row + h > c->h)
		s.h = c->h - row;
	if (s.h < 0)
		s.h = 0;
	return s;
}
