/* The details pane of every view: a list of label/value pairs drawn one way (label in
 * EL_LABEL, 16 cells; long values wrapped at spaces onto following rows), so that the
 * Connections, Pairing, Rejections and Trusted details look alike. */
#ifndef OC_TUI_FIELDS_H
#define OC_TUI_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "tui/draw.h"

struct fields {
	const struct canvas *c;
	int row;		/* next row to draw */
};

/* Start a details pane on c: a rule with title on row 0, fields from row 1. */
void fields_begin(struct fields *f, const struct canvas *c, const char *title);

/* One field: label and value ("-" when NULL or empty) in el, sanitised, wrapped. */
void fields_add(struct fields *f, const char *label, enum element el, const char *value);

/* A field of scopes, operator.admin and operator.pairing highlighted. */
void fields_scopes(struct fields *f, const char *label, char *const *v, size_t n);

/* "2026-01-02 03:04:05Z (5m ago)", or "-" for 0.  Returns buf. */
const char *fields_when(int64_t now_ms, int64_t ms, char *buf, size_t size);

/* Draw scopes v[0..n) from x over width cells, admin and pairing highlighted.  When
 * they do not fit, admin comes first and "operator." is shortened to "op." so that
 * an admin grant stays visible.  Returns the cells used. */
int fields_draw_scopes(const struct canvas *c, int row, int x, int width, char *const *v, size_t n,
		       enum element base);

#endif
