/* Drawing by semantic element (tui/theme.h), never by colour: views call these and stay
 * free of curses.  All text is clipped to the canvas; widths are display cells. */
#ifndef OC_TUI_DRAW_H
#define OC_TUI_DRAW_H

#include <stdbool.h>

#include "tui/theme.h"

/* A rectangle of the screen, in cells. */
struct canvas {
	int y, x;	/* top-left on the screen */
	int h, w;	/* size; a canvas with h or w <= 0 draws nothing */
};

enum align {
	ALIGN_LEFT,
	ALIGN_RIGHT,
};

/* Draw s at (row, col) of c in element el, truncated to width cells (0 = to the right
 * edge) and padded with spaces to width.  Returns the cells drawn. */
int draw_text(const struct canvas *c, int row, int col, enum element el, const char *s, int width,
	      enum align al);

/* Fill a whole row of c with spaces in element el. */
void draw_fill(const struct canvas *c, int row, enum element el);

/* Clear every row of c with el. */
void draw_clear(const struct canvas *c, enum element el);

/* A horizontal rule across row (line-drawing character, or '-' in ASCII mode). */
void draw_rule(const struct canvas *c, int row, enum element el);

/* A sub-canvas: rows [row, row + h) of c, clipped. */
struct canvas draw_sub(const struct canvas *c, int row, int h);

#endif
