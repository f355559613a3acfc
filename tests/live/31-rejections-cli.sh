#!/bin/sh
# Issue 5: `rejections` lists a rejected handshake from the gateway log (logs.tail) and
# `explain` names the cause and the remedies.  The handshake is the original problem
# report: client openclaw-tui, mode ui, the shared token, no device identity.
. tests/lib/common.sh
. tests/lib/gw.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-rej.XXXXXX")
cleanup_add "rm -rf '$T'"

gw_start default '{}' || exit 1
OC_STATE_DIR="$T/console"	# for oc (tests/lib/common.sh)
jl() { # jl FILE EXPR: True when EXPR holds for some JSON line r of FILE (all lines must parse)
	python3 -c "
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(any($2 for r in rows))" "$1" 2>/dev/null
}

service --client-id openclaw-tui --mode ui --auth token --device none >"$T/svc" 2>&1
grep -q '"detailsCode":"CONTROL_UI_DEVICE_IDENTITY_REQUIRED"' "$T/svc" &&
	ok rejections_setup_handshake_rejected || fail rejections_setup_handshake_rejected "$(cat "$T/svc")"

row="r['cause']=='control-ui-insecure-auth' and r['client']=='openclaw-tui' and r['mode']=='ui' and r['closeCode']==1008 and 'control ui requires device identity' in r['reason'] and r['phase']=='auth_credentials_received' and r['remote']=='127.0.0.1'"
listed() { oc --json rejections >"$T/j" 2>"$T/err" && [ "$(jl "$T/j" "$row")" = True ]; }
if WAIT_SECS=10 wait_for listed; then
	ok rejections_json_lists_tui_without_device
else
	fail rejections_json_lists_tui_without_device "$(cat "$T/err") $(tail -3 "$T/j")"
fi
python3 -c "
import json, sys
for l in open(sys.argv[1]):
    json.loads(l)" "$T/j" 2>/dev/null && [ -s "$T/j" ] && ok rejections_json_lines_valid ||
	fail rejections_json_lines_valid "$(head -3 "$T/j")"
[ "$(jl "$T/j" "$row and r['explain']['detailsCode']=='CONTROL_UI_DEVICE_IDENTITY_REQUIRED' and len(r['explain']['remedies'])>=2")" = True ] &&
	ok rejections_json_carries_explanation || fail rejections_json_carries_explanation "$(tail -2 "$T/j")"

oc rejections >"$T/txt" 2>&1
grep 'openclaw-tui/ui' "$T/txt" | grep -q 'control-ui-insecure-auth: control ui requires device identity' &&
	grep 'openclaw-tui/ui' "$T/txt" | grep -q ' 1008 ' && ok rejections_table || fail rejections_table "$(tail -3 "$T/txt")"

# explain names the missing device identity and the remedies
oc --json explain --client-id openclaw-tui --mode ui --auth token --device none >"$T/ex" 2>&1
if python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
ok = (d['detailsCode'] == 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED' and d['outcome'] == 'rejected'
      and d['closeCode'] == 1008 and d['class'] == 'tui'
      and any('signed device identity' in x for x in d['remedies'])
      and any('cli' in x for x in d['remedies']))
sys.exit(0 if ok else 1)" "$T/ex"; then
	ok explain_names_device_identity_and_remedies
else
	fail explain_names_device_identity_and_remedies "$(cat "$T/ex")"
fi
oc explain --client-id openclaw-tui --mode ui --auth token --device none >"$T/ex2" 2>&1
grep -q 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED' "$T/ex2" && grep -q '^remedies:' "$T/ex2" &&
	ok explain_human_output || fail explain_human_output "$(cat "$T/ex2")"

# --follow picks up a new rejection and stops on SIGTERM
$OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/console" --json rejections --follow >"$T/f" 2>"$T/ferr" &
FP=$!
cleanup_add "kill $FP 2>/dev/null"
sleep 2
service --client-id cli --mode cli --auth token --wrong-token --device none --instance-id "follow-$$" >/dev/null 2>&1
newrow="r['cause']=='unauthorized' and r['authReason']=='token_mismatch' and r['client']=='cli'"
followed() { [ "$(jl "$T/f" "$newrow")" = True ]; }
if WAIT_SECS=10 wait_for followed; then ok rejections_follow_sees_new; else fail rejections_follow_sees_new "$(cat "$T/ferr") $(tail -2 "$T/f")"; fi
kill -TERM "$FP" 2>/dev/null
i=0; while kill -0 "$FP" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$FP" 2>/dev/null; then fail rejections_follow_stops_on_sigterm "still running"; else
	wait "$FP"; rc=$?
	[ $rc -eq 0 ] && ok rejections_follow_stops_on_sigterm || fail rejections_follow_stops_on_sigterm "rc=$rc"
fi
# idle --follow costs no CPU (timer, not a busy loop)
$OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/console" --json rejections --follow >/dev/null 2>&1 &
FP2=$!
cleanup_add "kill $FP2 2>/dev/null"
sleep 4
ticks=$(awk '{print $14 + $15}' "/proc/$FP2/stat" 2>/dev/null)
kill -TERM "$FP2" 2>/dev/null
[ -n "$ticks" ] && [ "$ticks" -lt 100 ] && ok rejections_follow_idle_cpu || fail rejections_follow_idle_cpu "cpu ticks=$ticks"

# without operator.read: says which scope is needed, exit 1
oc --scopes operator.pairing rejections >"$T/ns" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q 'operator.read' "$T/ns" && ok rejections_missing_scope_named || fail rejections_missing_scope_named "rc=$rc $(cat "$T/ns")"

# usage errors
$OC rejections --bogus >/dev/null 2>&1; [ $? -eq 2 ] && ok rejections_usage_exit_2 || fail rejections_usage_exit_2 "wrong exit"
$OC explain --device sideways >/dev/null 2>&1; [ $? -eq 2 ] && ok explain_bad_value_exit_2 || fail explain_bad_value_exit_2 "wrong exit"
$OC explain --auth >/dev/null 2>&1; [ $? -eq 2 ] && ok explain_missing_value_exit_2 || fail explain_missing_value_exit_2 "wrong exit"

# --frame: a pasted connect frame (the captured cli/cli pairing-required request)
# (signed now: a frame signed more than 120 s ago is explained as an expired signature)
python3 -c "import json, time; d=json.load(open('tests/fixtures/frames/pairing-required.cli.json'))['request']; d['params']['device']['signedAt']=int(time.time()*1000); json.dump(d, open('$T/frame.json','w'))"
$OC --json explain --frame "$T/frame.json" --setting gateway.nodes.pairing.autoApproveLocal=false >"$T/fr" 2>&1
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d['detailsCode']=='PAIRING_REQUIRED' and d['input']['clientId']=='cli' and d['input']['device']=='unpaired' and d['input']['auth']=='token' else 1)" "$T/fr" &&
	ok explain_frame_file || fail explain_frame_file "$(cat "$T/fr")"
