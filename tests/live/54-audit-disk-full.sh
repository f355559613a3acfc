#!/bin/sh
# Issue 13 item 5: the audit record is durable before an approval is sent.  The agent's
# state dir is on a small tmpfs that is then filled up; a service the allowlist trusts
# asks to pair (real gateway, autoApproveLocal=false).  The request stays pending on the
# gateway, the agent's stderr and the TUI's status line say why, and the audit log holds
# no half record.  Once there is room again, the agent records and approves it.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-auditfull.XXXXXX")
APID=
cleanup_add 'rm -rf "$T"'
M="$T/full"
mkdir -p "$M"
if ! mount -t tmpfs -o size=256k tmpfs "$M" 2>/dev/null; then
	echo "# tmpfs mount not permitted here: the disk-full audit test is skipped" >&2
	exit 0
fi
cleanup_add "umount '$M' 2>/dev/null"
cleanup_add '[ -n "$APID" ] && kill -TERM "$APID" 2>/dev/null'

gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
# the console's identity, approved by a human, in an ordinary state dir first
S0="$T/state0" C="$T/config"
OC_STATE_DIR=$S0 OC_CONFIG_DIR=$C	# for oc (tests/lib/common.sh)
gw_pair_console "$S0" && oc status >/dev/null 2>&1 || { fail auditfull_console_paired "$GW_PAIR_ERR"; exit 1; }
pending_has() { # pending_has REQUEST_ID: still pending on the gateway?
	oc devices list --json >"$T/list" 2>"$T/list.err"
	[ "$(jget "$T/list" "'$1' in [p['requestId'] for p in d['pending']]")" = True ]
}
audit_whole() { # every line of the audit log (if any) is a complete JSON record
	[ ! -e "$1" ] || python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$1" 2>/dev/null
}

dev=$(service_key "$T/svc.key")
oc trusted add --name full-svc --device-id "$dev" --scopes operator.read >"$T/add" 2>&1 ||
	{ fail auditfull_trusted_added "$(cat "$T/add")"; exit 1; }

# the agent's state dir on the tmpfs, then the tmpfs filled to the last byte
S="$M/state"
mkdir -m 700 "$S"
cp -p "$S0/identity.json" "$S0/device-tokens.json" "$S/"
dd if=/dev/zero of="$M/filler" bs=4k 2>/dev/null
dd if=/dev/zero of="$M/filler2" bs=1 2>/dev/null
$OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" --config-dir "$C" agent \
	>/dev/null 2>"$T/agent.log" </dev/null &
APID=$!
WAIT_SECS=20 wait_for grep -q "agent: connected" "$T/agent.log" || {
	fail auditfull_agent_connects "$(tail -5 "$T/agent.log")"; exit 1; }

service --client-id cli --mode cli --device "$T/svc.key" --scopes operator.read >"$T/s1" 2>&1
req=$(jget "$T/s1" 'd["requestId"]')
[ -n "$req" ] || { fail auditfull_service_requests "$(cat "$T/s1")"; exit 1; }
if WAIT_SECS=20 wait_for grep -q "NOT approving $req" "$T/agent.log"; then
	grep "NOT approving $req" "$T/agent.log" | head -1 | grep -Eq 'audit log.*(No space|space left)' &&
		ok auditfull_agent_says_why || fail auditfull_agent_says_why "$(grep "$req" "$T/agent.log")"
else
	fail auditfull_agent_says_why "no 'NOT approving' line: $(tail -5 "$T/agent.log")"
fi
pending_has "$req" && ok auditfull_request_stays_pending ||
	fail auditfull_request_stays_pending "req=$req $(cat "$T/list" "$T/list.err") log: $(tail -3 "$T/agent.log")"
grep -q "approved $req" "$T/agent.log" && fail auditfull_nothing_approved "$(grep "$req" "$T/agent.log")" ||
	ok auditfull_nothing_approved
audit_whole "$S/audit.jsonl" && ok auditfull_no_half_record ||
	fail auditfull_no_half_record "$(od -c "$S/audit.jsonl" | tail -3)"

# The TUI's own agent, same state dir and disk: its status line says why.
COLS=160 ROWS=30 tui_start $OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" --config-dir "$C"
if tui_wait "NOT approving $req" 30 >/dev/null 2>&1; then
	tui_text | grep "NOT approving $req" | grep -Eq 'audit log' && ok auditfull_tui_status_says_why ||
		fail auditfull_tui_status_says_why "$(tui_text | grep "$req")"
else
	fail auditfull_tui_status_says_why "$(tui_text | tail -4)"
fi
tui_keys q
pending_has "$req" && ok auditfull_still_pending_with_tui || fail auditfull_still_pending_with_tui "$(cat "$T/list")"

# Room again: the next pending list (every 30 s, or the service asking again) records
# the decision and approves.
rm -f "$M/filler" "$M/filler2"
service --client-id cli --mode cli --device "$T/svc.key" --scopes operator.read --retry-until-ok 60 >"$T/s2" 2>&1
[ "$(jget "$T/s2" "d['outcome']")" = accepted ] && ok auditfull_approved_once_recorded ||
	fail auditfull_approved_once_recorded "$(cat "$T/s2") log: $(tail -3 "$T/agent.log")"
[ "$(python3 -c "import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)['decision']=='approve' and json.loads(l)['requestId']=='$req'))" "$S/audit.jsonl" 2>/dev/null)" = 1 ] &&
	audit_whole "$S/audit.jsonl" && ok auditfull_audit_has_the_approval ||
	fail auditfull_audit_has_the_approval "$(cat "$S/audit.jsonl" 2>&1)"
kill -TERM "$APID"; wait "$APID"; APID=
exit 0
