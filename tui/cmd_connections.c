/* `openclaw-console connections [--json] [--all]`: the gateway's presence list as a table.
 * Presence is not a connection table (protocol brief 6.1): cli, backend and probe modes
 * are never listed, and disconnected rows linger for up to 5 minutes (shown with --all). */
#include "tui/commands.h"

#include <stdio.h>
#include <string.h>

#include "net/evloop.h"
#include "net/gwop.h"
#include "net/model.h"
#include "net/rows.h"
#include "tui/table.h"

static void
connections_usage(FILE *f)
{
	fprintf(f,
		"usage: openclaw-console connections [--json] [--all] [--sort COLUMN[-]] [--filter TEXT]\n"
		"  Live connections from the gateway's presence list (system-presence).\n"
		"  --all          include rows of clients that disconnected in the last 5 minutes\n"
		"  --sort COLUMN  sort by a column (append '-' for descending): client mode class roles\n"
		"                 scopes device platform version since host reason\n"
		"  --filter TEXT  only rows containing TEXT (case-insensitive)\n"
		"  --json         an array of objects with every presence field\n"
		"  Clients in modes cli, backend and probe never appear in presence.\n");
}

int
cmd_connections(const struct opts *opts)
{
	struct oneshot o;
	struct model m;
	struct rows_view v;
	json_t *res = NULL;
	int rc;

	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));
	v.kind = ROWS_PRESENCE;
	v.sort_col = -1;
	v.live_only = true;
	for (int i = 0; i < opts->argc; i++) {
		const char *a = opts->argv[i];

		if (strcmp(a, "--all") == 0) {
			v.live_only = false;
		} else if (strcmp(a, "help") == 0) {
			connections_usage(stdout);
			return EXIT_OK;
		} else if ((strcmp(a, "--sort") == 0 || strcmp(a, "--filter") == 0) && i + 1 < opts->argc) {
			const char *val = opts->argv[++i];

			if (a[2] == 'f') {
				snprintf(v.filter, sizeof(v.filter), "%s", val);
				continue;
			}
			char col[32];
			size_t len = strlen(val);

			snprintf(col, sizeof(col), "%s", val);
			if (len && len < sizeof(col) && col[len - 1] == '-') {
				col[len - 1] = '\0';
				v.descending = true;
			}
			v.sort_col = rows_column_find(ROWS_PRESENCE, col);
			if (v.sort_col < 0) {
				cli_errorf("connections: unknown column \"%s\"", col);
				return EXIT_USAGE;
			}
		} else {
			cli_errorf("connections: unexpected argument \"%s\"", a);
			connections_usage(stderr);
			return EXIT_USAGE;
		}
	}
	rc = oneshot_open(&o, opts, "cli", "cli");
	if (rc != EXIT_OK) {
		oneshot_close(&o);
		return rc;
	}
	if (oneshot_call(&o, GW_OP_PRESENCE, NULL, &res) < 0) {
		cli_errorf("%s: %s", gw_op_method(GW_OP_PRESENCE), o.call_error);
		oneshot_close(&o);
		return EXIT_RUNTIME;
	}
	if (!json_is_array(res)) {
		cli_errorf("%s: the gateway did not return a list", gw_op_method(GW_OP_PRESENCE));
		rc = EXIT_RUNTIME;
	} else if (model_set_presence(&m, res) < 0) {
		cli_errorf("out of memory");
		rc = EXIT_RUNTIME;
	} else {
		oneshot_complete_model(&o, &m, GW_OP_PAIR_LIST);	/* classes on releases before 2026.9 */
		if (rows_view_build(&v, &m, evloop_wall_ms()) < 0) {
			cli_errorf("out of memory");
			rc = EXIT_RUNTIME;
		} else if (opts->json) {
			json_t *arr = json_array();

			for (size_t i = 0; i < v.n; i++)
				json_array_append_new(arr, model_presence_json(&m.presence[v.idx[i]]));
			cli_print_json(arr);
			json_decref(arr);
		} else {
			static const int cols[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
			size_t ncols = v.live_only ? 10 : 11;	/* STATE only matters with --all */

			table_print(stdout, &m, &v, evloop_wall_ms(), cols, ncols);
		}
	}
	if (rc == EXIT_OK) {
		char caps[512];

		/* on stderr, so that --json stays the list */
		if (model_caps_describe(&m, caps, sizeof(caps)))
			cli_errorf("%s", caps);
	}
	json_decref(res);
	rows_view_free(&v);
	model_free(&m);
	oneshot_close(&o);
	return rc;
}
