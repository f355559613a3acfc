#include "tui/fields.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/scopes.h"
#include "net/rows.h"
#include "net/text.h"
#include "tui/width.h"

#define FIELDS_LABEL_W 16
#define FIELDS_VALUE_X 18

void
fields_begin(struct fields *f, const struct canvas *c, const char *title)
{
	char t[64];

	f->c = c;
	f->row = 1;
	draw_rule(c, 0, EL_FRAME);
	snprintf(t, sizeof(t), " %s ", title);
	draw_text(c, 0, 2, EL_HEADER, t, width_of(t), ALIGN_LEFT);
}

void
fields_add(struct fields *f, const char *label, enum element el, const char *value)
{
	char clean[800];
	int w = f->c->w - FIELDS_VALUE_X - 1;
	const char *s;

	text_sanitize(value && *value ? value : "-", clean, sizeof(clean));
	s = clean;
	do {
		size_t len = strlen(s), cut = len;

		if (f->row >= f->c->h)
			return;
		if (w > 10 && width_of(s) > w) {
			cut = width_fit(s, w, NULL);
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (!cut)
				cut = width_fit(s, w, NULL);
		}
		{
			char line[800];

			snprintf(line, sizeof(line), "%.*s", (int)cut, s);
			draw_fill(f->c, f->row, EL_DEFAULT);
			draw_text(f->c, f->row, 1, EL_LABEL, label, FIELDS_LABEL_W, ALIGN_LEFT);
			draw_text(f->c, f->row, FIELDS_VALUE_X, el, line, 0, ALIGN_LEFT);
		}
		f->row++;
		label = "";
		s += cut;
		while (*s == ' ')
			s++;
	} while (*s);
}

void
fields_scopes(struct fields *f, const char *label, char *const *v, size_t n)
{
	if (f->row >= f->c->h)
		return;
	draw_fill(f->c, f->row, EL_DEFAULT);
	draw_text(f->c, f->row, 1, EL_LABEL, label, FIELDS_LABEL_W, ALIGN_LEFT);
	fields_draw_scopes(f->c, f->row, FIELDS_VALUE_X, f->c->w - FIELDS_VALUE_X, v, n, EL_DEFAULT);
	f->row++;
}

const char *
fields_when(int64_t now, int64_t ms, char *buf, size_t size)
{
	char rel[16], abs[32];
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (!ms) {
		snprintf(buf, size, "-");
		return buf;
	}
	if (!gmtime_r(&t, &tm) || !strftime(abs, sizeof(abs), "%Y-%m-%d %H:%M:%SZ", &tm))
		abs[0] = '\0';
	snprintf(buf, size, "%s (%s ago)", abs, rows_relative_time(now, ms, rel, sizeof(rel)));
	return buf;
}

static int
scopes_full_width(char *const *v, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n; i++)
		w += width_of(v[i]) + (i ? 1 : 0);
	return w;
}

int
fields_draw_scopes(const struct canvas *c, int row, int x, int width, char *const *v, size_t n,
		   enum element base)
{
	size_t order[256], k = 0;
	bool compact;
	int used = 0;

	if (width <= 0)
		return 0;
	if (!n)
		return draw_text(c, row, x, EL_DIM, "(none)", width < 6 ? width : 6, ALIGN_LEFT);
	if (n > 256)
		n = 256;
	compact = scopes_full_width(v, n) > width;
	/* compact: the heaviest scopes first, so operator.admin is never cut off */
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < n; i++) {
			enum scope_weight w = scopes_weight(v[i]);
			int p = w == SCOPE_ADMIN ? 0 : w == SCOPE_PAIRING ? 1 : 2;

			if (!compact ? pass == 0 : p == pass)
				order[k++] = i;
		}
	for (size_t j = 0; j < k && used < width; j++) {
		const char *s = v[order[j]];
		enum scope_weight w = scopes_weight(s);
		enum element el = w == SCOPE_ADMIN ? EL_SCOPE_ADMIN : w == SCOPE_PAIRING ? EL_SCOPE_PAIRING : base;
		char shortn[128];
		int ww;

		if (compact && strncmp(s, "operator.", 9) == 0) {
			snprintf(shortn, sizeof(shortn), "op.%s", s + 9);
			s = shortn;
		}
		ww = width_of(s);
		if (j) {
			used += draw_text(c, row, x + used, base, ",", 1, ALIGN_LEFT);
			if (used >= width)
				break;
		}
		if (ww > width - used)
			ww = width - used;
		used += draw_text(c, row, x + used, el, s, ww, ALIGN_LEFT);
	}
	return used;
}
