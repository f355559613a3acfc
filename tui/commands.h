/* The commands of openclaw-console; each returns a process exit code (enum exit_code). */
#ifndef OC_TUI_COMMANDS_H
#define OC_TUI_COMMANDS_H

#include "tui/cli.h"

struct command {
	const char *name;
	int (*run)(const struct opts *opts);
	const char *synopsis;	/* arguments after the name */
	const char *summary;	/* one line for --help and the man page check */
};

/* The table, NULL-terminated; tui/main.c owns it. */
extern const struct command commands[];

int cmd_tui(const struct opts *opts);
int cmd_list_keys(const struct opts *opts);
int cmd_status(const struct opts *opts);
int cmd_identity(const struct opts *opts);
int cmd_connections(const struct opts *opts);
int cmd_devices(const struct opts *opts);
int cmd_explain(const struct opts *opts);
int cmd_rejections(const struct opts *opts);
int cmd_trusted(const struct opts *opts);
int cmd_agent(const struct opts *opts);

#endif
