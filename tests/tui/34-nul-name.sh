#!/bin/sh
# Issue #13 item 2: one U+0000 in a display name must not blind the console or the agent.
# Against the real gateway with autoApproveLocal false (variant noauto): a service connects
# with displayName "nul\u0000name" and waits for pairing; `devices list --json` lists the
# request (name defanged to "nulname", no U+0000 anywhere), the TUI's pending badge counts
# it and the Pairing view shows it, and the agent still decides: a pinned entry for the
# service's key is approved, so the service gets in.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-nul.XXXXXX")
APID=
cleanup_add '[ -n "$APID" ] && kill -TERM "$APID" 2>/dev/null; rm -rf "$T"'
gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
S="$T/console" C="$T/config"
OC_STATE_DIR=$S OC_CONFIG_DIR=$C	# for oc (tests/lib/common.sh)
NAME='"nul\u0000name"'

if ! gw_pair_console "$S"; then
	fail nul_console_paired "$GW_PAIR_ERR"
	exit 0
fi
dev=$(service_key "$T/svc.key")
service --client-id cli --mode cli --device "$T/svc.key" --display-name-json "$NAME" \
	--scopes operator.read >"$T/s1" 2>&1
req=$(jget "$T/s1" 'd["requestId"]')
[ -n "$req" ] && ok nul_request_pending_on_gateway || { fail nul_request_pending_on_gateway "$(cat "$T/s1")"; exit 0; }
cleanup_add "oc devices reject '$req' >/dev/null 2>&1"
# the gateway itself lists it with the U+0000 as it came
gw_cli devices list --json >"$T/gwlist" 2>&1
grep -q 'nul\\u0000name' "$T/gwlist" && ok nul_gateway_keeps_the_nul || fail nul_gateway_keeps_the_nul "$(head -c 600 "$T/gwlist")"

# 1. the CLI: listed, defanged, and no "timed out"
timeout 60 ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" \
	devices list --json >"$T/list" 2>"$T/list.err"
rc=$?
if [ $rc -eq 0 ] && [ "$(jget "$T/list" "[p['displayName'] for p in d['pending'] if p['requestId']=='$req']")" = "['nulname']" ] &&
   ! grep -q 'u0000' "$T/list"; then
	ok nul_devices_list_json_lists_it_defanged
else
	fail nul_devices_list_json_lists_it_defanged "rc=$rc $(cat "$T/list.err") $(head -c 400 "$T/list")"
fi
npend=$(jget "$T/list" "len(d['pending'])")

# 2. the TUI: the badge counts it, the Pairing view shows it
COLS=200 ROWS=40 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" --config-dir "$C"
tui_wait 'connected' 20 >/dev/null 2>&1 || { fail nul_tui_connects "$(tui_text)"; exit 0; }
tui_wait "(⚑|!) $npend pending" 15 >/dev/null 2>&1 && ok nul_tui_pending_badge_counts_it ||
	fail nul_tui_pending_badge_counts_it "expected $npend pending: $(tui_text | head -3)"
tui_keys :; tui_keys -l 'view pairing'; tui_keys Enter
tui_wait "Pending requests \($npend\)" 10 >/dev/null 2>&1 && tui_text | grep -q 'nulname' &&
	ok nul_tui_pairing_view_shows_it || fail nul_tui_pairing_view_shows_it "$(tui_text)"
tui_keys q
i=0; while ! tui_dead && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

# 3. the agent still decides: a pinned entry for this key approves it
oc trusted add --name nulsvc --device-id "$dev" --scopes operator.read >"$T/add" 2>&1 ||
	fail nul_trusted_entry_added "$(cat "$T/add")"
./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" --config-dir "$C" \
	agent >/dev/null 2>"$T/agent.log" </dev/null &
APID=$!
service --client-id cli --mode cli --device "$T/svc.key" --display-name-json "$NAME" \
	--scopes operator.read --retry-until-ok 25 >"$T/s2" 2>&1
if [ "$(jget "$T/s2" "d['outcome']")" = accepted ] && grep -q "APPROVE request .*entry nulsvc" "$T/agent.log"; then
	ok nul_agent_still_approves
else
	fail nul_agent_still_approves "$(cat "$T/s2") agent: $(tail -5 "$T/agent.log")"
fi
kill -TERM "$APID" 2>/dev/null; wait "$APID" 2>/dev/null; APID=
exit 0
