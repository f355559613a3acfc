#!/bin/sh
# Issue 9: requests time out cleanly.  A fake gateway (tests/lib/fakegw.mjs --mode
# stall-rpc) completes the handshake and then never answers a request.  With --timeout 2:
# the console paints the hello-ok presence snapshot at once, reports each stalled request
# on the status line after 2 s ("device.pair.list: timed out …", "logs.tail: …"), keeps
# answering keys the whole time, and quits at once with status 0.  The one-shot CLI
# exits 1 with one line naming the request.
. tests/lib/common.sh
. tests/lib/tui.sh

PATH="$OC_GATEWAY_PATH:$PATH" node tests/lib/fakegw.mjs --mode stall-rpc --life 120 >"$TUI_HOME/gw.out" 2>&1 &
fg=$!
cleanup_add "kill $fg 2>/dev/null"
WAIT_SECS=10 wait_for grep -q '"port"' "$TUI_HOME/gw.out" || { fail stall_fake_starts "$(cat "$TUI_HOME/gw.out")"; exit 0; }
url="ws://127.0.0.1:$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$TUI_HOME/gw.out")"
( umask 077; echo stall-token >"$TUI_HOME/tok" )

COLS=140 ROWS=24 tui_start ./openclaw-console --url "$url" --token-file "$TUI_HOME/tok" \
	--state-dir "$TUI_HOME/state" --timeout 2
tui_wait ' connected' 10 >/dev/null 2>&1 || { fail stall_tui_connects "$(tui_text)"; exit 0; }
tui_wait ' gateway .*stall' 3 >/dev/null 2>&1 && ok stall_snapshot_painted_without_round_trip ||
	fail stall_snapshot_painted_without_round_trip "$(tui_text)"
tui_wait '(device.pair.list|system-presence): timed out: no answer from the gateway' 8 >/dev/null 2>&1 &&
	ok stall_request_times_out_on_status_line || fail stall_request_times_out_on_status_line "$(tui_text | tail -3)"
# keys work while requests hang: help opens and closes, the view switches
tui_keys '?'
tui_wait 'Help: keys for' 3 >/dev/null 2>&1 && tui_keys Escape && ok stall_keys_answered ||
	fail stall_keys_answered "$(tui_text)"
tui_keys 3
tui_wait 'logs.tail: timed out: no answer from the gateway' 8 >/dev/null 2>&1 &&
	ok stall_rejections_times_out || fail stall_rejections_times_out "$(tui_text | tail -3)"
tui_text | head -1 | grep -q ' connected' && ok stall_still_connected || fail stall_still_connected "$(tui_text | head -1)"
tui_keys q
i=0; while { ! tui_dead || [ -z "$(tui_status)" ]; } && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
tui_dead && [ "$(tui_status)" = 0 ] && ok stall_quit_exit_0_at_once || fail stall_quit_exit_0_at_once "status=$(tui_status)"

# the one-shot CLI: exit 1, one line naming the request, within the timeout
t0=$(date +%s)
./openclaw-console --url "$url" --token-file "$TUI_HOME/tok" --state-dir "$TUI_HOME/state" --timeout 2 \
	devices list >"$TUI_HOME/cli.out" 2>"$TUI_HOME/cli.err"
rc=$?; dt=$(( $(date +%s) - t0 ))
if [ $rc -eq 1 ] && [ "$dt" -le 5 ] && [ "$(grep -c . "$TUI_HOME/cli.err")" -eq 1 ] &&
	grep -q 'device.pair.list: timed out: no answer from the gateway' "$TUI_HOME/cli.err"; then
	ok "stall_cli_exit_1_in_${dt}s"
else
	fail stall_cli_exit_1 "rc=$rc ${dt}s $(cat "$TUI_HOME/cli.err")"
fi
