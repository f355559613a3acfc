#!/bin/sh
# Issue 6: `openclaw-console agent` against the real gateway (autoApproveLocal=false):
# pinned approval within the ceiling, a request beyond its ceiling and a foreign key stay
# pending and are flagged, an unpinned client-id entry leaves a request without a reported
# loopback address pending and flagged (foreign Host header included), the audit log
# records the decisions (0600), and SIGTERM stops the agent with status 0.
. tests/lib/common.sh
. tests/lib/gw.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-agent.XXXXXX")
APID=
cleanup_add '[ -n "$APID" ] && kill -TERM "$APID" 2>/dev/null; rm -rf "$T"'

gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
OC_STATE_DIR="$T/console" OC_CONFIG_DIR="$T/config"	# for oc (tests/lib/common.sh)
# service_key FILE: a service key file in service.mjs's format; prints its device id.
audit_count() { # audit_count PYTHON_CONDITION over record r
	python3 -c "import json,sys; print(sum(1 for l in open(sys.argv[1]) if (lambda r: $1)(json.loads(l))))" \
		"$T/console/audit.jsonl" 2>/dev/null || echo 0
}
pending_has() { # pending_has REQUEST_ID: is it still pending on the gateway?
	oc devices list --json >"$T/list" 2>/dev/null
	[ "$(jget "$T/list" "'$1' in [p['requestId'] for p in d['pending']]")" = True ]
}

# The console itself is approved by a human first (it is the agent's operator grant).
oc status >/dev/null 2>"$T/err"
rc=$?
req=$(sed -n 's/.*requestId=\([0-9a-f-]*\).*/\1/p' "$T/err" | head -1)
if [ $rc -eq 3 ] && [ -n "$req" ] && gw_cli devices approve "$req" >"$T/gwcli" 2>&1 && oc status >/dev/null 2>&1; then
	ok agent_console_approved_by_human
else
	fail agent_console_approved_by_human "rc=$rc req=$req $(cat "$T/err" "$T/gwcli" 2>/dev/null | tail -3)"
	exit 1
fi

dev1=$(service_key "$T/svc1.key")
dev2=$(service_key "$T/svc2.key")
dev3=$(service_key "$T/svc3.key")
oc trusted add --name svc --device-id "$dev1" --display-name svc-one \
	--scopes operator.read,operator.write --note "pinned service" >"$T/out" 2>&1 &&
oc trusted add --name ro --device-id "$dev2" --scopes operator.read >>"$T/out" 2>&1 &&
	ok agent_trusted_entries_added || fail agent_trusted_entries_added "$(cat "$T/out")"

# (not through the oc function: $! must be the agent itself, not a subshell)
$OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/console" --config-dir "$T/config" \
	agent >/dev/null 2>"$T/agent.log" </dev/null &
APID=$!
WAIT_SECS=20 wait_for grep -q "agent: connected" "$T/agent.log" && ok agent_connects ||
	fail agent_connects "$(tail -5 "$T/agent.log")"

# 1. the pinned service is approved without a human and receives operator.write
svc() { service --client-id cli --mode cli "$@"; }
svc --device "$T/svc1.key" --display-name svc-one --scopes operator.read,operator.write \
	--retry-until-ok 20 >"$T/s1" 2>&1
if [ "$(jget "$T/s1" "d['outcome']=='accepted' and 'operator.write' in d['scopes'] and d['deviceId']=='$dev1'")" = True ]; then
	ok agent_approves_pinned_service_with_write
else
	fail agent_approves_pinned_service_with_write "$(cat "$T/s1") log: $(tail -5 "$T/agent.log")"
fi
[ "$(audit_count "r['decision']=='approve' and r['deviceId']=='$dev1' and r['entry']=='svc'")" = 1 ] &&
	ok agent_audit_records_pinned_approval || fail agent_audit_records_pinned_approval "$(cat "$T/console/audit.jsonl" 2>&1)"

# 2. a request beyond its entry's ceiling stays pending and is flagged
svc --device "$T/svc2.key" --scopes operator.read,operator.admin >"$T/s2" 2>&1
req2=$(jget "$T/s2" 'd["requestId"]')
WAIT_SECS=15 wait_for grep -q "FLAG request $req2 .*operator.admin beyond the ceiling operator.read" "$T/agent.log" &&
	ok agent_flags_beyond_ceiling || fail agent_flags_beyond_ceiling "req2=$req2 $(tail -5 "$T/agent.log")"
sleep 1
svc --device "$T/svc2.key" --scopes operator.read,operator.admin >"$T/s2b" 2>&1
if [ -n "$req2" ] && pending_has "$req2" && [ "$(jget "$T/s2b" "d['outcome']")" = rejected ]; then
	ok agent_beyond_ceiling_stays_pending
else
	fail agent_beyond_ceiling_stays_pending "req2=$req2 $(cat "$T/s2b" "$T/list")"
fi
[ "$(audit_count "r['decision']=='flag' and r['requestId']=='$req2'")" = 1 ] &&
	ok agent_audit_records_flag_once || fail agent_audit_records_flag_once "$(cat "$T/console/audit.jsonl")"

