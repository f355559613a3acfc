#!/bin/sh
# Issue 13 item 1, against the real gateway (autoApproveLocal=false): a human approves
# device D with read,write,admin; the operator revokes D's operator token, pins D read-only
# in the allowlist and runs the agent; D reconnects asking only for operator.read.  The
# gateway would restore D's earlier grant on approval (admin included), so the agent must
# judge the effective grant: the request stays pending, it is flagged and audited as
# restoring operator.admin, and nothing is approved (the gateway's own CLI shows D's token
# still revoked).  `devices approve` refuses it too unless --restore is given, and then
# the gateway grants exactly the effective grant the console worked out.
. tests/lib/common.sh
. tests/lib/gw.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-repair.XXXXXX")
APID=
cleanup_add '[ -n "$APID" ] && kill -TERM "$APID" 2>/dev/null; rm -rf "$T"'

gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
OC_STATE_DIR="$T/console" OC_CONFIG_DIR="$T/config"	# for oc (tests/lib/common.sh)
svc() { service --client-id cli --mode cli --device "$T/d.key" "$@"; }

gw_pair_console "$T/console" && ok repair_console_paired || { fail repair_console_paired "$GW_PAIR_ERR"; exit 1; }
dev=$(service_key "$T/d.key")

# 1. a human approves D with read, write and admin
svc --scopes operator.read,operator.write,operator.admin >"$T/s1" 2>&1
req1=$(jget "$T/s1" 'd["requestId"]')
if [ -n "$req1" ] && gw_cli devices approve "$req1" >"$T/gwcli" 2>&1 &&
	svc --scopes operator.read,operator.write,operator.admin >"$T/s1b" 2>&1 &&
	[ "$(jget "$T/s1b" "'operator.admin' in d['scopes']")" = True ]; then
	ok repair_device_approved_with_admin
else
	fail repair_device_approved_with_admin "req=$req1 $(cat "$T/s1" "$T/gwcli" "$T/s1b" 2>/dev/null | tail -4)"
	exit 1
fi

# 2. its operator token is revoked; 3. it is pinned read-only and the agent runs
oc devices revoke "$dev" --role operator >"$T/out" 2>&1 &&
oc trusted add --name d-ro --device-id "$dev" --scopes operator.read >>"$T/out" 2>&1 &&
	ok repair_revoked_and_pinned_read_only || fail repair_revoked_and_pinned_read_only "$(cat "$T/out")"
# (not through oc(): $! must be the agent itself)
$OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/console" --config-dir "$T/config" \
	agent >/dev/null 2>"$T/agent.log" </dev/null &
APID=$!
WAIT_SECS=20 wait_for grep -q "agent: connected" "$T/agent.log" && ok repair_agent_connects ||
	fail repair_agent_connects "$(tail -5 "$T/agent.log")"

# 4. D comes back asking for operator.read only: a role-upgrade repair request
svc --scopes operator.read >"$T/s2" 2>&1
req=$(jget "$T/s2" 'd["requestId"]')
[ -n "$req" ] && [ "$(jget "$T/s2" "d['reason']")" = role-upgrade ] && ok repair_request_raised ||
	fail repair_request_raised "$(cat "$T/s2")"

WAIT_SECS=20 wait_for grep -q "FLAG request $req .*approval would restore operator.admin.*(revoked [0-9-]* [0-9:]* UTC) beyond the ceiling operator.read" \
	"$T/agent.log" && ok repair_agent_flags_restored_admin ||
	fail repair_agent_flags_restored_admin "req=$req $(grep "$req" "$T/agent.log" | tail -3)"
