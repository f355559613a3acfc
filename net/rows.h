/* Table views over the model: the column sets of the connections, pending-request and
 * paired-device tables (a name, a title and a text getter each, so the TUI draws and
 * sorts from one table and the CLI prints from the same one), plus a view index that
 * filters and sorts rows without touching the model.  Pure: no curses, no sockets. */
#ifndef OC_NET_ROWS_H
#define OC_NET_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct model;

enum rows_kind {
	ROWS_PRESENCE,		/* model->presence: struct presence_row */
	ROWS_PENDING,		/* model->pending: struct pending_req */
	ROWS_PAIRED,		/* model->paired: struct paired_dev */
};

/* The text of one cell.  Returns either a string owned by the row or buf (size bytes,
 * always NUL-terminated); never NULL ("" when the field is absent).  now_ms feeds the
 * relative-time columns. */
typedef const char *(*rows_text_fn)(const void *row, int64_t now_ms, char *buf, size_t size);

/* Numeric sort key (timestamps), or NULL to sort by the text. */
typedef int64_t (*rows_num_fn)(const void *row);

struct rows_column {
	const char *name;	/* stable key: "client", "scopes" (CLI --sort, keymaps) */
	const char *title;	/* header text: "CLIENT" */
	int width;		/* suggested width in cells; 0 = take what is left */
	rows_text_fn text;
	rows_num_fn num;	/* timestamp columns: newest sorts last ascending */
};

/* ======================================================================== Columns */

/* The column set of a table kind and its length (never NULL). */
const struct rows_column *rows_columns(enum rows_kind kind, size_t *n);

/* Index of the column called name in kind's set, or -1. */
int rows_column_find(enum rows_kind kind, const char *name);

/* Row i of kind in m (NULL when out of range). */
const void *rows_get(const struct model *m, enum rows_kind kind, size_t i);

/* Number of rows of kind in m. */
size_t rows_count(const struct model *m, enum rows_kind kind);

/* ===================================================================== View index */

struct rows_view {
	enum rows_kind kind;
	int sort_col;		/* column index, or -1 for the model's own order */
	bool descending;
	bool live_only;		/* ROWS_PRESENCE: hide rows whose reason is "disconnect" */
	char filter[128];	/* case-insensitive substring over the visible cells; "" = all */
	size_t *idx;		/* indices into the model list, in display order */
	size_t n;
	size_t cap;
	/* The filter's cache, by model index: each row's visible text (all but the time
	 * columns) ASCII-folded, made once per row revision (struct presence_row.rev ...),
	 * so a keystroke in the filter does not format and fold every cell again.  Owned
	 * by the view: a copy must not outlive it (swapping two views is fine). */
	char **fold;
	uint64_t *fold_rev;
	size_t fold_cap;
};

/* Rebuild v->idx from m: filter (over the cache in v, refreshed for rows whose revision
 * changed), then stable sort (O(n log n)).  Same rows as rows_match.  0, or -1 on OOM
 * (the index may then be filtered but unsorted, or stale). */
int rows_view_build(struct rows_view *v, const struct model *m, int64_t now_ms);

/* Stable merge sort of v[0..n), whose entries index the keys: by num[] when num is not
 * NULL, else by strcmp of text[] (fold the text first for a case-insensitive order);
 * descending reverses.  tmp holds n scratch entries.  The TUI's table widget sorts with it
 * too. */
void rows_sort_indices(size_t *v, size_t *tmp, size_t n, const int64_t *num, char *const *text,
		       bool descending);

/* Free the index and the filter cache and zero their fields (settings are kept). */
void rows_view_free(struct rows_view *v);

/* Whether row (of kind) contains needle, case-insensitively (ASCII folding), in any
 * visible cell.  An empty needle matches everything. */
bool rows_match(enum rows_kind kind, const void *row, const char *needle, int64_t now_ms);

/* ======================================================================== Helpers */

/* "42s", "5m", "3h", "2d" for now_ms - then_ms (negative ages count as 0s); "-" when
 * then_ms is 0 (unknown).  Returns buf. */
const char *rows_relative_time(int64_t now_ms, int64_t then_ms, char *buf, size_t size);

/* The first 12 characters of a device id (the whole id when shorter, "" for NULL), in
 * a static buffer valid until the next call.  Use rows_short_id_r to keep several. */
const char *rows_short_id(const char *device_id);

/* Same into buf (at least 13 bytes to hold 12 characters).  Returns buf. */
const char *rows_short_id_r(const char *device_id, char *buf, size_t size);

/* Join list[0..n) with sep into buf ("" when empty).  Returns buf. */
const char *rows_join(char *const *list, size_t n, const char *sep, char *buf, size_t size);

#endif
