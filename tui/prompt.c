#include "tui/prompt.h"

#include <stdio.h>
#include <string.h>

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
}

static size_t
utf8_encode(int cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

enum prompt_result
prompt_key(struct prompt *p, int code)
{
	char enc[4];
	size_t n;

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
		do
			p->len--;
		while (p->len > 0 && ((unsigned char)p->buf[p->len] & 0xc0) == 0x80);
		p->buf[p->len] = '\0';
		return PROMPT_EDITING;
	case 21:	/* <C-u>: clear */
		p->len = 0;
		p->buf[0] = '\0';
		return PROMPT_EDITING;
	case KEYC_SPACE:
		code = ' ';
		break;
	default:
		break;
	}
	if (code < ' ' || code == 0x7f || code >= KEYC_BASE || (code >= 0x80 && code < 0xa0))
		return PROMPT_EDITING;
	n = utf8_encode(code, enc);
	if (p->len + n < sizeof(p->buf)) {
		memcpy(p->buf + p->len, enc, n);
		p->len += n;
		p->buf[p->len] = '\0';
	}
	return PROMPT_EDITING;
}

void
prompt_draw(const struct prompt *p, const struct canvas *c, int row)
{
	char pre[2] = { p->prefix, '\0' };
	const char *shown = p->buf;
	int room = c->w - 2;

	/* keep the end of a long line visible */
	while (room > 0 && width_of(shown) > room && *shown) {
		shown++;
		while ((*shown & 0xc0) == 0x80)
			shown++;
	}
	draw_fill(c, row, EL_PROMPT);
	draw_text(c, row, 0, EL_PROMPT, pre, 1, ALIGN_LEFT);
	draw_text(c, row, 1, EL_PROMPT, shown, 0, ALIGN_LEFT);
	draw_text(c, row, 1 + width_of(shown), EL_CURSOR, " ", 1, ALIGN_LEFT);
}
