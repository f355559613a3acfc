/* libFuzzer target: config files with their `bind` key overrides (tui/config.c, tui/keys.c; curses-free).  No input may crash the
 * parser, and every refusal must name the file and line. */
#include "tests/fuzz/fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "auth/err.h"
#include "tui/config.c"
#include "tui/keys.c"

static void
fuzz_config_one(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct oc_err err = { "" };
	struct config c;

	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';		/* files are read as C strings: a NUL ends them */
	config_init(&c);
	if (config_parse_buf(&c, text, "fuzz.config", &err) < 0 && strncmp(err.msg, "fuzz.config:", 12) != 0)
		abort();
	free(text);
}

#ifndef FUZZ_NO_MAIN
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_config_one(data, size);
	return 0;
}
#endif
