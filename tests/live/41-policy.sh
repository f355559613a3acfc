#!/bin/sh
# Issue 6: `trusted policy` reads and edits the gateway's own pairing policy through
# config.get / config.patch with the baseHash guard; a concurrent change is a conflict.
. tests/lib/common.sh
. tests/lib/gw.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-policy.XXXXXX")
cleanup_add 'rm -rf "$T"'

gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
OC_STATE_DIR="$T/console" OC_CONFIG_DIR="$T/config"	# for oc (tests/lib/common.sh)

oc status >/dev/null 2>"$T/err"
req=$(sed -n 's/.*requestId=\([0-9a-f-]*\).*/\1/p' "$T/err" | head -1)
[ -n "$req" ] && gw_cli devices approve "$req" >/dev/null 2>&1
oc status >/dev/null 2>&1 || { fail policy_console_approved "$(cat "$T/err")"; exit 1; }

oc trusted policy --json >"$T/p0" 2>"$T/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(jget "$T/p0" "d['autoApproveLocal'] is False and d['autoApproveLocalSet'] and d['hash'].startswith('hmac-sha256:')")" = True ]; then
	ok policy_reads_gateway_config
else
	fail policy_reads_gateway_config "rc=$rc $(cat "$T/p0" "$T/err")"
fi
oc trusted policy >"$T/ptext" 2>&1
grep -q "^autoApproveLocal  false" "$T/ptext" && ok policy_text_output || fail policy_text_output "$(cat "$T/ptext")"

oc trusted policy set autoApproveCidrs=192.0.2.0/24 >"$T/out" 2>"$T/err"
rc=$?
oc trusted policy --json >"$T/p1" 2>&1
if [ $rc -eq 0 ] && [ "$(jget "$T/p1" "d['autoApproveCidrs']==['192.0.2.0/24'] and d['autoApproveLocal'] is False")" = True ]; then
	ok policy_set_cidrs_round_trips
else
	fail policy_set_cidrs_round_trips "rc=$rc $(cat "$T/out" "$T/err" "$T/p1")"
fi
grep -q '"192.0.2.0/24"' "$GW_DIR/openclaw.json" && ok policy_written_to_gateway_config ||
	fail policy_written_to_gateway_config "$(cat "$GW_DIR/openclaw.json")"

# A concurrent change between our read and our write: the stale hash is refused.
stale=$(jget "$T/p1" "d['hash']")
oc trusted policy set autoApproveCidrs=192.0.2.0/24,198.51.100.0/24 >/dev/null 2>"$T/err" ||
	fail policy_second_writer "$(cat "$T/err")"
oc trusted policy set autoApproveCidrs=none --base-hash "$stale" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "config changed since last load" "$T/err"; then
	ok policy_stale_hash_conflict_exit_1
else
	fail policy_stale_hash_conflict_exit_1 "rc=$rc $(cat "$T/out" "$T/err")"
fi
oc trusted policy --json >"$T/p2" 2>&1
[ "$(jget "$T/p2" "d['autoApproveCidrs']==['192.0.2.0/24','198.51.100.0/24']")" = True ] &&
	ok policy_conflict_overwrites_nothing || fail policy_conflict_overwrites_nothing "$(cat "$T/p2")"

# Shrinking the list needs replacePaths: the console sends it.
oc trusted policy set autoApproveCidrs=198.51.100.0/24 >"$T/out" 2>"$T/err"
rc=$?
oc trusted policy --json >"$T/p3" 2>&1
[ $rc -eq 0 ] && [ "$(jget "$T/p3" "d['autoApproveCidrs']==['198.51.100.0/24']")" = True ] &&
	ok policy_shrink_uses_replace_paths || fail policy_shrink_uses_replace_paths "rc=$rc $(cat "$T/err" "$T/p3")"
oc trusted policy set autoApproveCidrs=none >"$T/out" 2>"$T/err"
rc=$?
oc trusted policy --json >"$T/p4" 2>&1
[ $rc -eq 0 ] && [ "$(jget "$T/p4" "d['autoApproveCidrs']==[]")" = True ] &&
	ok policy_remove_cidrs || fail policy_remove_cidrs "rc=$rc $(cat "$T/err" "$T/p4")"

