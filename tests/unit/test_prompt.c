/* The prompt's line editor (issue 14.1): whole characters in, whole characters out.  The
 * prompt is compiled in directly with tui/width.c; draw_text/draw_fill are stubs that
 * record what would reach the screen, so the scrolling and cursor are checked too. */
#include <locale.h>
#include <stdbool.h>
#include <string.h>

#include "tests/unit/check.h"
#include "tui/prompt.c"
#include "tui/width.c"

/* ===================================================================== Screen stub */

static struct {
	int col;
	enum element el;
	char text[256];
} drawn[16];
static size_t n_drawn;

int
draw_text(const struct canvas *c, int row, int col, enum element el, const char *s, int width,
	  enum align al)
{
	int used = 0;
	size_t n;

	(void)row;
	(void)al;
	if (width <= 0 || width > c->w - col)
		width = c->w - col;
	n = width_fit(s, width, &used);
	if (n_drawn < sizeof(drawn) / sizeof(drawn[0])) {
		drawn[n_drawn].col = col;
		drawn[n_drawn].el = el;
		memcpy(drawn[n_drawn].text, s, n);
		drawn[n_drawn].text[n] = '\0';
		n_drawn++;
	}
	return width;
}

void
draw_fill(const struct canvas *c, int row, enum element el)
{
	(void)c;
	(void)row;
	(void)el;
	n_drawn = 0;
}

/* The whole row as text, and the cursor's text and column. */
static const char *
screen_row(char *out, size_t size, const char **cursor, int *cursor_col)
{
	out[0] = '\0';
	for (size_t i = 0; i < n_drawn; i++) {
		if (drawn[i].el == EL_CURSOR) {
			*cursor = drawn[i].text;
			*cursor_col = drawn[i].col;
		}
		strncat(out, drawn[i].text, size - strlen(out) - 1);
	}
	return out;
}

/* ===================================================================== Tests */

static void
type(struct prompt *p, const char *utf8)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;

	memset(&st, 0, sizeof(st));
	while (*utf8 && (n = mbrtowc(&wc, utf8, strlen(utf8), &st)) > 0 && n < (size_t)-2) {
		prompt_key(p, (int)wc);
		utf8 += n;
	}
}

static void
test_typed_text_is_kept_whole(void)
{
	struct prompt p;

	prompt_begin(&p, '/', NULL);
	type(&p, "é日本😀");
	CHECK_STR(p.buf, "é日本😀");
	CHECK(p.len == strlen("é日本😀") && p.pos == p.len);
	CHECK(prompt_cursor_col(&p) == 1 + 2 + 2 + 2);
	CHECK(prompt_key(&p, KEYC_SPACE) == PROMPT_EDITING);
	CHECK_STR(p.buf, "é日本😀 ");
	CHECK(prompt_key(&p, KEYC_ENTER) == PROMPT_DONE && !p.open);
}

static void
test_cursor_moves_over_wide_characters(void)
{
	struct prompt p;

	prompt_begin(&p, ':', "é日本😀");
	prompt_key(&p, KEYC_LEFT);
	CHECK(prompt_cursor_col(&p) == 5);	/* before the emoji */
	prompt_key(&p, KEYC_LEFT);
	CHECK(prompt_cursor_col(&p) == 3);	/* before 本 */
	prompt_key(&p, KEYC_BACKSPACE);		/* 日: three bytes, two cells */
	CHECK_STR(p.buf, "é本😀");
	CHECK(prompt_cursor_col(&p) == 1);
	prompt_key(&p, 'x');
	CHECK_STR(p.buf, "éx本😀");
	prompt_key(&p, KEYC_DELETE);
	CHECK_STR(p.buf, "éx😀");
	prompt_key(&p, KEYC_HOME);
	CHECK(p.pos == 0);
	prompt_key(&p, KEYC_LEFT);
	CHECK(p.pos == 0);
	prompt_key(&p, KEYC_RIGHT);
	CHECK(p.pos == strlen("é"));
	prompt_key(&p, KEYC_END);
	prompt_key(&p, KEYC_RIGHT);
	CHECK(p.pos == p.len);
	prompt_key(&p, KEYC_BACKSPACE);		/* the emoji: four bytes */
	CHECK_STR(p.buf, "éx");
	prompt_key(&p, KEYC_BACKSPACE);
	prompt_key(&p, KEYC_BACKSPACE);
	CHECK_STR(p.buf, "");
	CHECK(prompt_key(&p, KEYC_BACKSPACE) == PROMPT_CANCEL && !p.open);
}

