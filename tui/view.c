#include "tui/view.h"

#include <stdio.h>
#include <string.h>

#include "tui/app.h"

void
view_rebuild(struct view *v)
{
	if (v->ops->rebuild)
		v->ops->rebuild(v);
	if (v->ops->table && tw_rebuild(v->ops->table(v), &v->rv, app_now()) < 0)
		app_status(v->app, EL_STATUS_ERROR, "out of memory");
	if (v->pos.sel >= v->rv.n)
		v->pos.sel = v->rv.n ? v->rv.n - 1 : 0;
	v->app->dirty = true;
}

const void *
view_selected(struct view *v)
{
	if (!v->ops->table)
		return NULL;
	return tw_selected(v->ops->table(v), &v->rv, &v->pos);
}

const char *
view_sort_name(struct view *v)
{
	const struct tw_table *t = v->ops->table ? v->ops->table(v) : NULL;

	if (!t || v->rv.sort_col < 0 || (size_t)v->rv.sort_col >= t->ncols)
		return NULL;
	return t->cols[v->rv.sort_col].name;
}

int
view_draw_table(struct view *v, const struct canvas *c)
{
	return tw_draw(v->ops->table(v), &v->rv, &v->pos, c, true, app_now());
}
