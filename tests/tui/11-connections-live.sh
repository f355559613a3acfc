#!/bin/sh
# Issue 3: the Connections view follows presence without a key press: a service that
# connects appears, and after it leaves it disappears from the live-only list; `a` shows
# disconnected rows too.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start default '{}' || exit 1
COLS=160 ROWS=30 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$TUI_HOME/state"
tui_wait 'openclaw-tui' 20 >/dev/null 2>&1 && ok conns_shows_own_console ||
	fail conns_shows_own_console "$(tui_text)"
tui_text | grep -q 'operator.admin' && tui_text | grep -q 'gateway 2026' &&
	ok conns_header_shows_scopes_and_version || fail conns_header_shows_scopes_and_version "$(tui_text)"
# A UI client that stays 6 s: it must appear and vanish with no key pressed.
service --client-id gateway-client --mode ui --scopes operator.read --device new --stay 6 \
	>"$TUI_HOME/svc.out" 2>&1 &
svc=$!
cleanup_add "kill $svc 2>/dev/null"
if tui_wait 'gateway-client' 15 >/dev/null 2>&1; then
	ok conns_live_row_appears_without_key
else
	fail conns_live_row_appears_without_key "svc=$(cat "$TUI_HOME/svc.out") $(tui_text)"
fi
wait $svc
end=$(( $(date +%s) + 15 ))
while tui_text | grep -q 'gateway-client' && [ "$(date +%s)" -lt "$end" ]; do sleep 0.1; done
if tui_text | grep -q 'gateway-client'; then
	fail conns_gone_row_hidden_by_default "$(tui_text)"
else
	ok conns_gone_row_hidden_by_default
fi
tui_keys a
tui_wait 'including disconnected' 5 >/dev/null 2>&1 && tui_wait 'gateway-client.*' 5 >/dev/null 2>&1 &&
	tui_text | grep -q 'disconnect' &&
	ok conns_all_key_shows_disconnected_rows || fail conns_all_key_shows_disconnected_rows "$(tui_text)"
# details pane: Enter shows every field of the selected row
tui_keys a
tui_wait 'live only' 5 >/dev/null 2>&1
tui_keys / ; tui_keys -l openclaw-tui ; tui_keys Enter
tui_wait '^1 row' 5 >/dev/null 2>&1
tui_keys Enter
tui_wait 'approved via' 5 >/dev/null 2>&1 && tui_text | grep -q 'token operator' &&
	ok conns_details_pane_joins_paired_record || fail conns_details_pane_joins_paired_record "$(tui_text)"
tui_keys Escape Escape
# live filter
tui_keys / ; tui_keys -l zzznomatch
tui_wait 'no rows match the filter' 5 >/dev/null 2>&1 && ok conns_filter_narrows ||
	fail conns_filter_narrows "$(tui_text)"
tui_keys Escape
tui_wait 'openclaw-tui' 5 >/dev/null 2>&1 && ok conns_filter_escape_clears || fail conns_filter_escape_clears "$(tui_text)"
tui_keys x
tui_wait 'Unknown key x, press \? for help' 5 >/dev/null 2>&1 && ok conns_unknown_key_hint ||
	fail conns_unknown_key_hint "$(tui_text)"
tui_keys : ; tui_keys -l 'sort client-' ; tui_keys Enter
tui_wait 'sort: client' 5 >/dev/null 2>&1 && ok conns_sort_command || fail conns_sort_command "$(tui_text)"
tui_keys : ; tui_keys -l 'q' ; tui_keys Enter
tui_wait_exit() { i=0; while { ! tui_dead || [ -z "$(tui_status)" ]; } && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; tui_dead; }
tui_wait_exit
tui_dead && [ "$(tui_status)" = 0 ] && ok conns_colon_q_quits || fail conns_colon_q_quits "$(tui_text)"