static void
test_combining_marks_move_with_their_letter(void)
{
	struct prompt p;

	prompt_begin(&p, '/', "ae\xcc\x81");	/* a, e, U+0301 COMBINING ACUTE */
	prompt_key(&p, KEYC_LEFT);
	CHECK(p.pos == 1);			/* before the e, not between e and its accent */
	prompt_key(&p, KEYC_RIGHT);
	CHECK(p.pos == p.len);
	prompt_key(&p, KEYC_BACKSPACE);		/* Backspace removes one code point: the accent */
	CHECK_STR(p.buf, "ae");
	prompt_begin(&p, '/', "ae\xcc\x81z");
	prompt_key(&p, KEYC_HOME);
	prompt_key(&p, KEYC_RIGHT);
	prompt_key(&p, KEYC_DELETE);		/* Delete removes the character under the cursor */
	CHECK_STR(p.buf, "az");
}

static void
test_kill_keys(void)
{
	struct prompt p;

	prompt_begin(&p, '/', "日本語");
	prompt_key(&p, KEYC_LEFT);
	prompt_key(&p, 11);			/* <C-k> */
	CHECK_STR(p.buf, "日本");
	prompt_key(&p, KEYC_LEFT);
	prompt_key(&p, 21);			/* <C-u> */
	CHECK_STR(p.buf, "本");
	CHECK(p.pos == 0);
	prompt_key(&p, 5);			/* <C-e> */
	CHECK(p.pos == p.len);
	prompt_key(&p, 1);			/* <C-a> */
	CHECK(p.pos == 0);
}

static void
test_controls_and_overflow_are_dropped(void)
{
	struct prompt p;
	char full[sizeof(p.buf)];

	prompt_begin(&p, '/', NULL);
	prompt_key(&p, 7);			/* BEL */
	prompt_key(&p, 0x9b);			/* C1 CSI */
	prompt_key(&p, 0x202e);			/* right-to-left override */
	prompt_key(&p, 0xd800);			/* a lone surrogate */
	prompt_key(&p, KEYC_OTHER);
	prompt_key(&p, KEYC_F1);
	CHECK_STR(p.buf, "");
	memset(full, 'a', sizeof(full) - 2);
	full[sizeof(full) - 2] = '\0';
	prompt_begin(&p, '/', full);		/* 254 bytes: room for one more and the NUL */
	prompt_key(&p, 0x1f600);		/* 4 bytes: does not fit, nothing of it is kept */
	CHECK(p.len == sizeof(full) - 2);
	prompt_key(&p, 0xe9);			/* 2 bytes: does not fit either */
	CHECK(p.len == sizeof(full) - 2 && strcmp(p.buf, full) == 0);
	prompt_key(&p, 'b');
	CHECK(p.len == sizeof(full) - 1 && p.buf[p.len - 1] == 'b');
}

static void
test_draw_keeps_cursor_visible(void)
{
	struct prompt p;
	struct canvas c = { 0, 0, 1, 10 };
	char row[512];
	const char *cur = NULL;
	int cur_col = -1;

	prompt_begin(&p, ':', "日日日日日本");	/* 12 cells in a 10-cell row */
	prompt_draw(&p, &c, 0);
	screen_row(row, sizeof(row), &cur, &cur_col);
	CHECK_STR(row, ":日日日本 ");		/* the end, and the blank cursor cell */
	CHECK(cur && strcmp(cur, " ") == 0 && cur_col == 9);
	prompt_key(&p, KEYC_HOME);
	prompt_draw(&p, &c, 0);
	screen_row(row, sizeof(row), &cur, &cur_col);
	CHECK_STR(row, ":日日日日");		/* the start; 日 at the edge would not fit */
	CHECK(cur && strcmp(cur, "日") == 0 && cur_col == 1);
	prompt_key(&p, KEYC_END);
	prompt_key(&p, KEYC_LEFT);
	prompt_draw(&p, &c, 0);
	screen_row(row, sizeof(row), &cur, &cur_col);
	CHECK(cur && strcmp(cur, "本") == 0 && cur_col == 7);	/* wide cursor cell fits */
	prompt_begin(&p, '/', NULL);
	prompt_draw(&p, &c, 0);
	screen_row(row, sizeof(row), &cur, &cur_col);
	CHECK_STR(row, "/ ");
	CHECK(cur_col == 1);
}

int
main(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		printf("FAIL prompt_locale: no C.UTF-8 locale\n");
		return 1;
	}
	RUN(test_typed_text_is_kept_whole);
	RUN(test_cursor_moves_over_wide_characters);
	RUN(test_combining_marks_move_with_their_letter);
	RUN(test_kill_keys);
	RUN(test_controls_and_overflow_are_dropped);
	RUN(test_draw_keeps_cursor_visible);
	return CHECK_DONE();
}
