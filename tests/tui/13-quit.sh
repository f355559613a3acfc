#!/bin/sh
# Issue 3: `q` leaves the terminal restored: the shell prompt comes back on a clean screen
# (no alternate-screen leftovers), the exit status is 0, and the tty is sane again.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start default '{}' || exit 1
COLS=80 ROWS=24 tui_start sh -c "'echo BEFORE; ./openclaw-console --url $GW_URL --token-file $GW_TOKEN_FILE --state-dir $TUI_HOME/state; echo EXIT=\$?; stty -a | grep -o \"[-]*icanon\"; echo AFTER'"
tui_wait 'openclaw-tui' 20 >/dev/null 2>&1 || { fail quit_setup "$(tui_text)"; exit 0; }
tui_keys q
if tui_wait 'AFTER' 10 >/dev/null 2>&1; then
	txt=$(tui_text)
	printf '%s\n' "$txt" | grep -q '^EXIT=0$' && ok quit_exit_status_0 || fail quit_exit_status_0 "$txt"
	printf '%s\n' "$txt" | grep -qx 'icanon' && ok quit_tty_restored || fail quit_tty_restored "$txt"
	printf '%s\n' "$txt" | grep -q 'scopes:\|Connections' && fail quit_no_curses_garbage "$txt" ||
		ok quit_no_curses_garbage
else
	fail quit_exit_status_0 "$(tui_text)"
fi
# SIGTERM also restores the terminal
tt kill-server 2>/dev/null; sleep 0.5
COLS=80 ROWS=24 tui_start sh -c "'./openclaw-console --url $GW_URL --token-file $GW_TOKEN_FILE --state-dir $TUI_HOME/state </dev/tty & p=\$!; sleep 3; kill -TERM \$p; wait \$p; echo EXIT=\$?; stty -a | grep -o \"[-]*icanon\"; echo AFTER'"
if tui_wait 'AFTER' 15 >/dev/null 2>&1 && tui_text | grep -qx 'icanon'; then
	ok sigterm_restores_tty
else
	fail sigterm_restores_tty "$(tui_text)"
fi
