#!/bin/sh
# Issue 13 item 1 (TUI half), against the real gateway (autoApproveLocal=false): device D
# was approved with read,write,admin, its operator token was revoked, and it asks again for
# operator.read only.  The approve confirmation must show what approval really grants:
# read plus the restored admin and write, called out with the revocation time, and the
# admin double confirmation (y, then Y) applies although the request does not name admin.
# Cancelled at the end: nothing is approved.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-repairview.XXXXXX")
cleanup_add "rm -rf '$T'"
gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
S="$T/console"
OC_STATE_DIR=$S	# for oc (tests/lib/common.sh)
svc() { service --client-id cli --mode cli --device "$T/d.key" --display-name svc-repair "$@"; }
pending_has() {
	gw_cli devices list --json >"$T/list" 2>/dev/null
	[ "$(jget "$T/list" "'$1' in [p['requestId'] for p in d['pending']]")" = True ]
}

gw_pair_console "$S" || { fail repairview_console_paired "$GW_PAIR_ERR"; exit 0; }
dev=$(service_key "$T/d.key")
svc --scopes operator.read,operator.write,operator.admin >"$T/s1" 2>&1
gw_cli devices approve "$(jget "$T/s1" 'd["requestId"]')" >"$T/gw1" 2>&1
oc devices revoke "$dev" --role operator >"$T/rv" 2>&1
svc --scopes operator.read >"$T/s2" 2>&1
req=$(jget "$T/s2" 'd["requestId"]')
[ -n "$req" ] && [ "$(jget "$T/s2" "d['reason']")" = role-upgrade ] && ok repairview_revoked_device_asks_read ||
	{ fail repairview_revoked_device_asks_read "$(cat "$T/s1" "$T/gw1" "$T/rv" "$T/s2")"; exit 0; }

COLS=160 ROWS=40 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S"
tui_wait 'connected' 20 >/dev/null 2>&1 || { fail repairview_tui_connects "$(tui_text)"; exit 0; }
tui_keys :; tui_keys -l 'view pairing'; tui_keys Enter
tui_wait 'svc-repair' 10 >/dev/null 2>&1
tui_keys /; tui_keys -l svc-repair; tui_keys Enter
tui_wait 'Pending requests \(1\)  filter: svc-repair' 5 >/dev/null 2>&1
tui_keys a
if tui_wait 'Approve pairing request' 5 >/dev/null 2>&1 &&
   tui_text | grep -q 'grants scopes *operator.read,operator.admin,operator.write' &&
   tui_text | grep -Eq 're-grants *operator.admin,operator.write \(revoked [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC\)' &&
   tui_text | grep -q 'asked for *operator.read'; then
	ok repairview_confirmation_lists_restored_scopes
else
	fail repairview_confirmation_lists_restored_scopes "$(tui_text)"
fi
tui_text | grep -q 'operator.admin, not asked for, comes back' && tui_text | grep -q 'y: continue' &&
	ok repairview_restored_admin_warned || fail repairview_restored_admin_warned "$(tui_text)"
tui_keys y
tui_wait 'Press Y \(shift-y\) to grant operator.admin' 5 >/dev/null 2>&1
sleep 1
pending_has "$req" && ok repairview_first_y_does_not_approve || fail repairview_first_y_does_not_approve "$(tui_text)"
tui_keys n
tui_wait 'cancelled: nothing sent' 5 >/dev/null 2>&1 && pending_has "$req" &&
	ok repairview_cancel_leaves_pending || fail repairview_cancel_leaves_pending "$(tui_text)"
# the details pane says it too
tui_keys Enter
tui_wait 'approval grants' 5 >/dev/null 2>&1 && tui_text | grep -q 're-grants *operator.admin,operator.write' &&
	ok repairview_details_show_effective_grant || fail repairview_details_show_effective_grant "$(tui_text)"
tui_keys q
oc devices reject "$req" >/dev/null 2>&1
oc devices remove "$dev" >/dev/null 2>&1
exit 0
