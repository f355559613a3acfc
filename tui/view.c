#include "tui/view.h"

#include <stdio.h>
#include <string.h>

#include "tui/app.h"
#include "tui/width.h"

void
view_rebuild(struct view *v)
{
	if (v->ops->rebuild)
		v->ops->rebuild(v);
	else if (rows_view_build(&v->rv, &v->app->model, app_now()) < 0)
		app_status(v->app, EL_STATUS_ERROR, "out of memory");
	if (v->sel >= v->rv.n)
		v->sel = v->rv.n ? v->rv.n - 1 : 0;
	v->app->dirty = true;
}

const void *
view_selected(const struct view *v)
{
	if (v->sel >= v->rv.n)
		return NULL;
	return rows_get(&v->app->model, v->rv.kind, v->rv.idx[v->sel]);
}

int
view_draw_table(struct view *v, const struct canvas *c, const int *cols, size_t ncols)
{
	size_t n_all;
	const struct rows_column *all = rows_columns(v->rv.kind, &n_all);
	int idx[32], widths[32];
	size_t nc = 0;
	int x, used = 0, body;
	int64_t now = app_now();

	if (c->h <= 0 || c->w <= 0)
		return 0;
	if (!ncols)
		for (size_t i = 0; i < n_all && nc < 32; i++)
			idx[nc++] = (int)i;
	else
		for (size_t i = 0; i < ncols && nc < 32; i++)
			idx[nc++] = cols[i];
	/* fixed widths while they fit; a 0-width column takes the rest; drop what does not fit */
	for (size_t i = 0; i < nc; i++) {
		int w = all[idx[i]].width ? all[idx[i]].width : 12;

		if (used + w + 1 > c->w) {
			nc = i;
			break;
		}
		widths[i] = w;
		used += w + 1;
	}
	for (size_t i = 0; i < nc; i++)
		if (!all[idx[i]].width)
			widths[i] += c->w - used;
	if (!nc) {
		idx[0] = 0;
		widths[0] = c->w;
		nc = 1;
	}
	draw_fill(c, 0, EL_HEADER);
	x = 0;
	for (size_t i = 0; i < nc; i++) {
		char title[48];

		snprintf(title, sizeof(title), "%s%s", all[idx[i]].title,
			 v->rv.sort_col == idx[i] ? (v->rv.descending ? "v" : "^") : "");
		x += draw_text(c, 0, x, EL_HEADER, title, widths[i], ALIGN_LEFT) + 1;
	}
	body = c->h - 1;
	v->page = body > 0 ? body : 0;
	v->first_row_y = c->y + 1;
	if (v->sel < v->top)
		v->top = v->sel;
	if (body > 0 && v->sel >= v->top + (size_t)body)
		v->top = v->sel - (size_t)body + 1;
	if (v->top + (size_t)body > v->rv.n)
		v->top = v->rv.n > (size_t)body ? v->rv.n - (size_t)body : 0;
	if (!v->rv.n && body > 0)
		draw_text(c, 1, 1, EL_DIM, v->rv.filter[0] ? "no rows match the filter" :
			  "no rows", 0, ALIGN_LEFT);
	for (int r = 0; r < body && v->top + (size_t)r < v->rv.n; r++) {
		size_t di = v->top + (size_t)r;
		const void *row = rows_get(&v->app->model, v->rv.kind, v->rv.idx[di]);
		bool sel = di == v->sel;
		enum element el = EL_DEFAULT;

		if (v->rv.kind == ROWS_PRESENCE && row && !((const struct presence_row *)row)->live)
			el = EL_ROW_GONE;
		if (sel)
			el = EL_CURSOR;
		draw_fill(c, r + 1, el);
		x = 0;
		for (size_t i = 0; i < nc; i++) {
			char buf[256];
			const char *t = row ? all[idx[i]].text(row, now, buf, sizeof(buf)) : "";

			x += draw_text(c, r + 1, x, el, t, widths[i], ALIGN_LEFT) + 1;
		}
	}
	return c->h;
}
