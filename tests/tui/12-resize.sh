#!/bin/sh
# Issue 3: 80x24 -> 40x10 -> 80x24 stays sane; 1x1 and 20x5 do not crash.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start default '{}' || exit 1
# The exit status goes to a file: tmux 3.3 sometimes leaves #{pane_dead_status} empty
# when the window was resized while the program ran.
COLS=80 ROWS=24 tui_start sh -c "'./openclaw-console --url $GW_URL --token-file $GW_TOKEN_FILE --state-dir $TUI_HOME/state; echo \$? >$TUI_HOME/exit'"
tui_wait 'openclaw-tui' 20 >/dev/null 2>&1 && ok resize_80x24_shows_connections || fail resize_80x24_shows_connections "$(tui_text)"
tui_resize 40 10
if tui_wait '1 Connections' 5 >/dev/null 2>&1 && tui_wait 'openclaw-tui' 5 >/dev/null 2>&1 &&
   [ "$(tui_text | awk '{ if (length($0) > 40) n++ } END { print n+0 }')" = 0 ]; then
	ok resize_40x10_readable
else
	fail resize_40x10_readable "$(tui_text)"
fi
tui_resize 1 1; sleep 0.5
tui_resize 20 5
tui_wait 'terminal' 5 >/dev/null 2>&1 && ! tui_dead && ok resize_tiny_no_crash || fail resize_tiny_no_crash "dead=$(tui_dead && echo y) $(tui_text)"
tui_resize 80 24
tui_wait 'scopes: operator' 5 >/dev/null 2>&1 && tui_wait '?:Help' 5 >/dev/null 2>&1 &&
	! tui_text | grep -q 'too small' && ok resize_back_to_80x24 || fail resize_back_to_80x24 "$(tui_text)"
tui_keys q
WAIT_SECS=10 wait_for test -s "$TUI_HOME/exit"
[ "$(cat "$TUI_HOME/exit" 2>/dev/null)" = 0 ] && ok resize_exit_0 ||
	fail resize_exit_0 "status=$(cat "$TUI_HOME/exit" 2>/dev/null) dead=$(tui_dead && echo y) $(tui_text)"
