/* Plain-text tables for the one-shot commands, drawn from net/rows.h column sets so the
 * CLI and the TUI show the same cells. */
#ifndef OC_TUI_TABLE_H
#define OC_TUI_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct model;
struct rows_view;

/* Print a header line and one line per row of v (already built), with the columns
 * cols[0..ncols) of v->kind, each padded to the widest cell (display width, capped at
 * 40 cells except for the last column).  Cells come from the model, which holds only
 * sanitised strings. */
void table_print(FILE *out, const struct model *m, const struct rows_view *v, int64_t now_ms,
		 const int *cols, size_t ncols);

#endif
