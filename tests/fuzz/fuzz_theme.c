/* libFuzzer target: theme files (tui/theme_parse.c, curses-free).  No input may crash the
 * parser, and every refusal must name the file and line. */
#include "tests/fuzz/fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "tui/theme_parse.c"

static void
fuzz_theme_one(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct oc_err err = { "" };
	struct theme t;

	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';		/* files are read as C strings: a NUL ends them */
	theme_defaults(&t);
	if (theme_parse_buf(&t, text, "fuzz.theme", &err) < 0 && strncmp(err.msg, "fuzz.theme:", 11) != 0)
		abort();
	free(text);
}

#ifndef FUZZ_NO_MAIN
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_theme_one(data, size);
	return 0;
}
#endif
