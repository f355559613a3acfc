#!/bin/sh
# Issue 9: the gateway is SIGKILLed and restarted while the TUI runs: the header shows the
# outage ("reconnecting"), the console reconnects by itself with no key pressed, and the
# Connections view is read again (a client that connects after the restart appears, and a
# client that was connected before the crash is gone).
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start default '{}' || exit 1
COLS=160 ROWS=30 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$TUI_HOME/state"
tui_wait 'openclaw-tui' 20 >/dev/null 2>&1 && tui_wait 'connected' 5 >/dev/null 2>&1 ||
	{ fail restart_tui_connected "$(tui_text)"; exit 0; }
# a client connected before the crash, with a recognisable instance id
service --client-id gateway-client --mode ui --scopes operator.read --device new --instance-id before-crash \
	--stay 120 >"$TUI_HOME/svc1.out" 2>&1 &
s1=$!
cleanup_add "kill $s1 2>/dev/null"
tui_wait 'gateway-client' 15 >/dev/null 2>&1 && ok restart_precrash_client_shown ||
	fail restart_precrash_client_shown "$(tui_text)"

gw_restart default >"$TUI_HOME/restart.out" 2>&1 &
rp=$!
if tui_wait 'reconnecting|disconnected|connecting' 15 >/dev/null 2>&1; then
	ok restart_header_shows_outage
else
	fail restart_header_shows_outage "$(tui_text | head -3)"
fi
wait $rp
grep -q FAIL "$TUI_HOME/restart.out" && { fail restart_gateway_back "$(cat "$TUI_HOME/restart.out")"; exit 0; }
kill $s1 2>/dev/null
# back by itself: the backoff is capped at 30 s
end=$(( $(date +%s) + 45 ))
while [ "$(date +%s)" -lt "$end" ]; do
	hdr=$(tui_text | head -3)
	if printf '%s' "$hdr" | grep -q ' connected' && ! printf '%s' "$hdr" | grep -q 'reconnecting'; then
		break
	fi
	sleep 0.2
done
if tui_text | head -3 | grep -q ' connected' && ! tui_text | head -3 | grep -q 'reconnecting'; then
	ok restart_reconnected_without_key
else
	fail restart_reconnected_without_key "$(tui_text | head -3)"
fi
tui_wait 'openclaw-tui' 10 >/dev/null 2>&1 && ok restart_own_row_back || fail restart_own_row_back "$(tui_text)"
# state re-read: the pre-crash client (its socket died with the gateway) is not listed live
end=$(( $(date +%s) + 15 ))
while tui_text | grep -q 'gateway-client' && [ "$(date +%s)" -lt "$end" ]; do sleep 0.2; done
tui_text | grep -q 'gateway-client' && fail restart_stale_rows_dropped "$(tui_text)" || ok restart_stale_rows_dropped
# and live events flow again: a new client appears
service --client-id gateway-client --mode ui --scopes operator.read --device new --stay 8 >"$TUI_HOME/svc2.out" 2>&1 &
s2=$!
cleanup_add "kill $s2 2>/dev/null"
tui_wait 'gateway-client' 15 >/dev/null 2>&1 && ok restart_events_flow_after_reconnect ||
	fail restart_events_flow_after_reconnect "svc=$(cat "$TUI_HOME/svc2.out") $(tui_text)"
tui_dead && fail restart_tui_alive "status $(tui_status)" || ok restart_tui_alive
tui_keys q
