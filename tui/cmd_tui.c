/* Placeholder until the interactive console lands (tui/app.c). */
#include "tui/commands.h"

int
cmd_tui(const struct opts *opts)
{
	(void)opts;
	cli_errorf("the interactive console is not built yet; use a command (--help)");
	return EXIT_RUNTIME;
}