# 3. a different key with the same client id and display name is not approved
svc --device "$T/svc3.key" --display-name svc-one --scopes operator.read >"$T/s3" 2>&1
req3=$(jget "$T/s3" 'd["requestId"]')
WAIT_SECS=15 wait_for grep -q "FLAG request $req3 .*pinned key mismatch" "$T/agent.log" &&
	ok agent_flags_foreign_key_for_pinned_name || fail agent_flags_foreign_key_for_pinned_name "$(tail -5 "$T/agent.log")"
svc --device "$T/svc3.key" --display-name svc-one --scopes operator.read --retry-until-ok 3 >"$T/s3b" 2>&1
[ "$(jget "$T/s3b" "d['outcome']")" = rejected ] && pending_has "$req3" &&
	ok agent_foreign_key_not_approved || fail agent_foreign_key_not_approved "$(cat "$T/s3b")"

# 4. Issue #13 item 4: an unpinned ("loopback only") entry approves only a request whose
# address the gateway reports as loopback.  A loopback socket with a foreign Host header
# is logged "Treating it as remote" and listed without remoteIp; so is every loopback
# peer (2026.9.6 never reports a loopback remoteIp), so both stay pending, flagged.
oc trusted add --name local-test --client-id test --mode test --scopes operator.read >"$T/out" 2>&1 ||
	fail agent_unpinned_entry_added "$(cat "$T/out")"
remote_warnings() { grep -ac 'non-local Host header. Treating it as remote' "$GW_LOG"; }
w0=$(remote_warnings)
service --client-id test --mode test --device new --scopes operator.read \
	--header 'Host: gw.example.com' >"$T/s4" 2>&1
req4=$(jget "$T/s4" 'd["requestId"]')
[ -n "$req4" ] && [ "$(remote_warnings)" -gt "$w0" ] && ok agent_foreign_host_request_pending_on_gateway ||
	fail agent_foreign_host_request_pending_on_gateway "$(cat "$T/s4") warnings $w0 -> $(remote_warnings)"
WAIT_SECS=15 wait_for grep -q "FLAG request $req4 .*loopback only.*no address" "$T/agent.log" &&
	ok agent_flags_foreign_host_unpinned || fail agent_flags_foreign_host_unpinned "req4=$req4 $(tail -5 "$T/agent.log")"
sleep 1
pending_has "$req4" && [ "$(jget "$T/list" "[p.get('remoteIp') for p in d['pending'] if p['requestId']=='$req4']")" = "[None]" ] &&
	ok agent_foreign_host_stays_pending || fail agent_foreign_host_stays_pending "$(cat "$T/list")"
[ "$(audit_count "r['decision']=='flag' and r['requestId']=='$req4' and r['entry']=='local-test' and 'no address' in r['reason']")" = 1 ] &&
	ok agent_audit_records_unpinned_flag || fail agent_audit_records_unpinned_flag "$(cat "$T/console/audit.jsonl")"
service --client-id test --mode test --device new --scopes operator.read >"$T/s5" 2>&1
req5=$(jget "$T/s5" 'd["requestId"]')
WAIT_SECS=15 wait_for grep -q "FLAG request $req5 .*loopback only" "$T/agent.log" && pending_has "$req5" &&
	ok agent_unpinned_without_address_flagged || fail agent_unpinned_without_address_flagged "req5=$req5 $(tail -5 "$T/agent.log")"
mode=$(stat -c %a "$T/console/audit.jsonl" 2>/dev/null)
[ "$mode" = 600 ] && ok agent_audit_log_is_0600 || fail agent_audit_log_is_0600 "mode=$mode"
dups=$(python3 -c "
import json,collections,sys
c=collections.Counter(r['requestId'] for r in map(json.loads, open(sys.argv[1])) if r['decision']=='approve')
print(sum(1 for v in c.values() if v>1))" "$T/console/audit.jsonl")
[ "$dups" = 0 ] && ok agent_never_approves_twice || fail agent_never_approves_twice "$(cat "$T/console/audit.jsonl")"
[ "$(audit_count "r['decision']=='flag' and r['requestId']=='$req2'")" = 1 ] &&
	ok agent_reload_does_not_reaudit_same_flag || fail agent_reload_does_not_reaudit_same_flag "$(cat "$T/console/audit.jsonl")"
[ "$(audit_count "r['decision']=='approve' and r['requestId'] in ('$req2','$req3','$req4','$req5')")" = 0 ] &&
	ok agent_flagged_never_approved || fail agent_flagged_never_approved "$(cat "$T/console/audit.jsonl")"

# 5. SIGTERM: clean exit 0
kill -TERM "$APID"
wait "$APID"
rc=$?
APID=
[ $rc -eq 0 ] && grep -q "stopping on signal" "$T/agent.log" && ok agent_sigterm_exits_0 ||
	fail agent_sigterm_exits_0 "rc=$rc $(tail -3 "$T/agent.log")"

# Clean up the shared gateway: reject what this test left pending.
for r in $req2 $req3 $req4 $req5; do oc devices reject "$r" >/dev/null 2>&1; done
exit 0
