#!/bin/sh
# Issue 16: the CLI against every pinned release (tests/deps.sh versions; only the newest
# under OC_ASAN): status, connections, devices list/approve, rejections (whole reasons, and
# on 2026.3.x only this gateway's records from the shared log), trusted policy (settings the
# release lacks), explain --live (names the release).
. tests/lib/common.sh
. tests/lib/gw.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-releases.XXXXXX")
cleanup_add "rm -rf '$T'"

for v in $(gw_releases); do
	gw_release "$v" || continue
	rn=$(echo "$v" | tr . _)
	gw_start default '{}' </dev/null || { fail "rel_${rn}_gateway" "did not start"; continue; }
	S="$T/state-$v"
	OC_STATE_DIR=$S OC_STDIN=/dev/null	# for oc (tests/lib/common.sh)
	case $v in 2026.3.*|2026.4.*) want_proto=3 ;; *) want_proto=4 ;; esac

	# status: protocol 3 or 4, the release named, the grant known (the console signs)
	oc --json status >"$T/st" 2>"$T/st.err"
	rc=$?
	if [ $rc -eq 0 ] && [ "$(jget "$T/st" "d['serverVersion']")" = "$v" ] &&
	   [ "$(jget "$T/st" "d['protocol']")" = "$want_proto" ] &&
	   [ "$(jget "$T/st" "'operator.pairing' in d['scopes']")" = True ]; then
		ok "rel_${rn}_status"
	else
		fail "rel_${rn}_status" "rc=$rc $(cat "$T/st" "$T/st.err")"
	fi

	# connections: a terminal UI that stays is listed as class tui (before 2026.9 the class
	# comes from its paired record, presence has no clientId)
	service --client-id openclaw-tui --mode ui --device "$T/tui-$v.json" --display-name smoke-tui \
		--stay 30 >"$T/svc" 2>&1 </dev/null &
	svc=$!
	cleanup_add "kill $svc 2>/dev/null"
	WAIT_SECS=20 wait_for grep -q '"outcome":"accepted"' "$T/svc"
	oc --json connections >"$T/cn" 2>"$T/cn.err"
	if [ "$(jget "$T/cn" "[r['class'] for r in d if r.get('host')=='smoke-tui' and r['live']]")" = "['tui']" ]; then
		ok "rel_${rn}_connections_class_of_tui"
	else
		fail "rel_${rn}_connections_class_of_tui" "svc=$(cat "$T/svc") $(cat "$T/cn" "$T/cn.err" | head -40)"
	fi
	oc --json devices list >"$T/dl" 2>"$T/dl.err"
	if [ "$(jget "$T/dl" "[x['connected'] for x in d['paired'] if x.get('displayName')=='smoke-tui']")" = "[True]" ]; then
		ok "rel_${rn}_devices_list_connected"
	else
		fail "rel_${rn}_devices_list_connected" "$(cat "$T/dl" "$T/dl.err" | head -40)"
	fi
	kill "$svc" 2>/dev/null; wait "$svc" 2>/dev/null

	# devices approve: an Origin header makes a pairing request on every release
	o="http://127.0.0.1:$GW_PORT"
	service --client-id cli --mode cli --device "$T/k-$v.json" --origin "$o" >"$T/p1" 2>&1 </dev/null
	rid=$(python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1]).get('requestId') or '')" "$T/p1")
	if [ -n "$rid" ] && oc devices approve "$rid" >"$T/ap" 2>&1 &&
	   service --client-id cli --mode cli --device "$T/k-$v.json" --origin "$o" >"$T/p2" 2>&1 </dev/null; then
		ok "rel_${rn}_devices_approve"
	else
		fail "rel_${rn}_devices_approve" "$(cat "$T/p1" "$T/ap" "$T/p2" 2>/dev/null)"
	fi

	# rejections: a protocol mismatch and an unknown client id, reasons kept whole
	service --protocol 9..9 >/dev/null 2>&1 </dev/null
	service --client-id openclaw-tui --mode ui >/dev/null 2>&1 </dev/null
	oc --json rejections >"$T/rj" 2>"$T/rj.err"
	if python3 - "$T/rj" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
reasons = {r.get("cause"): r.get("reason") for r in recs}
ok = reasons.get("protocol-mismatch") == "protocol mismatch" and \
     reasons.get("control-ui-insecure-auth") == "control ui requires device identity (use HTTPS or localhost secure context)"
sys.exit(0 if ok else 1)
PY
	then ok "rel_${rn}_rejections_whole_reasons"; else fail "rel_${rn}_rejections_whole_reasons" "$(cat "$T/rj" "$T/rj.err" | tail -20)"; fi

	# trusted policy: what the release lacks is named, and refused
	oc trusted policy >"$T/tp" 2>&1
	if release_lacks_local=$($OC explain --gateway-version "$v" --setting gateway.nodes.pairing.autoApproveLocal=true 2>&1 >/dev/null | grep -c 'not supported'); [ "$release_lacks_local" -gt 0 ]; then
		grep -q "autoApproveLocal  not supported by this gateway ($v)" "$T/tp" &&
			! oc trusted policy set autoApproveLocal=false >"$T/tps" 2>&1 &&
			grep -q "not supported by this gateway ($v)" "$T/tps" &&
			ok "rel_${rn}_trusted_policy_unsupported_named" ||
			fail "rel_${rn}_trusted_policy_unsupported_named" "$(cat "$T/tp" "$T/tps" 2>/dev/null)"
	else
		grep -q "autoApproveLocal  true (default)" "$T/tp" && ok "rel_${rn}_trusted_policy_default" ||
			fail "rel_${rn}_trusted_policy_default" "$(cat "$T/tp")"
	fi

	# explain --live predicts for the release it is connected to
	oc --json explain --live >"$T/ex" 2>"$T/ex.err"
	[ "$(jget "$T/ex" "d['gatewayVersion']")" = "$v" ] && ok "rel_${rn}_explain_live_names_release" ||
		fail "rel_${rn}_explain_live_names_release" "$(cat "$T/ex" "$T/ex.err" | head -20)"
done

# 2026.3.31 ignores logging.file: every 3.31 gateway on the host writes into one daily file.
# Records another gateway logged there are not this gateway's rejections.
if gw_releases | grep -q 2026.3.31; then
	gw_release 2026.3.31
	gw_start other '{}' </dev/null && other_port=$GW_PORT &&
		service --client-id openclaw-tui --mode ui --display-name other-gw >/dev/null 2>&1 </dev/null
	gw_use default
	$OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/state-2026.3.31" --json rejections \
		>"$T/rj2" 2>&1 </dev/null
	if [ -n "${other_port:-}" ] && ! grep -q "127.0.0.1:$other_port" "$T/rj2" && grep -q "127.0.0.1:$GW_PORT" "$T/rj2"; then
		ok rel_2026_3_31_rejections_only_this_gateway
	else
		fail rel_2026_3_31_rejections_only_this_gateway "other=${other_port:-none} $(tail -5 "$T/rj2")"
	fi
	gw_stop other
fi
gw_release "$GW_NEWEST"
