#!/bin/sh
# Issue 4 (CLI half): `devices list|approve|reject|revoke|remove` against the real gateway
# with autoApproveLocal=false, driving headless services from tests/lib/service.mjs.
. tests/lib/common.sh
. tests/lib/gw.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-devices.XXXXXX")
cleanup_add "rm -rf '$T'"

gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
OC_STATE_DIR="$T/console"	# for oc (tests/lib/common.sh)

# The console's own first run: pairing required (exit 3), approved with the gateway's CLI.
oc status >/dev/null 2>"$T/err"
rc=$?
req=$(sed -n 's/.*requestId=\([0-9a-f-]*\).*/\1/p' "$T/err" | head -1)
[ $rc -eq 3 ] && [ -n "$req" ] && ok devices_console_first_run_needs_pairing ||
	fail devices_console_first_run_needs_pairing "rc=$rc err=$(cat "$T/err")"
gw_cli devices approve "$req" >"$T/gwcli" 2>&1 && ok devices_console_approved_by_gateway_cli ||
	fail devices_console_approved_by_gateway_cli "$(tail -3 "$T/gwcli")"

# A headless service with a fresh key asks to pair (a cli/cli device gets PAIRING_REQUIRED).
svc() { service --client-id cli --mode cli --scopes operator.read,operator.write "$@"; }
svc --device "$T/svc1.key" --display-name svc-one >"$T/s1" 2>&1
rc=$?
req1=$(jget "$T/s1" 'd["requestId"]')
dev1=$(jget "$T/s1" 'd["deviceId"]')
[ $rc -eq 3 ] && [ -n "$req1" ] && ok devices_service_pairing_required ||
	fail devices_service_pairing_required "rc=$rc $(cat "$T/s1")"

oc devices list --json >"$T/list" 2>"$T/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(jget "$T/list" "[p['deviceId'] for p in d['pending'] if p['requestId']=='$req1'] == ['$dev1']")" = True ] &&
   [ "$(jget "$T/list" "[p['displayName'] for p in d['pending'] if p['requestId']=='$req1']")" = "['svc-one']" ]; then
	ok devices_list_json_shows_request
else
	fail devices_list_json_shows_request "rc=$rc err=$(cat "$T/err") $(cat "$T/list")"
fi
oc devices list >"$T/table" 2>"$T/err"
grep -q "^Pending requests" "$T/table" && grep -q "$req1" "$T/table" && grep -q "svc-one" "$T/table" &&
	grep -q "^Paired devices" "$T/table" && ok devices_list_table ||
	fail devices_list_table "$(cat "$T/table" "$T/err")"

oc devices approve "$req1" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 0 ] && grep -q "approved $req1" "$T/out" && grep -q "role operator" "$T/out" &&
   grep -q "operator.write" "$T/out"; then
	ok devices_approve_prints_grant
else
	fail devices_approve_prints_grant "rc=$rc $(cat "$T/out" "$T/err")"
fi
svc --device "$T/svc1.key" --display-name svc-one >"$T/s1b" 2>&1
if [ "$(jget "$T/s1b" "d['outcome']=='accepted' and 'operator.write' in d['scopes']")" = True ]; then
	ok devices_approved_service_gets_write
else
	fail devices_approved_service_gets_write "$(cat "$T/s1b")"
fi
oc devices list --json >"$T/list" 2>&1
[ "$(jget "$T/list" "'$req1' not in [p['requestId'] for p in d['pending']] and '$dev1' in [p['deviceId'] for p in d['paired']]")" = True ] &&
	ok devices_approved_moves_to_paired || fail devices_approved_moves_to_paired "$(cat "$T/list")"

# A second service: reject, gone from the list, and a reconnect makes a new request.
svc --device "$T/svc2.key" --display-name svc-two >"$T/s2" 2>&1
req2=$(jget "$T/s2" 'd["requestId"]')
oc devices reject "$req2" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q "rejected $req2" "$T/out" && ok devices_reject ||
	fail devices_reject "rc=$rc req2=$req2 $(cat "$T/out" "$T/err")"