oc trusted policy set autoApproveCidrs='10.0.0.0/8;rm' >/dev/null 2>&1
[ $? -eq 2 ] && ok policy_bad_value_is_usage_error || fail policy_bad_value_is_usage_error "accepted a bad CIDR"
oc trusted policy set autoApproveLocal=maybe >/dev/null 2>&1
[ $? -eq 2 ] && ok policy_bad_bool_is_usage_error || fail policy_bad_bool_is_usage_error "accepted maybe"
oc trusted policy --json >"$T/p5" 2>&1
[ "$(jget "$T/p5" "d['autoApproveLocal']")" = False ] && ok policy_shared_gateway_left_noauto ||
	fail policy_shared_gateway_left_noauto "$(cat "$T/p5")"

# CLI twins of the allowlist, without a gateway: add, list, remove, validation, lock.
D=$(oc identity --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["deviceId"])' 2>/dev/null)
[ -n "$D" ] || D=906d5f9023144aaec536983c645b6713b54b46039e8647a4cfcd3c01ba3bc714
oc trusted add --name bot --device-id "$D" --scopes operator.read,operator.write --expires 2099-01-01 --note hi >/dev/null 2>&1 &&
oc trusted add --name loc --client-id cli --mode cli --scopes operator.read >"$T/unpinned.out" 2>&1 &&
oc trusted list --json >"$T/l1" 2>&1
if [ "$(jget "$T/l1" "[(s['name'],s['kind']) for s in d['services']]==[('bot','pinned'),('loc','unpinned')]")" = True ] &&
   [ "$(stat -c %a "$T/config/trusted-services.json")" = 600 ]; then
	ok trusted_add_and_list_json
else
	fail trusted_add_and_list_json "$(cat "$T/l1")"
fi
# an unpinned entry says it approves nothing where the gateway reports no loopback address
grep -q "approves nothing.*--device-id" "$T/unpinned.out" && ok trusted_add_unpinned_warns_inert ||
	fail trusted_add_unpinned_warns_inert "$(cat "$T/unpinned.out")"
oc trusted list >"$T/l2" 2>&1
grep -q "UNPINNED" "$T/l2" && grep -q "pinned" "$T/l2" && ok trusted_list_marks_unpinned || fail trusted_list_marks_unpinned "$(cat "$T/l2")"
oc trusted add --name bot --client-id cli --scopes operator.read >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'duplicate name' "$T/err" && ok trusted_add_duplicate_refused || fail trusted_add_duplicate_refused "rc=$rc $(cat "$T/err")"
oc trusted add --name x --device-id ABC --scopes operator.read >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'bad device id' "$T/err" && ok trusted_add_bad_device_id || fail trusted_add_bad_device_id "rc=$rc $(cat "$T/err")"
oc trusted add --name x --client-id cli --scopes operator.root >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'unknown scope "operator.root"' "$T/err" && ok trusted_add_unknown_scope || fail trusted_add_unknown_scope "rc=$rc $(cat "$T/err")"
# a second writer while the lock is held waits, then fails clearly
( exec 9>"$T/config/trusted-services.json.lock"; flock 9; sleep 4 ) &
lpid=$!
sleep 0.5
oc trusted remove loc >/dev/null 2>"$T/err"
rc=$?
wait $lpid
[ $rc -eq 1 ] && grep -q "being edited by another process" "$T/err" && ok trusted_lock_contention_message ||
	fail trusted_lock_contention_message "rc=$rc $(cat "$T/err")"
oc trusted remove loc >/dev/null 2>&1 && oc trusted list --json >"$T/l3" 2>&1
[ "$(jget "$T/l3" "[s['name'] for s in d['services']]==['bot']")" = True ] && ok trusted_remove || fail trusted_remove "$(cat "$T/l3")"
printf '{"version":1,"services":[{"name":"a","clientId":"cli","scopes":["operator.read"],}]}\n' >"$T/config/trusted-services.json"
chmod 600 "$T/config/trusted-services.json"
oc trusted list >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "trusted-services.json:1: invalid JSON" "$T/err" && ok trusted_bad_file_names_line ||
	fail trusted_bad_file_names_line "rc=$rc $(cat "$T/err")"
exit 0
