#!/bin/sh
# Issue 4 (TUI half): the Pairing view against the real gateway (autoApproveLocal=false).
# Requests from headless services appear without a key press; `a` + `y` approves (the
# service then connects with operator.write); `x` + `y` rejects (gone; its next connect
# makes a new request); a request approved elsewhere disappears; an operator.admin grant
# is not sent on the first confirmation, only after the second keystroke (Y).
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-pairview.XXXXXX")
cleanup_add "rm -rf '$T'"
gw_start pairview '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
cleanup_add "gw_stop pairview"
S="$T/console"
OC_STATE_DIR=$S	# for oc (tests/lib/common.sh)
svc() { service --client-id cli --mode cli "$@"; }
# pending_ids NAME: the request ids pending for display name NAME (via the CLI half)
pending_ids() {
	oc devices list --json >"$T/list" 2>/dev/null
	jget "$T/list" "' '.join(p['requestId'] for p in d['pending'] if p.get('displayName')=='$1')"
}
paired_scopes() {
	oc devices list --json >"$T/list" 2>/dev/null
	jget "$T/list" "' '.join(s for p in d['paired'] if p.get('displayName')=='$1' for s in p['scopes'])"
}

# Pair the console first (status as cli/cli raises its request; the gateway CLI approves it).
if ! gw_pair_console "$S"; then
	fail pairview_console_paired "$GW_PAIR_ERR"
	exit 0
fi
# A request already pending when the console starts: listed, but no bell for it.
svc --device "$T/s0.key" --display-name svc-zero --scopes operator.read >/dev/null 2>&1

COLS=200 ROWS=40 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S"
tt set-option -wg monitor-bell on
tt set-hook -g alert-bell "run-shell 'echo bell >> $T/bells'"
tui_wait 'connected' 20 >/dev/null 2>&1 || { fail pairview_tui_connects "$(tui_text)"; exit 0; }
tui_keys :; tui_keys -l 'view pairing'; tui_keys Enter
if tui_wait 'Pending requests \(1\)' 10 >/dev/null 2>&1 && tui_text | grep -q 'svc-zero' &&
   tui_text | grep -q 'Paired devices'; then
	ok pairview_lists_pending_and_paired
else
	fail pairview_lists_pending_and_paired "$(tui_text)"
fi
tui_text | grep -Eq '(⚑|!) 1 pending' && ok pairview_header_badge || fail pairview_header_badge "$(tui_text)"
sleep 1
[ ! -s "$T/bells" ] && ok pairview_no_bell_for_initial_load || fail pairview_no_bell_for_initial_load "$(cat "$T/bells")"

# 1. approve: a service that keeps retrying until it is accepted
svc --device "$T/s1.key" --display-name svc-one --scopes operator.read,operator.write \
	--retry-until-ok 60 >"$T/s1" 2>&1 &
s1=$!
cleanup_add "kill $s1 2>/dev/null"
if tui_wait 'svc-one' 20 >/dev/null 2>&1; then
	ok pairview_request_appears_without_key
else
	fail pairview_request_appears_without_key "$(tui_text)"
fi
tui_wait '(⚑|!) 2 pending' 5 >/dev/null 2>&1 && ok pairview_badge_counts_new_request ||
	fail pairview_badge_counts_new_request "$(tui_text | head -3)"
