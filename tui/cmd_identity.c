/* `openclaw-console identity [--json]`: the console's device id and public key. */
#include "tui/commands.h"

#include <stdio.h>

#include "auth/err.h"
#include "auth/paths.h"

int
cmd_identity(const struct opts *opts)
{
	struct identity id = { 0 };
	struct oc_err err = { "" };
	char dir[4096];
	bool created;

	if (opts->argc > 0) {
		cli_errorf("identity: unexpected argument \"%s\"", opts->argv[0]);
		return EXIT_USAGE;
	}
	if (paths_state_dir(opts->state_dir, dir, sizeof(dir), &err) < 0 ||
	    identity_load_or_create(&id, dir, &created, &err) < 0) {
		cli_errorf("%s", err.msg);
		return EXIT_RUNTIME;
	}
	if (opts->json) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:b}", "deviceId", id.device_id, "publicKey",
				      id.pk_b64, "stateDir", dir, "created", created);
		cli_print_json(o);
		json_decref(o);
	} else {
		cli_linef("device id   %s", id.device_id);
		cli_linef("public key  %s", id.pk_b64);
		cli_linef("state dir   %s%s", dir, created ? " (new identity created)" : "");
	}
	identity_free(&id);
	return EXIT_OK;
}