oc devices list --json >"$T/list" 2>&1
[ "$(jget "$T/list" "'$req2' not in [p['requestId'] for p in d['pending']]")" = True ] &&
	ok devices_rejected_request_gone || fail devices_rejected_request_gone "$(cat "$T/list")"
svc --device "$T/svc2.key" --display-name svc-two >"$T/s2b" 2>&1
req2b=$(jget "$T/s2b" 'd["requestId"]')
[ -n "$req2b" ] && [ "$req2b" != "$req2" ] && ok devices_reconnect_after_reject_new_request ||
	fail devices_reconnect_after_reject_new_request "req2=$req2 $(cat "$T/s2b")"
oc devices reject "$req2" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "unknown requestId" "$T/err" && [ "$(wc -l <"$T/err")" -eq 1 ] &&
	ok devices_reject_twice_fails_with_gateway_message || fail devices_reject_twice_fails_with_gateway_message "rc=$rc $(cat "$T/err")"

# Revoke the first service's operator token: its device-token connect now fails.
svc --device "$T/svc1.key" --auth device-token >"$T/s1c" 2>&1
[ "$(jget "$T/s1c" "d['outcome']")" = accepted ] && ok devices_device_token_works_before_revoke ||
	fail devices_device_token_works_before_revoke "$(cat "$T/s1c")"
oc devices revoke "$dev1" --role operator >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q "revoked the operator token of device $dev1" "$T/out" && ok devices_revoke ||
	fail devices_revoke "rc=$rc $(cat "$T/out" "$T/err")"
svc --device "$T/svc1.key" --auth device-token >"$T/s1d" 2>&1
code=$(jget "$T/s1d" 'd.get("detailsCode") or d.get("code") or ""')
if [ "$(jget "$T/s1d" "d['outcome']")" = rejected ] && printf '%s' "$code" | grep -q 'AUTH_'; then
	ok devices_revoked_token_refused
else
	fail devices_revoked_token_refused "$(cat "$T/s1d")"
fi

# Remove: gone from paired.
oc devices remove "$dev1" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q "removed device $dev1" "$T/out" && ok devices_remove ||
	fail devices_remove "rc=$rc $(cat "$T/out" "$T/err")"
oc devices list --json >"$T/list" 2>&1
[ "$(jget "$T/list" "'$dev1' not in [p['deviceId'] for p in d['paired']]")" = True ] &&
	ok devices_removed_gone_from_paired || fail devices_removed_gone_from_paired "$(cat "$T/list")"

# Errors: unknown request id -> exit 1, the gateway's message and code on one stderr line.
oc devices approve 00000000-0000-0000-0000-000000000000 >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "unknown requestId" "$T/err" && grep -q "INVALID_REQUEST" "$T/err" &&
   [ "$(wc -l <"$T/err")" -eq 1 ] && [ ! -s "$T/out" ]; then
	ok devices_unknown_request_exits_1
else
	fail devices_unknown_request_exits_1 "rc=$rc out=$(cat "$T/out") err=$(cat "$T/err")"
fi
# Usage errors exit 2 without connecting.
$OC devices frobnicate >/dev/null 2>&1; r1=$?
$OC devices approve >/dev/null 2>&1; r2=$?
$OC devices revoke abc --role >/dev/null 2>&1; r3=$?
[ $r1 -eq 2 ] && [ $r2 -eq 2 ] && [ $r3 -eq 2 ] && ok devices_usage_errors_exit_2 ||
	fail devices_usage_errors_exit_2 "frobnicate=$r1 approve=$r2 revoke=$r3"
$OC devices --help | grep -q "approve" && $OC devices help | grep -q "revoke DEVICE_ID" &&
	ok devices_help || fail devices_help "no help text"
