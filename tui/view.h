/* A view presents one part of the model as a table (tig's view_ops, STYLE.md 3).  The
 * data stays in the model; a view keeps only its cursor, filter/sort index and details
 * toggle.  Views draw through tui/draw.h and never see curses. */
#ifndef OC_TUI_VIEW_H
#define OC_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "net/rows.h"
#include "tui/actions.h"
#include "tui/draw.h"
#include "tui/table_widget.h"

struct app;
struct view;

struct view_ops {
	const char *name;	/* keymap + `:view NAME`: "connections" */
	const char *title;	/* tab label: "Connections" */
	unsigned model_mask;	/* MODEL_CHANGED_* bits that need a rebuild */
	enum rows_kind kind;	/* the table the view indexes */
	void (*init)(struct view *v);
	/* Draw the table (and the details pane when v->detail) into c. */
	void (*draw)(struct view *v, const struct canvas *c);
	/* Return ACT_NONE when consumed; otherwise the generic handler runs. */
	enum action (*handle)(struct view *v, enum action act);
	/* Whether the view shows relative times (needs the 1 s clock). */
	bool (*wants_tick)(const struct view *v);
	/* Views over data outside the model: fill v->rv.idx/n instead of rows_view_build
	 * (NULL = the model table of kind). */
	void (*rebuild)(struct view *v);
	/* A view's own prompt (any prefix but '/' and ':') ended: text, or NULL on cancel. */
	void (*prompt_done)(struct view *v, const char *text);
	/* The table (tui/table_widget.h) the cursor is in: rows, columns, filter and sort. */
	const struct tw_table *(*table)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	struct rows_view rv;	/* filter, sort and the display-order index */
	struct tw_pos pos;	/* cursor, scroll and the columns of the last draw */
	bool detail;		/* details pane open */
};

/* The registered views in tab order: add yours to tui/views.c. */
extern const struct view_ops *const views_all[];
extern const size_t views_count;

extern const struct view_ops conns_view_ops;
extern const struct view_ops reject_view_ops;
extern const struct view_ops trusted_view_ops;

/* Rebuild v's index (its table's filter and sort) and keep the cursor in range. */
void view_rebuild(struct view *v);

/* Draw v's table into c with a column header row, keeping the selection visible.
 * Returns the rows used. */
int view_draw_table(struct view *v, const struct canvas *c);

/* The row under the cursor, or NULL. */
const void *view_selected(struct view *v);

/* The name of the column v is sorted by, or NULL. */
const char *view_sort_name(struct view *v);

#endif
