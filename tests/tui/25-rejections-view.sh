#!/bin/sh
# Issue 5 (TUI half): the Rejections view follows the gateway log (logs.tail) while the
# console runs.  The original problem report's handshake (openclaw-tui/ui, shared token,
# no device identity) appears within seconds with no key pressed, and Enter's explanation
# names the missing device identity and the remedies.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start default '{}' || exit 1
COLS=200 ROWS=40 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$TUI_HOME/state"
tui_wait 'connected' 20 >/dev/null 2>&1 || { fail rejview_console_connects "$(tui_text)"; exit 0; }
tui_keys : ; tui_keys -l 'view rejections' ; tui_keys Enter
tui_wait 'CAUSE: REASON' 5 >/dev/null 2>&1 && ok rejview_opens || fail rejview_opens "$(tui_text)"
# A marker origin makes this test's row unique even on a shared gateway.
mark="http://rv$$.test"
service --client-id openclaw-tui --mode ui --auth token --device none --origin "$mark" >"$TUI_HOME/svc" 2>&1
grep -q 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED\|ORIGIN' "$TUI_HOME/svc" ||
	fail rejview_setup_rejected "$(cat "$TUI_HOME/svc")"
if tui_wait "rv$$.test" 8 >/dev/null 2>&1; then
	ok rejview_row_appears_without_key
else
	fail rejview_row_appears_without_key "svc=$(cat "$TUI_HOME/svc") $(tui_text)"
fi
# the original report exactly (no origin): the newest row is it
service --client-id openclaw-tui --mode ui --auth token --device none >"$TUI_HOME/svc2" 2>&1
grep -q 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED' "$TUI_HOME/svc2" && ok rejview_setup_handshake_rejected ||
	fail rejview_setup_handshake_rejected "$(cat "$TUI_HOME/svc2")"
row() { tui_text | grep -E 'openclaw-tui/ui .*control-ui-insecure-auth: control ui requires device identity' | grep -v "rv$$.test" | head -1; }
i=0; while [ -z "$(row)" ] && [ $i -lt 80 ]; do sleep 0.1; i=$((i + 1)); done
r=$(row)
if [ -n "$r" ] && printf '%s' "$r" | grep -q '127.0.0.1' && printf '%s' "$r" | grep -q ' 1008 ' &&
	printf '%s' "$r" | grep -q 'auth_credentials_received'; then
	ok rejview_row_has_remote_code_phase
else
	fail rejview_row_has_remote_code_phase "row=[$r] $(tui_text)"
fi
# newest first: the second handshake is above the marked one
# (the gateway may be shared with earlier tests, so wait for the log poll to bring it in)
# newest first: the new row on top, the marked one right below it, older rows after
top_is_new() { tui_text | grep -E 'openclaw-tui/ui' | head -2 | sed -n 2p | grep -q "rv$$.test"; }
WAIT_SECS=8 wait_for top_is_new && ok rejview_newest_first || fail rejview_newest_first "$(tui_text)"
tui_keys g Enter
if tui_wait 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED' 5 >/dev/null 2>&1 && tui_text | grep -q 'remedies' &&
	tui_text | grep -q 'signed device identity' && tui_text | grep -q 'likely sent .*client openclaw-tui, mode ui.*device none'; then
	ok rejview_enter_explains_device_identity_and_remedies
else
	fail rejview_enter_explains_device_identity_and_remedies "$(tui_text)"
fi
tui_keys Escape
tui_wait_gone() { i=0; while tui_text | grep -q "$1" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done; ! tui_text | grep -q "$1"; }
tui_wait_gone 'likely sent' && ok rejview_escape_closes_explanation || fail rejview_escape_closes_explanation "$(tui_text)"
# live filter narrows to the marked row
tui_keys / ; tui_keys -l "rv$$.test" ; tui_keys Enter
tui_wait '^1 row' 5 >/dev/null 2>&1 && ok rejview_filter || fail rejview_filter "$(tui_text)"
tui_keys Escape
# idle CPU stays ~0 while following (a 2 s timer, not a busy loop)
pid=$(pgrep -P "$(tui_pid)" -f openclaw-console | head -1); [ -n "$pid" ] || pid=$(tui_pid)
t0=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null); sleep 4
t1=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null)
[ -n "$t0" ] && [ -n "$t1" ] && [ $((t1 - t0)) -lt 40 ] && ok rejview_idle_cpu || fail rejview_idle_cpu "ticks $t0 -> $t1"
tui_keys q

# without operator.read the view names the scope it needs
COLS=200 ROWS=30 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$TUI_HOME/state" --scopes operator.pairing
tui_wait 'connected' 20 >/dev/null 2>&1
tui_keys : ; tui_keys -l 'view rejections' ; tui_keys Enter
tui_wait 'needs the operator.read scope' 8 >/dev/null 2>&1 && ok rejview_missing_scope_named ||
	fail rejview_missing_scope_named "$(tui_text)"
tui_keys q
