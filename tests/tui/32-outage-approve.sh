#!/bin/sh
# Issue 9 (the operator's half): an approval confirmed while the gateway is down is reported
# as not sent, and is neither sent by itself after the reconnect nor sent twice.
# Real gateway on its own variant (autoApproveLocal=false), so the SIGKILL disturbs no other
# test's gateway.  A headless service raises a pending request; the console opens the
# approval confirmation; the gateway is SIGKILLed with the confirmation open; once the
# header shows the outage, `y` says "not sent: disconnected" and closes the confirmation.
# The gateway is started again (same port and state) and the console reconnects with no
# key pressed.  Pending requests survive a gateway restart: the gateway keeps them in its
# state, and the same request id is still pending afterwards (asserted below, before any
# retry of the service could refresh or re-create it).  Nothing was approved in the
# meantime: the device is not paired and the retrying service is still waiting.  Then
# `a` + `y` approves that same request exactly once: the status line says so, the service
# is accepted, and the gateway lists one paired device with its name, not two.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-outage.XXXXXX")
cleanup_add "rm -rf '$T'"
gw_start outage '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
cleanup_add "gw_stop outage"
S="$T/console"
OC_STATE_DIR=$S	# for oc (tests/lib/common.sh)
svc() { service --client-id cli --mode cli --device "$T/svc.key" --display-name svc-outage --scopes operator.read "$@"; }
# gw_list: the gateway's own view (its CLI), independent of the console under test
gw_list() { gw_cli devices list --json >"$T/list" 2>"$T/list.err"; }
pending_ids() { jget "$T/list" "' '.join(p['requestId'] for p in d['pending'] if p.get('displayName')=='svc-outage')"; }
paired_count() { jget "$T/list" "len([p for p in d['paired'] if p.get('displayName')=='svc-outage'])"; }
header() { tui_text | head -1; }
# wait_header REGEX SECS: poll the header line
wait_header() {
	end=$(( $(date +%s) + $2 ))
	until header | grep -Eq -- "$1"; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.1
	done
}
reconnected() { header | grep -q ' connected' && ! header | grep -q 'reconnecting'; }
tui_wait_exit() { i=0; while { ! tui_dead || [ -z "$(tui_status)" ]; } && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; tui_dead; }

# Pair the console first (status as cli/cli raises its request; the gateway CLI approves it).
if ! gw_pair_console "$S"; then
	fail outage_console_paired "$GW_PAIR_ERR"
	exit 0
fi

# 1. a headless service raises a pending request (one attempt: nothing refreshes it later)
svc >"$T/s1" 2>&1
req=$(jget "$T/s1" 'd["requestId"]')
dev=$(jget "$T/s1" 'd["deviceId"]')
[ -n "$req" ] || { fail outage_service_request_raised "$(cat "$T/s1")"; exit 0; }

COLS=200 ROWS=40 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S"
tui_wait 'connected' 20 >/dev/null 2>&1 || { fail outage_tui_connects "$(tui_text)"; exit 0; }
tui_keys :; tui_keys -l 'view pairing'; tui_keys Enter
if tui_wait 'Pending requests \(1\)' 10 >/dev/null 2>&1 && tui_text | grep -q 'svc-outage'; then
	ok outage_request_shown
else
	fail outage_request_shown "$(tui_text)"
fi

# 2. the confirmation is open when the gateway dies; y during the outage sends nothing
tui_keys /; tui_keys -l svc-outage; tui_keys Enter
tui_wait 'Pending requests \(1\)  filter: svc-outage' 5 >/dev/null 2>&1
tui_keys a
if tui_wait "Approve pairing request $req\\?" 5 >/dev/null 2>&1 && tui_text | grep -q 'name *svc-outage' &&
   tui_text | grep -q 'grants scopes *operator.read'; then
	ok outage_confirmation_open
else
	fail outage_confirmation_open "req=$req $(tui_text)"
fi
kids=$(gw__descendants "$GW_PID")
kill -KILL "$GW_PID" $kids 2>/dev/null
wait "$GW_PID" 2>/dev/null
if wait_header 'reconnecting|connecting' 15; then
	ok outage_header_shows_outage
else
	fail outage_header_shows_outage "$(header)"
fi
# the operator still sees the question while the gateway is away (nothing closed it)
tui_text | grep -q "Approve pairing request $req?" && ok outage_confirmation_kept_during_outage ||
	fail outage_confirmation_kept_during_outage "$(tui_text)"
