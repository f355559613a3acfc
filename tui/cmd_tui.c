/* `openclaw-console [tui]` opens the interactive console; `list-keys` prints its key table. */
#include "tui/commands.h"

#include <stdio.h>

#include "tui/app.h"
#include "tui/keys.h"

int
cmd_tui(const struct opts *opts)
{
	if (opts->argc > 0 && opts->argv[0][0] == '-' && opts->argv[0][1] == '-' &&
	    opts->argv[0][2] == 'l') {
		keys_print(stdout);
		return EXIT_OK;
	}
	if (opts->argc > 0) {
		cli_errorf("tui: unexpected argument \"%s\"", opts->argv[0]);
		return EXIT_USAGE;
	}
	return app_run(opts);
}

int
cmd_list_keys(const struct opts *opts)
{
	(void)opts;
	keys_print(stdout);
	return EXIT_OK;
}
