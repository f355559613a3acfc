#!/bin/sh
# Issues 5 and 16: the explain engine against the real gateways.  For every release of
# `tests/deps.sh versions` (only the newest under OC_ASAN) and every row of
# tests/handshakes.tsv that release supports, make the real handshake with
# tests/lib/service.mjs and ask `openclaw-console explain --live --json` for a prediction
# (release from hello-ok, settings from config.get); outcome and details.code must agree.
. tests/lib/common.sh
. tests/lib/gw.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-diff.XXXXXX")
cleanup_add "rm -rf '$T'"

variant_config() {
	case $1 in
	default) echo '{}' ;;
	noauto) echo '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' ;;
	origins) echo '{"gateway":{"controlUi":{"allowedOrigins":["http://ui.example"]}}}' ;;
	insecure) echo '{"gateway":{"controlUi":{"allowInsecureAuth":true}}}' ;;
	esac
}
# The setting a variant needs from its release (the console's release table says which
# releases have it; the gateway would refuse to start with a key it does not know).
variant_setting() {
	case $1 in
	noauto) echo gateway.nodes.pairing.autoApproveLocal=false ;;
	origins) echo gateway.controlUi.allowedOrigins=http://ui.example ;;
	insecure) echo gateway.controlUi.allowInsecureAuth=true ;;
	esac
}
variant_supported() { # variant_supported VARIANT VERSION
	set -- "$(variant_setting "$1")" "$2"
	[ -z "$1" ] && return 0
	! $OC explain --gateway-version "$2" --setting "$1" 2>&1 >/dev/null | grep -q 'not supported'
}

# A key approved on this variant's gateway (with its device token saved in the file),
# for operator.read,operator.write.
paired_key() { # paired_key VARIANT -> path
	k="$T/key-$1-$GW_RELEASE.json"
	[ -f "$k.ok" ] && { echo "$k"; return 0; }
	service --client-id openclaw-tui --mode ui --device "$k" --scopes operator.read,operator.write >"$T/pair1" 2>&1
	if grep -q '"outcome":"accepted"' "$T/pair1"; then :; else
		rid=$(python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])['requestId'] or '')" "$T/pair1" 2>/dev/null)
		[ -n "$rid" ] && gw_cli devices approve "$rid" >"$T/pair2" 2>&1
		service --client-id openclaw-tui --mode ui --device "$k" --scopes operator.read,operator.write >"$T/pair1" 2>&1
	fi
	grep -q '"deviceToken":true' "$T/pair1" && touch "$k.ok"
	echo "$k"
}

grep -v '^#' tests/handshakes.tsv | grep -v '^$' >"$T/rows"

run_matrix() { # run_matrix VERSION
rel=$1	# the loop below reuses "$@" for the commands' arguments
gw_release "$rel" || return
row=0 ran=0
[ "$rel" = "$GW_NEWEST" ] && tag="" || tag="_$(echo "$rel" | tr . _)"
while IFS='	' read -r variant cid mode role scopes auth device origin; do
	row=$((row + 1))
	name=$(printf 'diff%s_%02d_%s_%s_%s_%s_%s_%s' "$tag" "$row" "$variant" "$cid" "$mode" "$auth" "$device" "$origin")
	variant_supported "$variant" "$rel" || continue
	ran=$((ran + 1))
	gw_start "$variant" "$(variant_config "$variant")" </dev/null || { fail "$name" "gateway $variant did not start"; continue; }
	state="$T/console-$variant-$rel"
	if [ ! -f "$state.ok" ]; then
		# --live connects as the console: on a gateway without silent local pairing it
		# must be approved first
		if ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$state" \
			status >/dev/null 2>&1 </dev/null || gw_pair_console "$state" </dev/null; then
			touch "$state.ok"
		fi
	fi
	[ "$scopes" = "-" ] && scopes=""
	case $origin in
	none) o="" ;;
	loopback) o="http://127.0.0.1:$GW_PORT" ;;
	foreign) o="http://evil.example" ;;
	allowed) o="http://ui.example" ;;
	esac
	s_auth=$auth; s_wrong=""; e_auth=$auth
	[ "$auth" = token-wrong ] && { s_auth=token; s_wrong=--wrong-token; }
	s_dev=$device; e_dev=$device; e_appr=""
	case $device in
	new) e_dev=unpaired ;;
	paired) s_dev=$(paired_key "$variant" </dev/null); e_appr=operator.read,operator.write ;;
	expired-signature) s_dev=stale-signed-at ;;
	esac
	set -- --client-id "$cid" --mode "$mode" --role "$role" --scopes "$scopes" --auth "$s_auth" --device "$s_dev"
	[ -n "$s_wrong" ] && set -- "$@" $s_wrong
	[ -n "$o" ] && set -- "$@" --origin "$o"
	service "$@" >"$T/real" 2>"$T/real.err" </dev/null
	set -- --client-id "$cid" --mode "$mode" --role "$role" --auth "$e_auth" --device "$e_dev"
	[ -n "$scopes" ] && set -- "$@" --scopes "$scopes"
	[ -n "$o" ] && set -- "$@" --origin "$o"
	[ -n "$e_appr" ] && set -- "$@" --approved-scopes "$e_appr"
	$OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$state" --json \
		explain --live "$@" >"$T/pred" 2>"$T/pred.err" </dev/null
	verdict=$(python3 - "$T/real" "$T/pred" "$GW_VERSION" <<'PY'
import json, sys
try:
    real = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
except Exception as e:
    print("bad service output: %s" % e); sys.exit()
try:
    pred = json.load(open(sys.argv[2]))
except Exception as e:
    print("bad explain output: %s (%s)" % (e, open(sys.argv[2] + ".err").read().strip())); sys.exit()
if pred.get("gatewayVersion") != sys.argv[3]:
    print("explain --live predicted for %s, the gateway is %s" % (pred.get("gatewayVersion"), sys.argv[3])); sys.exit()
if real.get("outcome") == "accepted":
    ro = "cleared" if real.get("cleared") else "accepted"
elif real.get("detailsCode") == "PAIRING_REQUIRED":
    ro = "pairing"
else:
    ro = "rejected"
rc = real.get("detailsCode")
if ro == pred["outcome"] and rc == pred["detailsCode"]:
    print("ok")
else:
    print("real %s/%s (%s) vs predicted %s/%s [rule %s]" % (ro, rc, real.get("message"), pred["outcome"], pred["detailsCode"], pred["ruleId"]))
PY
)
	if [ "$verdict" = ok ]; then ok "$name"; else fail "$name" "$verdict"; fi
done <"$T/rows"
[ "$ran" -ge 40 ] && ok "diff${tag}_matrix_ran_40_rows" || fail "diff${tag}_matrix_ran_40_rows" "only $ran of $row rows"
}

for v in $(gw_releases); do
	run_matrix "$v"
done
gw_release "$GW_NEWEST"

# --live reads the gateway's settings (origins variant: allowedOrigins set).
gw_start origins "$(variant_config origins)"
$OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/console" --json explain --live \
	--client-id cli --mode cli --origin http://ui.example >"$T/live" 2>"$T/live.err"
if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if 'http://ui.example' in d['settings']['allowedOrigins'] and d['outcome']=='cleared' else 1)" "$T/live" 2>/dev/null; then
	ok explain_live_reads_allowed_origins
else
	fail explain_live_reads_allowed_origins "$(cat "$T/live" "$T/live.err")"
fi