tui_keys y
if tui_wait 'not sent: disconnected' 5 >/dev/null 2>&1; then
	ok outage_confirm_reports_not_sent
else
	fail outage_confirm_reports_not_sent "$(tui_text)"
fi
tui_text | grep -q 'Approve pairing request' && fail outage_confirmation_closed "$(tui_text)" ||
	ok outage_confirmation_closed

# 3. the gateway comes back (same port and state); the console reconnects by itself
gw_restart outage >"$T/restart.out" 2>&1
grep -q FAIL "$T/restart.out" && { fail outage_gateway_back "$(cat "$T/restart.out")"; exit 0; }
# the backoff is capped at 30 s
end=$(( $(date +%s) + 45 ))
until reconnected || [ "$(date +%s)" -ge "$end" ]; do sleep 0.2; done
reconnected && ok outage_reconnected_without_key || fail outage_reconnected_without_key "$(header)"
# the request is still offered, and the lists are no longer marked stale
tui_wait '(⚑|!) 1 pending' 10 >/dev/null 2>&1 && tui_wait 'svc-outage' 5 >/dev/null 2>&1 &&
	! tui_text | grep -q 'lists may be stale' &&
	ok outage_request_listed_after_reconnect || fail outage_request_listed_after_reconnect "$(tui_text)"
# give a queued or replayed approval time to arrive, then ask the gateway itself
sleep 3
gw_list
if [ "$(pending_ids)" = "$req" ]; then
	ok outage_pending_survives_restart
else
	fail outage_pending_survives_restart "req=$req pending=$(pending_ids) $(cat "$T/list" "$T/list.err")"
fi
if [ "$(paired_count)" = 0 ]; then
	ok outage_not_sent_after_reconnect
else
	fail outage_not_sent_after_reconnect "paired=$(paired_count) $(cat "$T/list")"
fi
tui_text | grep -Eq 'approved|sent for|device.pair.approve' &&
	fail outage_no_approval_shown_after_reconnect "$(tui_text | tail -3)" || ok outage_no_approval_shown_after_reconnect
# the service tries again and keeps being refused until someone approves it
svc --retry-until-ok 90 >"$T/s2" 2>&1 &
s2=$!
cleanup_add "kill $s2 2>/dev/null"
sleep 3
kill -0 $s2 2>/dev/null && ok outage_service_still_waiting || fail outage_service_still_waiting "$(cat "$T/s2")"

# 4. approve it again, now connected: approved exactly once
tui_keys a
if tui_wait "Approve pairing request $req\\?" 5 >/dev/null 2>&1 && tui_text | grep -q 'name *svc-outage'; then
	ok outage_reapprove_confirmation_same_request
else
	fail outage_reapprove_confirmation_same_request "req=$req $(tui_text)"
fi
tui_keys y
if tui_wait "approved $req: scopes operator.read" 10 >/dev/null 2>&1; then
	ok outage_approved_status
else
	fail outage_approved_status "$(tui_text)"
fi
wait $s2
rc=$?
if [ $rc -eq 0 ] && [ "$(jget "$T/s2" "d['outcome']")" = accepted ]; then
	ok outage_service_accepted
else
	fail outage_service_accepted "rc=$rc $(cat "$T/s2")"
fi
sleep 1
gw_list
if [ "$(paired_count)" = 1 ] && [ -z "$(pending_ids)" ]; then
	ok outage_paired_exactly_once
else
	fail outage_paired_exactly_once "paired=$(paired_count) pending=$(pending_ids) $(cat "$T/list" "$T/list.err")"
fi
# no second approve went out behind it (it would fail: the request is gone), and the
# gateway's log, before and after the restart, records exactly one approval of the device
tui_text | tail -3 | grep -Eq 'failed|no answer' && fail outage_no_second_send "$(tui_text | tail -3)" ||
	ok outage_no_second_send
n=$(cat "$GW_DIR/gateway.log.old" "$GW_DIR/gateway.log" 2>/dev/null | grep -c "device pairing approved device=$dev")
[ "$n" = 1 ] && ok outage_gateway_logged_one_approval ||
	fail outage_gateway_logged_one_approval "dev=$dev approvals=$n"

tui_keys q
if tui_wait_exit && [ "$(tui_status)" = 0 ]; then
	ok outage_quit_exit_0
else
	fail outage_quit_exit_0 "dead=$(tui_dead && echo yes) status=$(tui_status) $(tui_text | tail -3)"
fi
