/* The one table widget every list of the console draws with (tig's view.c, htop's
 * Panel.c): a row source (count, row) and a column table.  Columns have a name, a
 * title, a minimum and maximum width, a dropping priority, a text getter, a sort key and
 * a theme element.  The widget filters (case-insensitive over the row's displayed text),
 * sorts (by one of its columns), scrolls, lays the columns out for the width at hand and
 * draws them.  Views only describe their rows; they never see curses (tui/draw.h). */
#ifndef OC_TUI_TABLE_WIDGET_H
#define OC_TUI_TABLE_WIDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/rows.h"
#include "tui/draw.h"

#define TW_MAX_COLS 24
#define TW_KEEP 0	/* prio: never hidden (what a decision needs: request id, name, admin) */

/* The text of one cell, as rows_text_fn: a string owned by the row or buf (always
 * NUL-terminated), never NULL.  ctx is the table's ctx. */
typedef const char *(*tw_text_fn)(const void *row, void *ctx, int64_t now_ms, char *buf, size_t size);

/* Numeric sort key (timestamps), or NULL to sort by the text. */
typedef int64_t (*tw_num_fn)(const void *row, void *ctx);

/* A cell's element other than the column's (a repair request, an unpinned entry), or
 * EL_DEFAULT for the column's own. */
typedef enum element (*tw_el_fn)(const void *row, void *ctx, int64_t now_ms);

/* Draw a cell in (c, row, x, width) with base element el; returns the cells used.  For
 * cells with several elements (scopes: operator.admin highlighted). */
typedef int (*tw_draw_fn)(const struct canvas *c, int row, int x, int width, const void *r, void *ctx,
			  enum element el);

struct tw_col {
	const char *name;	/* `:sort NAME`, the status line: "request" */
	const char *title;	/* header: "REQUEST" */
	int min, max;		/* width in cells; max 0 = as wide as its widest cell */
	int prio;		/* higher drops first when narrow; TW_KEEP never drops */
	tw_text_fn text;	/* displayed (and filtered, and sorted) text */
	tw_num_fn num;		/* sort key, NULL = the text */
	enum element el;	/* the cell's element (EL_DEFAULT: the row's) */
	tw_el_fn cell_el;	/* per-row override of el, may be NULL */
	tw_draw_fn draw;	/* custom drawer, may be NULL (draw_text of text) */
	rows_text_fn mtext;	/* a net/rows.h getter instead of text (model columns) */
	rows_num_fn mnum;	/* a net/rows.h sort key instead of num */
};

struct tw_table {
	const struct tw_col *cols;
	size_t ncols;
	size_t (*count)(void *ctx);
	const void *(*row)(void *ctx, size_t i);
	/* Rows to leave out before filtering (disconnected connections), may be NULL. */
	bool (*keep)(const void *row, void *ctx, const struct rows_view *rv);
	/* Extra searchable text not shown in a column (the full device id), may be NULL. */
	tw_text_fn search;
	/* The element of a whole row when not selected (EL_ROW_GONE), may be NULL. */
	tw_el_fn row_el;
	void *ctx;
	const char *empty;	/* "no rows" text, NULL for the default */
};

/* Where a table is scrolled to and what its last draw showed. */
struct tw_pos {
	size_t sel, top;	/* selected and first visible row (display order) */
	int first_row_y;	/* screen row of the first table row (-1: none) */
	int page;		/* rows visible at the last draw */
	int shown[TW_MAX_COLS];	/* columns shown at the last draw, in order */
	size_t n_shown;
};

/* ======================================================================== Index */

/* Rebuild rv->idx from t: keep, then filter rv->filter (case-insensitive, over every
 * column's text and t->search), then a stable sort by column rv->sort_col of t (-1: the
 * source's order; rv->descending reverses).  0, or -1 on OOM (index left as it was). */
int tw_rebuild(const struct tw_table *t, struct rows_view *rv, int64_t now_ms);

/* The row under pos->sel, or NULL. */
const void *tw_selected(const struct tw_table *t, const struct rows_view *rv, const struct tw_pos *pos);

/* Index of the column called name in t, or -1. */
int tw_column_find(const struct tw_table *t, const char *name);

/* The next sort column after rv->sort_col among the columns shown at the last draw (or
 * all of t when none), -1 after the last one. */
int tw_sort_next(const struct tw_table *t, const struct rows_view *rv, const struct tw_pos *pos);

/* ======================================================================= Drawing */

/* Draw the header and the rows of rv into c (header row 0), keeping pos->sel visible
 * (the one scroll clamp), selected row drawn as EL_CURSOR when focus.  Widths adapt to
 * c->w: each column gets its minimum, the lowest priorities drop until the rest fits,
 * then spare cells go to the columns whose visible cells are wider, up to their max.
 * Returns the rows used. */
int tw_draw(const struct tw_table *t, const struct rows_view *rv, struct tw_pos *pos, const struct canvas *c,
	    bool focus, int64_t now_ms);

/* Choose the columns for width w and their widths from the natural (widest visible)
 * widths nat[]: fills shown[]/widths[], returns their number.  Pure, for unit tests. */
size_t tw_layout(const struct tw_col *cols, size_t ncols, const int *nat, int w, int *shown, int *widths);

/* Whether hay contains needle, ASCII case folded; "" matches. */
bool tw_contains_ci(const char *hay, const char *needle);

#endif
