#include "tui/prompt.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "net/text.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/width.h"

void
prompt_begin(struct prompt *p, char prefix, const char *initial)
{
	p->open = true;
	p->prefix = prefix;
	snprintf(p->buf, sizeof(p->buf), "%s", initial ? initial : "");
	p->len = strlen(p->buf);
	p->pos = p->len;
}

/* The code point at byte off: its length in bytes, and its width in *cells (an invalid
 * byte is one byte of one cell, as tui/width.c counts it). */
static size_t
cp_len(const struct prompt *p, size_t off, int *cells)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;
	int w;

	memset(&st, 0, sizeof(st));
	n = mbrtowc(&wc, p->buf + off, p->len - off, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*cells = 1;
		return 1;
	}
	w = wcwidth(wc);
	*cells = w < 0 ? 1 : w;
	return n;
}

/* The end of the character at off: one code point and the zero-width ones (combining
 * marks) that follow it, so the cursor never lands between a letter and its accent. */
static size_t
char_end(const struct prompt *p, size_t off)
{
	int w;

	if (off >= p->len)
		return p->len;
	off += cp_len(p, off, &w);
	while (off < p->len) {
		size_t n = cp_len(p, off, &w);

		if (w != 0)
			break;
		off += n;
	}
	return off;
}

/* The start of the character (step_cp: code point) that ends at or spans off. */
static size_t
char_start(const struct prompt *p, size_t off, bool step_cp)
{
	size_t at = 0, prev = 0;
	int w;

	while (at < off) {
		prev = at;
		at = step_cp ? at + cp_len(p, at, &w) : char_end(p, at);
	}
	return prev;
}

static void
cut(struct prompt *p, size_t from, size_t to)
{
	memmove(p->buf + from, p->buf + to, p->len - to + 1);
	p->len -= to - from;
	if (p->pos >= to)
		p->pos -= to - from;
	else if (p->pos > from)
		p->pos = from;
}

/* Insert code point cp at the cursor, in the locale's encoding; control characters,
 * bidirectional overrides and the like (what net/text.c would strip) are dropped. */
static void
insert(struct prompt *p, int cp)
{
	char enc[MB_LEN_MAX + 1], clean[sizeof(enc) + 1];
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof(st));
	n = wcrtomb(enc, (wchar_t)cp, &st);
	if (n == (size_t)-1 || n == 0 || p->len + n >= sizeof(p->buf))
		return;
	enc[n] = '\0';
	if (text_sanitize(enc, clean, sizeof(clean)) != n || memcmp(clean, enc, n) != 0)
		return;
	memmove(p->buf + p->pos + n, p->buf + p->pos, p->len - p->pos + 1);
	memcpy(p->buf + p->pos, enc, n);
	p->len += n;
	p->pos += n;
}

enum prompt_result
prompt_key(struct prompt *p, int code)
{
	switch (code) {
	case KEYC_ENTER:
		p->open = false;
		return PROMPT_DONE;
	case KEYC_ESC:
		p->open = false;
		return PROMPT_CANCEL;
	case KEYC_BACKSPACE:
		if (p->len == 0) {
			p->open = false;
			return PROMPT_CANCEL;
		}
		if (p->pos > 0)
			cut(p, char_start(p, p->pos, true), p->pos);
		return PROMPT_EDITING;
	case KEYC_DELETE: case 4:	/* <C-d> */
		cut(p, p->pos, char_end(p, p->pos));
		return PROMPT_EDITING;
	case KEYC_LEFT:
		p->pos = p->pos ? char_start(p, p->pos, false) : 0;
		return PROMPT_EDITING;
	case KEYC_RIGHT:
		p->pos = char_end(p, p->pos);
		return PROMPT_EDITING;
	case KEYC_HOME: case 1:		/* <C-a> */
		p->pos = 0;
		return PROMPT_EDITING;
	case KEYC_END: case 5:		/* <C-e> */
		p->pos = p->len;
		return PROMPT_EDITING;
	case 21:	/* <C-u>: the text before the cursor */
		cut(p, 0, p->pos);
		return PROMPT_EDITING;
	case 11:	/* <C-k>: the text after it */
		cut(p, p->pos, p->len);
		return PROMPT_EDITING;
	case KEYC_SPACE:
		code = ' ';
		break;
	default:
		break;
	}
	if (code >= ' ' && code < KEYC_BASE)
		insert(p, code);
	return PROMPT_EDITING;
}

/* Bytes [from, to) of the text as a string in out (sizeof(p->buf)). */
static const char *
span(const struct prompt *p, size_t from, size_t to, char *out)
{
	memcpy(out, p->buf + from, to - from);
	out[to - from] = '\0';
	return out;
}

int
prompt_cursor_col(const struct prompt *p)
{
	char tmp[sizeof(p->buf)];

	return width_of(span(p, 0, p->pos, tmp));
}

void
prompt_draw(const struct prompt *p, const struct canvas *c, int row)
{
	char pre[2] = { p->prefix, '\0' }, before[sizeof(p->buf)], under[sizeof(p->buf)];
	char after[sizeof(p->buf)];
	size_t start = 0, end = char_end(p, p->pos);
	int cur_w, x;

	span(p, p->pos, end, under);
	if (!under[0])
		snprintf(under, sizeof(under), " ");	/* at the end: a blank cursor cell */
	cur_w = width_of(under) > 0 ? width_of(under) : 1;
	/* scroll so the cursor (and the character under it) stays on screen */
	while (start < p->pos && width_of(span(p, start, p->pos, before)) + cur_w > c->w - 1)
		start = char_end(p, start);
	span(p, start, p->pos, before);
	span(p, end, p->len, after);
	draw_fill(c, row, EL_PROMPT);
	draw_text(c, row, 0, EL_PROMPT, pre, 1, ALIGN_LEFT);
	x = 1;
	if (before[0])	/* (a width of 0 would mean "to the edge") */
		x += draw_text(c, row, x, EL_PROMPT, before, width_of(before), ALIGN_LEFT);
	x += draw_text(c, row, x, EL_CURSOR, under, cur_w, ALIGN_LEFT);
	draw_text(c, row, x, EL_PROMPT, after, 0, ALIGN_LEFT);
}
