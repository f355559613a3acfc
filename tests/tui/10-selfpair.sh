#!/bin/sh
# Issue 3: first-run self-pairing on screen.  noauto gateway, fresh state dir: the pairing
# screen shows the requestId and the approve command; after `openclaw devices approve`
# the console reaches the Connections view by itself.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
S="$TUI_HOME/state"
COLS=100 ROWS=30 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S"
if tui_wait 'openclaw devices approve [0-9a-f-]{8,}' 20 >/dev/null 2>&1; then
	ok selfpair_screen_shows_approve_command
else
	fail selfpair_screen_shows_approve_command "$(tui_text)"
	exit 0
fi
req=$(tui_text | sed -n 's/.*openclaw devices approve \([0-9a-f-]*\).*/\1/p' | head -1)
tui_text | grep -q "requestId *$req" && ok selfpair_screen_shows_request_id ||
	fail selfpair_screen_shows_request_id "$(tui_text)"
id=$(./openclaw-console --state-dir "$S" identity --json 2>/dev/null | sed -n 's/.*"deviceId": *"\([0-9a-f]*\)".*/\1/p')
g1=$(printf '%s' "$id" | cut -c1-8); g2=$(printf '%s' "$id" | cut -c9-16)
tui_text | grep -q "$g1 $g2" && ok selfpair_screen_groups_device_id ||
	fail selfpair_screen_groups_device_id "id=$id $(tui_text)"
tui_wait 'waiting for approval .* retry [0-9]+, next in [0-9]+s' 10 >/dev/null 2>&1 &&
	ok selfpair_screen_live_status || fail selfpair_screen_live_status "$(tui_text)"
if gw_cli devices approve "$req" >"$TUI_HOME/approve.out" 2>&1; then
	if tui_wait '1 Connections' 15 >/dev/null 2>&1 && tui_wait 'connected' 5 >/dev/null 2>&1; then
		ok selfpair_reaches_connections_after_approval
	else
		fail selfpair_reaches_connections_after_approval "$(tui_text)"
	fi
else
	fail selfpair_reaches_connections_after_approval "approve failed: $(tail -3 "$TUI_HOME/approve.out")"
fi
[ -s "$S/device-tokens.json" ] && ok selfpair_device_token_stored || fail selfpair_device_token_stored "no token file"
tui_keys q
tui_wait_exit() { i=0; while { ! tui_dead || [ -z "$(tui_status)" ]; } && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; tui_dead; }
tui_wait_exit && [ "$(tui_status)" = 0 ] && ok selfpair_quit_exit_0 || fail selfpair_quit_exit_0 "status=$(tui_status)"