audit() { # audit PYTHON_CONDITION over record r: how many lines match
	python3 -c "import json,sys; print(sum(1 for l in open(sys.argv[1]) if (lambda r: $1)(json.loads(l))))" \
		"$T/console/audit.jsonl" 2>/dev/null || echo 0
}
[ "$(audit "r['requestId']=='$req' and r['decision']=='flag' and 'restore operator.admin' in r['reason'] and r['scopes']==['operator.read'] and 'operator.admin' in r['grant']")" = 1 ] &&
	ok repair_audit_names_restored_admin || fail repair_audit_names_restored_admin "$(cat "$T/console/audit.jsonl")"
[ "$(audit "r['requestId']=='$req' and r['decision']!='flag'")" = 0 ] &&
	ok repair_agent_never_approved || fail repair_agent_never_approved "$(cat "$T/console/audit.jsonl")"

# Nothing was approved, by the gateway's own account: the request is still pending and
# D's operator token is still revoked.
sleep 1
gw_cli devices list --json >"$T/gwlist" 2>"$T/gwlist.err"
pending=$(jget "$T/gwlist" "'$req' in [p['requestId'] for p in d['pending']]")
revoked=$(jget "$T/gwlist" "[bool(t.get('revokedAtMs')) for p in d['paired'] if p['deviceId']=='$dev' for t in p.get('tokens',[]) if t['role']=='operator']")
if [ "$pending" = True ] && [ "$revoked" = "[True]" ]; then
	ok repair_still_pending_token_still_revoked
else
	fail repair_still_pending_token_still_revoked "pending=$pending revoked=$revoked $(head -c 600 "$T/gwlist") $(cat "$T/gwlist.err")"
fi
svc --scopes operator.read >"$T/s3" 2>&1
[ "$(jget "$T/s3" "d['outcome']")" = rejected ] && ok repair_device_still_not_admitted ||
	fail repair_device_still_not_admitted "$(cat "$T/s3")"

# devices approve says what it would re-grant and does not approve without --restore
oc devices approve "$req" >"$T/ap.out" 2>"$T/ap.err"
rc=$?
gw_cli devices list --json >"$T/gwlist2" 2>/dev/null
if [ $rc -eq 1 ] && grep -q "asks for operator.read, but approving it also re-grants operator.admin" "$T/ap.err" &&
	[ "$(jget "$T/gwlist2" "'$req' in [p['requestId'] for p in d['pending']]")" = True ]; then
	ok repair_cli_approve_refused_without_restore
else
	fail repair_cli_approve_refused_without_restore "rc=$rc $(cat "$T/ap.out" "$T/ap.err")"
fi
kill -TERM "$APID"
wait "$APID"
APID=
# The restored operator.admin is an admin grant like a requested one: without a terminal
# --restore alone is refused (exit 2) until --yes confirms it.
oc devices approve "$req" --restore --json >"$T/ap1" 2>"$T/ap1.err" </dev/null
rc=$?
gw_cli devices list --json >"$T/gwlist3" 2>/dev/null
if [ $rc -eq 2 ] && grep -q "grants operator.admin" "$T/ap1.err" &&
	[ "$(jget "$T/gwlist3" "'$req' in [p['requestId'] for p in d['pending']]")" = True ]; then
	ok repair_cli_restored_admin_needs_yes
else
	fail repair_cli_restored_admin_needs_yes "rc=$rc $(cat "$T/ap1" "$T/ap1.err")"
fi
# With --restore --yes it approves, and what the gateway granted is what the console said
# it would: the request's scopes plus the restored ones.
oc devices approve "$req" --restore --yes --json >"$T/ap2" 2>"$T/ap2.err"
if [ "$(jget "$T/ap2" "d['requested']==['operator.read'] and sorted(d['restored'])==['operator.admin','operator.write'] and sorted(d['device']['scopes'])==sorted(d['requested']+d['restored'])")" = True ]; then
	ok repair_cli_restore_matches_gateway_grant
else
	fail repair_cli_restore_matches_gateway_grant "$(cat "$T/ap2" "$T/ap2.err")"
fi
oc devices remove "$dev" >/dev/null 2>&1	# the shared gateway keeps nothing of this test
exit 0
