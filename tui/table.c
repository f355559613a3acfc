#include "tui/table.h"

#include <stdlib.h>
#include <string.h>

#include "net/model.h"
#include "net/rows.h"

#define CELL_MAX 40

/* Display width of a sanitised UTF-8 string, counting one cell per code point. */
static size_t
cells(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Print s cut to at most w cells (with "~" marking a cut) and padded to w when pad. */
static void
put_cell(FILE *out, const char *s, size_t w, int pad)
{
	size_t n = cells(s), used = 0;

	if (n > w) {
		for (; *s && used + 1 < w; s++) {
			if (((unsigned char)*s & 0xc0) != 0x80)
				used++;
			fputc(*s, out);
		}
		while (((unsigned char)*s & 0xc0) == 0x80)
			fputc(*s++, out);
		fputc('~', out);
		return;
	}
	fputs(s, out);
	while (pad && n++ < w)
		fputc(' ', out);
}

void
table_print(FILE *out, const struct model *m, const struct rows_view *v, int64_t now_ms,
	    const int *cols, size_t ncols)
{
	size_t nall, *width;
	const struct rows_column *c = rows_columns(v->kind, &nall);
	char buf[1024];

	width = calloc(ncols ? ncols : 1, sizeof(*width));
	if (!width)
		return;
	for (size_t j = 0; j < ncols; j++)
		width[j] = cells(c[cols[j]].title);
	for (size_t i = 0; i < v->n; i++) {
		const void *row = rows_get(m, v->kind, v->idx[i]);

		for (size_t j = 0; j < ncols; j++) {
			size_t w = cells(c[cols[j]].text(row, now_ms, buf, sizeof(buf)));

			if (j + 1 < ncols && w > CELL_MAX)
				w = CELL_MAX;
			if (w > width[j])
				width[j] = w;
		}
	}
	for (size_t j = 0; j < ncols; j++) {
		put_cell(out, c[cols[j]].title, width[j], j + 1 < ncols);
		fputs(j + 1 < ncols ? "  " : "\n", out);
	}
	for (size_t i = 0; i < v->n; i++) {
		const void *row = rows_get(m, v->kind, v->idx[i]);

		for (size_t j = 0; j < ncols; j++) {
			const char *t = c[cols[j]].text(row, now_ms, buf, sizeof(buf));

			put_cell(out, *t ? t : "-", width[j] ? width[j] : 1, j + 1 < ncols);
			fputs(j + 1 < ncols ? "  " : "\n", out);
		}
	}
	free(width);
}
