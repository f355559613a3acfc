#include "tui/table_widget.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/rows.h"
#include "tui/width.h"

#define TW_CELL 512

/* ======================================================================== Index */

static const char *
cell_text(const struct tw_col *col, const void *row, void *ctx, int64_t now, char *buf, size_t size)
{
	if (col->text)
		return col->text(row, ctx, now, buf, size);
	if (col->mtext)
		return col->mtext(row, now, buf, size);
	return "";
}

bool
tw_contains_ci(const char *hay, const char *needle)
{
	size_t n = needle ? strlen(needle) : 0;

	if (!n)
		return true;
	for (; hay && *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool
row_matches(const struct tw_table *t, const void *row, const char *needle, int64_t now)
{
	char buf[TW_CELL];

	if (!needle[0])
		return true;
	for (size_t i = 0; i < t->ncols; i++)
		if (tw_contains_ci(cell_text(&t->cols[i], row, t->ctx, now, buf, sizeof(buf)), needle))
			return true;
	return t->search && tw_contains_ci(t->search(row, t->ctx, now, buf, sizeof(buf)), needle);
}

static int
sort_index(const struct tw_table *t, struct rows_view *rv, int64_t now)
{
	const struct tw_col *col;
	struct { int64_t *num; char **text; } k = { NULL, NULL };
	size_t *perm, *tmp, *out, n = rv->n;
	int rc = -1;

	if (rv->sort_col < 0 || (size_t)rv->sort_col >= t->ncols || n < 2)
		return 0;
	col = &t->cols[rv->sort_col];
	perm = malloc(n * sizeof(*perm));
	tmp = malloc(n * sizeof(*tmp));
	out = malloc(n * sizeof(*out));
	if (col->num || col->mnum)
		k.num = malloc(n * sizeof(*k.num));
	else
		k.text = calloc(n, sizeof(*k.text));
	if (!perm || !tmp || !out || (!k.num && !k.text))
		goto done;
	for (size_t i = 0; i < n; i++) {
		const void *row = t->row(t->ctx, rv->idx[i]);

		perm[i] = i;
		if (k.num) {
			k.num[i] = !row ? 0 : col->num ? col->num(row, t->ctx) : col->mnum(row);
		} else {
			char buf[TW_CELL];

			k.text[i] = strdup(row ? cell_text(col, row, t->ctx, now, buf, sizeof(buf)) : "");
			if (!k.text[i])
				goto done;
			for (char *p = k.text[i]; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		}
	}
	rows_sort_indices(perm, tmp, n, k.num, k.text, rv->descending);
	for (size_t i = 0; i < n; i++)
		out[i] = rv->idx[perm[i]];
	memcpy(rv->idx, out, n * sizeof(*out));
	rc = 0;
done:
	if (k.text)
		for (size_t i = 0; i < n; i++)
			free(k.text[i]);
	free(k.text);
	free(k.num);
	free(out);
	free(tmp);
	free(perm);
	return rc;
}

int
tw_rebuild(const struct tw_table *t, struct rows_view *rv, int64_t now_ms)
{
	size_t total = t->count(t->ctx), n = 0;

	if (total > rv->cap) {
		size_t *p = realloc(rv->idx, total * sizeof(*p));

		if (!p)
			return -1;
		rv->idx = p;
		rv->cap = total;
	}
	if (rv->sort_col >= (int)t->ncols)
		rv->sort_col = -1;
	for (size_t i = 0; i < total; i++) {
		const void *row = t->row(t->ctx, i);

		if (!row || (t->keep && !t->keep(row, t->ctx, rv)))
			continue;
		if (!row_matches(t, row, rv->filter, now_ms))
			continue;
		rv->idx[n++] = i;
	}
	rv->n = n;
	return sort_index(t, rv, now_ms);
}

const void *
tw_selected(const struct tw_table *t, const struct rows_view *rv, const struct tw_pos *pos)
{
	if (pos->sel >= rv->n)
		return NULL;
	return t->row(t->ctx, rv->idx[pos->sel]);
}

int
tw_column_find(const struct tw_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
tw_sort_next(const struct tw_table *t, const struct rows_view *rv, const struct tw_pos *pos)
{
	if (!pos->n_shown)
		return rv->sort_col + 1 >= (int)t->ncols ? -1 : rv->sort_col + 1;
	if (rv->sort_col < 0)
		return pos->shown[0];
	for (size_t i = 0; i < pos->n_shown; i++)
		if (pos->shown[i] == rv->sort_col)
			return i + 1 < pos->n_shown ? pos->shown[i + 1] : -1;
	return pos->shown[0];	/* sorted by a column no longer shown: start over */
}

/* ======================================================================= Layout */

size_t
tw_layout(const struct tw_col *cols, size_t ncols, const int *nat, int w, int *shown, int *widths)
{
	bool on[TW_MAX_COLS];
	int want[TW_MAX_COLS], need = 0, spare;
	size_t n = 0;

	if (ncols > TW_MAX_COLS)
		ncols = TW_MAX_COLS;
	for (size_t i = 0; i < ncols; i++) {
		int mn = cols[i].min > 0 ? cols[i].min : 1;

		want[i] = nat[i] < mn ? mn : nat[i];
		if (cols[i].max > 0 && want[i] > cols[i].max)
			want[i] = cols[i].max > mn ? cols[i].max : mn;
		widths[i] = mn;
		on[i] = true;
		need += mn + 1;
	}
	/* drop the highest priority first (the rightmost of equals) until the minimums fit */
	while (need - 1 > w) {
		int best = -1;

		for (size_t i = 0; i < ncols; i++)
			if (on[i] && cols[i].prio > TW_KEEP && (best < 0 || cols[i].prio >= cols[best].prio))
				best = (int)i;
		if (best < 0)
			break;
		on[best] = false;
		need -= widths[best] + 1;
	}
	spare = w - (need - 1);
	/* spare cells, one at a time in turn: first to the bounded columns that keep
	 * decisions visible (request id, name), then to every column whose visible cells
	 * are wider */
	for (int pass = 0; pass < 2; pass++)
		for (bool grew = true; spare > 0 && grew;) {
			grew = false;
			for (size_t i = 0; i < ncols && spare > 0; i++) {
				if (!on[i] || widths[i] >= want[i] ||
				    (pass == 0 && (cols[i].prio != TW_KEEP || cols[i].max == 0)))
					continue;
				widths[i]++;
				spare--;
				grew = true;
			}
		}
	for (size_t i = 0; i < ncols; i++)
		if (on[i])
			shown[n++] = (int)i;
	/* what is left goes to the last unbounded column (or the last column) */
	if (spare > 0 && n) {
		int last = shown[n - 1];

		for (size_t k = n; k-- > 0;)
			if (cols[shown[k]].max == 0) {
				last = shown[k];
				break;
			}
		widths[last] += spare;
	}
	for (size_t k = 0; k < n; k++)
		widths[k] = widths[shown[k]];
	return n;
}

/* ======================================================================= Drawing */

int
tw_draw(const struct tw_table *t, const struct rows_view *rv, struct tw_pos *pos, const struct canvas *c,
	bool focus, int64_t now_ms)
{
	int nat[TW_MAX_COLS], all_w[TW_MAX_COLS], widths[TW_MAX_COLS], shown[TW_MAX_COLS];
	size_t ncols = t->ncols < TW_MAX_COLS ? t->ncols : TW_MAX_COLS, n;
	int body, x;
	char buf[TW_CELL];

	if (c->h <= 0 || c->w <= 0)
		return 0;
	body = c->h - 1;
	if (focus) {
		pos->page = body > 0 ? body : 0;
		pos->first_row_y = c->y + 1;
	}
	/* the one scroll clamp: keep sel visible, no empty rows below the last */
	if (pos->sel >= rv->n)
		pos->sel = rv->n ? rv->n - 1 : 0;
	if (pos->sel < pos->top)
		pos->top = pos->sel;
	if (body > 0 && pos->sel >= pos->top + (size_t)body)
		pos->top = pos->sel - (size_t)body + 1;
	if (pos->top + (size_t)(body > 0 ? body : 0) > rv->n)
		pos->top = rv->n > (size_t)body ? rv->n - (size_t)body : 0;
	/* natural widths: the title, or the widest visible cell */
	for (size_t i = 0; i < ncols; i++) {
		nat[i] = width_of(t->cols[i].title) + 1;	/* room for the sort mark */
		for (int r = 0; r < body && pos->top + (size_t)r < rv->n; r++) {
			const void *row = t->row(t->ctx, rv->idx[pos->top + (size_t)r]);
			int cw = row ? width_of(cell_text(&t->cols[i], row, t->ctx, now_ms, buf, sizeof(buf))) : 0;

			if (cw > nat[i])
				nat[i] = cw;
		}
	}
	n = tw_layout(t->cols, ncols, nat, c->w, shown, all_w);
	for (size_t k = 0; k < n; k++)
		widths[k] = all_w[k];
	memcpy(pos->shown, shown, n * sizeof(shown[0]));
	pos->n_shown = n;
	draw_fill(c, 0, EL_HEADER);
	x = 0;
	for (size_t k = 0; k < n; k++) {
		char title[64];
		int i = shown[k];

		snprintf(title, sizeof(title), "%s%s", t->cols[i].title,
			 rv->sort_col == i ? (rv->descending ? "v" : "^") : "");
		x += draw_text(c, 0, x, EL_HEADER, title, widths[k], ALIGN_LEFT) + 1;
	}
	if (!rv->n && body > 0)
		draw_text(c, 1, 1, EL_DIM, rv->filter[0] ? "no rows match the filter" :
			  t->empty ? t->empty : "no rows", 0, ALIGN_LEFT);
	for (int r = 0; r < body && pos->top + (size_t)r < rv->n; r++) {
		size_t di = pos->top + (size_t)r;
		const void *row = t->row(t->ctx, rv->idx[di]);
		bool sel = focus && di == pos->sel;
		enum element rel = EL_DEFAULT;

		if (!row)
			continue;
		if (sel)
			rel = EL_CURSOR;
		else if (t->row_el)
			rel = t->row_el(row, t->ctx, now_ms);
		draw_fill(c, r + 1, rel);
		x = 0;
		for (size_t k = 0; k < n; k++) {
			const struct tw_col *col = &t->cols[shown[k]];
			enum element el = rel;

			if (!sel && col->el != EL_DEFAULT)
				el = col->el;
			if (!sel && col->cell_el) {
				enum element o = col->cell_el(row, t->ctx, now_ms);

				if (o != EL_DEFAULT)
					el = o;
			}
			if (col->draw)
				col->draw(c, r + 1, x, widths[k], row, t->ctx, el);
			else
				draw_text(c, r + 1, x, el, cell_text(col, row, t->ctx, now_ms, buf, sizeof(buf)),
					  widths[k], ALIGN_LEFT);
			x += widths[k] + 1;
		}
	}
	return c->h;
}
