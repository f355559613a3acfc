/* net/text: network strings are made harmless before they reach a terminal. */
#include <stdlib.h>
#include <string.h>

#include "net/text.h"
#include "check.h"

static const char *
clean(const char *in)
{
	static char out[4096];

	text_sanitize(in, out, sizeof(out));
	return out;
}

static void
test_plain_text_is_kept(void)
{
	CHECK_STR(clean("build-bot"), "build-bot");
	CHECK_STR(clean("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80");
	CHECK_STR(clean(""), "");
}

static void
test_escape_sequences_are_removed(void)
{
	CHECK_STR(clean("a\x1b[31mred\x1b[0m b"), "ared b");
	CHECK_STR(clean("x\x1b]0;owned title\x07y"), "xy");
	CHECK_STR(clean("x\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\y"), "xlinky");
	CHECK_STR(clean("x\x1bP1$r q\x1b\\y"), "xy");
	CHECK_STR(clean("x\x1b(By"), "xy");
	CHECK_STR(clean("x\x1b" "cy"), "xy");
	CHECK_STR(clean("trailing\x1b"), "trailing");
	CHECK_STR(clean("unterminated\x1b]0;title"), "unterminated");
}

static void
test_controls_are_removed(void)
{
	CHECK_STR(clean("a\x01\x02\x7f" "b"), "ab");
	CHECK_STR(clean("tab\there\nline"), "tab here line");
	CHECK_STR(clean("c1\xc2\x85next"), "c1next");		/* U+0085 NEL */
	CHECK_STR(clean("csi\xc2\x9b" "31mx"), "csix");		/* U+009B CSI */
	CHECK_STR(clean("\xc2\x9d" "0;t\x07ok"), "ok");		/* U+009D OSC */
}

/* Issue #13 item 2: a JSON string may hold U+0000; it is dropped like any control, and
 * the text after it is kept, not cut off. */
static void
test_nul_is_a_control_not_the_end(void)
{
	char out[64], *d;

	CHECK(text_sanitize_n("x\0y", 3, out, sizeof(out)) == 2);
	CHECK_STR(out, "xy");
	text_sanitize_n("\0\0lead", 6, out, sizeof(out));
	CHECK_STR(out, "lead");
	text_sanitize_n("trail\0", 6, out, sizeof(out));
	CHECK_STR(out, "trail");
	/* an escape sequence stays removed whole across a NUL */
	text_sanitize_n("a\x1b]0;ti\0tle\x07" "b", 13, out, sizeof(out));
	CHECK_STR(out, "ab");
	text_sanitize_n("a\x1b[3\0" "1mb", 8, out, sizeof(out));
	CHECK_STR(out, "ab");
	/* a multi-byte character cut by the length is invalid, not read past the end */
	text_sanitize_n("caf\xc3\xa9", 4, out, sizeof(out));
	CHECK_STR(out, "caf?");
	d = text_sanitize_dup_n("na\0me\x1b[2J", 9);
	CHECK_STR(d, "name");
	free(d);
	CHECK(text_sanitize_dup_n(NULL, 0) == NULL);
}

static void
test_bidi_overrides_are_removed(void)
{
	CHECK_STR(clean("admin\xe2\x80\xaegpj.exe"), "admingpj.exe");	/* U+202E */
	CHECK_STR(clean("\xe2\x81\xa6x\xe2\x81\xa9"), "x");		/* U+2066..2069 */
	CHECK_STR(clean("\xef\xbb\xbfz"), "z");				/* BOM */
}

static void
test_invalid_utf8_is_replaced(void)
{
	CHECK_STR(clean("a\xff" "b"), "a?b");
	CHECK_STR(clean("a\xc0\xaf" "b"), "a??b");			/* overlong '/' */
	CHECK_STR(clean("a\xed\xa0\x80" "b"), "a???b");			/* surrogate */
	CHECK_STR(clean("a\xe2\x82"), "a??");				/* truncated */
}

static void
test_truncation_respects_characters(void)
{
	char out[6];

	text_sanitize("ab\xe2\x9c\x93\xe2\x9c\x93", out, sizeof(out));
	CHECK_STR(out, "ab\xe2\x9c\x93");
	text_sanitize("abc", out, 1);
	CHECK_STR(out, "");
}

static void
test_huge_hostile_string(void)
{
	size_t n = 100 * 1024;
	char *in = malloc(n + 1), *out;

	for (size_t i = 0; i < n; i++)
		in[i] = (i % 7 == 0) ? '\x1b' : (i % 5 == 0) ? '\x9b' : 'a';
	in[n] = '\0';
	out = text_sanitize_dup(in);
	CHECK(out != NULL);
	CHECK(strchr(out, '\x1b') == NULL);
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		CHECK(*p >= 0x20 && *p != 0x7f);
	free(in);
	free(out);
}

int
main(void)
{
	RUN(test_plain_text_is_kept);
	RUN(test_nul_is_a_control_not_the_end);
	RUN(test_escape_sequences_are_removed);
	RUN(test_controls_are_removed);
	RUN(test_bidi_overrides_are_removed);
	RUN(test_invalid_utf8_is_replaced);
	RUN(test_truncation_respects_characters);
	RUN(test_huge_hostile_string);
	return CHECK_DONE();
}