i=0; while [ ! -s "$T/bells" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$T/bells" ] && ok pairview_bell_on_new_request || fail pairview_bell_on_new_request "no bell"
tui_keys /; tui_keys -l svc-one; tui_keys Enter
tui_wait 'Pending requests \(1\)  filter: svc-one' 5 >/dev/null 2>&1
tui_keys a
if tui_wait 'Approve pairing request' 5 >/dev/null 2>&1 && tui_text | grep -q 'grants scopes *operator.read,operator.write' &&
   tui_text | grep -q 'grants role *operator' && tui_text | grep -q 'name *svc-one'; then
	ok pairview_approve_confirmation_lists_grant
else
	fail pairview_approve_confirmation_lists_grant "$(tui_text)"
fi
tui_keys y
if tui_wait 'approved [0-9a-f-]+: scopes operator.read,operator.write' 10 >/dev/null 2>&1; then
	ok pairview_approve_status_line
else
	fail pairview_approve_status_line "$(tui_text)"
fi
wait $s1
if [ "$(jget "$T/s1" "d['outcome']=='accepted' and 'operator.write' in d['scopes']")" = True ]; then
	ok pairview_approved_service_accepted_with_write
else
	fail pairview_approved_service_accepted_with_write "$(cat "$T/s1")"
fi
tui_keys Escape
# the pending section (between its title and the paired section) no longer lists svc-one
pending_section() { tui_text | sed -n '/Pending requests/,/Paired devices/p'; }
tui_wait 'Pending requests \(1\) ' 5 >/dev/null 2>&1 && ! pending_section | grep -q 'svc-one' &&
	tui_text | sed -n '/Paired devices/,$p' | grep -q 'svc-one' &&
	ok pairview_approved_row_moves_to_paired || fail pairview_approved_row_moves_to_paired "$(tui_text)"

# 2. reject
svc --device "$T/s2.key" --display-name svc-two --scopes operator.read >"$T/s2" 2>&1
r2=$(jget "$T/s2" 'd["requestId"]')
tui_wait 'svc-two' 10 >/dev/null 2>&1
tui_keys /; tui_keys -l svc-two; tui_keys Enter
tui_wait 'filter: svc-two' 5 >/dev/null 2>&1
tui_keys x
tui_wait 'Reject pairing request' 5 >/dev/null 2>&1 && ok pairview_reject_confirmation ||
	fail pairview_reject_confirmation "$(tui_text)"
tui_keys y
if tui_wait "rejected $r2" 10 >/dev/null 2>&1 && tui_wait 'no pending requests|no rows match' 5 >/dev/null 2>&1 &&
   [ -z "$(pending_ids svc-two)" ]; then
	ok pairview_reject_removes_request
else
	fail pairview_reject_removes_request "r2=$r2 pending=$(pending_ids svc-two) $(tui_text)"
fi
svc --device "$T/s2.key" --display-name svc-two --scopes operator.read >"$T/s2b" 2>&1
rc=$?
r2b=$(jget "$T/s2b" 'd["requestId"]')
[ $rc -eq 3 ] && [ -n "$r2b" ] && [ "$r2b" != "$r2" ] && ok pairview_rejected_device_asks_again ||
	fail pairview_rejected_device_asks_again "rc=$rc $r2 -> $r2b"
tui_wait 'svc-two' 10 >/dev/null 2>&1 && ok pairview_new_request_after_reject_shown ||
	fail pairview_new_request_after_reject_shown "$(tui_text)"
tui_keys Escape

# 3. resolved elsewhere: approved with the gateway's own CLI
svc --device "$T/s3.key" --display-name svc-three --scopes operator.read >"$T/s3" 2>&1
r3=$(jget "$T/s3" 'd["requestId"]')
tui_wait 'svc-three' 10 >/dev/null 2>&1 || fail pairview_third_shown "$(tui_text)"
gw_cli devices approve "$r3" >"$T/gw3" 2>&1
# (it leaves the pending section; the pairing list read again on the event shows it paired)
end=$(( $(date +%s) + 10 ))
while pending_section | grep -q 'svc-three' && [ "$(date +%s)" -lt "$end" ]; do sleep 0.1; done
pending_section | grep -q 'svc-three' && fail pairview_resolved_elsewhere_leaves "$(cat "$T/gw3") $(tui_text)" ||
	ok pairview_resolved_elsewhere_leaves
paired_section() { tui_text | sed -n '/Paired devices/,$p'; }
end=$(( $(date +%s) + 5 ))
until paired_section | grep -q 'svc-three' || [ "$(date +%s)" -ge "$end" ]; do sleep 0.1; done
paired_section | grep -q 'svc-three' &&
	ok pairview_approved_elsewhere_listed_as_paired || fail pairview_approved_elsewhere_listed_as_paired "$(tui_text)"

# 4. operator.admin needs a second keystroke
svc --device "$T/s4.key" --display-name svc-admin --scopes operator.admin >"$T/s4" 2>&1
r4=$(jget "$T/s4" 'd["requestId"]')
tui_wait 'svc-admin' 10 >/dev/null 2>&1
tui_keys /; tui_keys -l svc-admin; tui_keys Enter
tui_wait 'filter: svc-admin' 5 >/dev/null 2>&1
tui_keys a
tui_wait 'operator.admin: full control' 5 >/dev/null 2>&1 && tui_text | grep -q 'y: continue' &&
	ok pairview_admin_warning_shown || fail pairview_admin_warning_shown "$(tui_text)"
tui_keys y
tui_wait 'Press Y \(shift-y\) to grant operator.admin' 5 >/dev/null 2>&1
sleep 1
if [ "$(pending_ids svc-admin)" = "$r4" ] && tui_text | grep -q 'Approve pairing request'; then
	ok pairview_admin_first_confirmation_does_not_approve
else
	fail pairview_admin_first_confirmation_does_not_approve "pending=$(pending_ids svc-admin) r4=$r4 $(tui_text)"
fi
tui_keys y
sleep 0.5
[ "$(pending_ids svc-admin)" = "$r4" ] && ok pairview_admin_lowercase_y_again_not_enough ||
	fail pairview_admin_lowercase_y_again_not_enough "$(tui_text)"
tui_keys Y
if tui_wait "approved $r4: scopes operator.admin" 10 >/dev/null 2>&1 && [ -z "$(pending_ids svc-admin)" ] &&
   paired_scopes svc-admin | grep -q operator.admin; then
	ok pairview_admin_second_keystroke_approves
else
	fail pairview_admin_second_keystroke_approves "pending=$(pending_ids svc-admin) $(tui_text)"
fi
tui_keys Escape

# 5. Esc cancels: nothing sent
svc --device "$T/s5.key" --display-name svc-five --scopes operator.read >"$T/s5" 2>&1
r5=$(jget "$T/s5" 'd["requestId"]')
tui_wait 'svc-five' 10 >/dev/null 2>&1
tui_keys /; tui_keys -l svc-five; tui_keys Enter
tui_wait 'filter: svc-five' 5 >/dev/null 2>&1
tui_keys a; tui_wait 'Approve pairing request' 5 >/dev/null 2>&1
tui_keys n
tui_wait 'cancelled: nothing sent' 5 >/dev/null 2>&1 && [ "$(pending_ids svc-five)" = "$r5" ] &&
	ok pairview_cancel_sends_nothing || fail pairview_cancel_sends_nothing "$(tui_text)"
tui_keys q
