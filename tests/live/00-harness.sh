#!/bin/sh
# Self-test of the live-test harness: tests/lib/gw.sh starts real sandboxed gateways, its
# `openclaw` CLI reaches them, and tests/lib/service.mjs plays the client classes the other
# tests rely on (protocol brief 4.4, 5.1, 5.7).
. tests/lib/common.sh
. tests/lib/gw.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-harness.XXXXXX")
cleanup_add "rm -rf '$T'"
jsget() { # jsget FILE EXPR: evaluate a JavaScript expression over the JSON document d
	PATH="$OC_GATEWAY_PATH:$PATH" node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
		const v=eval(process.argv[2]); console.log(typeof v==="string"?v:JSON.stringify(v))' "$1" "$2" 2>/dev/null
}
check() { # check NAME FILE JS-EXPR: ok when the expression over the file's JSON is true
	[ "$(jsget "$2" "$3")" = true ] && ok "$1" || fail "$1" "$(head -c 600 "$2")"
}
AUTO_OFF='{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}'

# Both variants start; a second gw_start of the same variant reuses it.
gw_start default '{}' || exit 1
pid1=$GW_PID
gw_start default '{}' && [ "$GW_PID" = "$pid1" ] && [ "$GW_URL" = "ws://127.0.0.1:$GW_PORT" ] &&
	[ "$(stat -c %a "$GW_TOKEN_FILE")" = 600 ] && ok harness_gateway_default_started_and_reused ||
	fail harness_gateway_default_started_and_reused "pid $pid1 then $GW_PID, url $GW_URL"
grep -q -- "$(cat "$GW_TOKEN_FILE")" "/proc/$GW_PID/cmdline" &&
	fail harness_token_not_on_argv "the token is in the gateway's argv" || ok harness_token_not_on_argv

service --client-id cli --mode cli --scopes operator.read,operator.write,operator.pairing >"$T/a" 2>"$T/a.err"
rc=$?
[ $rc -eq 0 ] && check harness_cli_cli_no_device_keeps_scopes "$T/a" \
	'd.outcome==="accepted" && d.method==="token" && d.scopes.includes("operator.write") && d.scopes.includes("operator.pairing") && !d.cleared' ||
	fail harness_cli_cli_no_device_keeps_scopes "rc=$rc $(cat "$T/a" "$T/a.err")"

service --client-id gateway-client --mode ui >"$T/b" 2>"$T/b.err"
rc=$?
[ $rc -eq 0 ] && check harness_gateway_client_ui_no_device_cleared "$T/b" \
	'd.outcome==="accepted" && d.scopes.length===0 && d.cleared===true' ||
	fail harness_gateway_client_ui_no_device_cleared "rc=$rc $(cat "$T/b" "$T/b.err")"

service --client-id openclaw-tui --mode ui >"$T/c" 2>"$T/c.err"
rc=$?
[ $rc -eq 1 ] && check harness_tui_no_device_rejected "$T/c" \
	'd.outcome==="rejected" && d.detailsCode==="CONTROL_UI_DEVICE_IDENTITY_REQUIRED" && d.close.code===1008' ||
	fail harness_tui_no_device_rejected "rc=$rc $(cat "$T/c" "$T/c.err")"

service --client-id openclaw-tui --mode ui --device bad-signature >"$T/d" 2>"$T/d.err"
check harness_bad_signature_rejected "$T/d" 'd.outcome==="rejected" && /^DEVICE_AUTH_/.test(d.detailsCode)'

grep -q -- "$(cat "$GW_TOKEN_FILE")" "$T/a" "$T/b" "$T/c" "$T/d" "$T/a.err" &&
	fail harness_service_never_prints_token "token in service output" || ok harness_service_never_prints_token

# noauto: a new device must be approved; the gateway's own CLI approves it.
gw_start noauto "$AUTO_OFF" || exit 1
[ "$GW_PORT" != "$(. "$OC_TEST_RUN/gw-default/env"; echo "$GW_PORT")" ] && ok harness_gateway_noauto_started ||
	fail harness_gateway_noauto_started "same port as default"
gw_cli devices list --json >"$T/l0" 2>"$T/l0.err"
rc=$?
[ $rc -eq 0 ] && check harness_gw_cli_devices_list "$T/l0" 'Array.isArray(d.pending) && Array.isArray(d.paired)' ||
	fail harness_gw_cli_devices_list "rc=$rc $(cat "$T/l0" "$T/l0.err")"
grep -q -- "$(cat "$GW_TOKEN_FILE")" "$T/l0" "$T/l0.err" && fail harness_gw_cli_hides_token "token in CLI output" ||
	ok harness_gw_cli_hides_token

svc() { service --client-id cli --mode cli --scopes operator.read,operator.write --device "$T/svc.key" "$@"; }
svc --display-name harness-svc >"$T/s1" 2>"$T/s1.err"
rc=$?
req=$(jsget "$T/s1" d.requestId)
[ $rc -eq 3 ] && [ -n "$req" ] && [ "$req" != null ] && check harness_new_device_pairing_required "$T/s1" \
	'd.code==="NOT_PAIRED" && d.detailsCode==="PAIRING_REQUIRED" && d.close.code===1008' ||
	fail harness_new_device_pairing_required "rc=$rc $(cat "$T/s1" "$T/s1.err")"
[ "$(stat -c %a "$T/svc.key" 2>/dev/null)" = 600 ] && ok harness_keyfile_is_0600 || fail harness_keyfile_is_0600 "$(ls -l "$T/svc.key")"

gw_cli devices list --json >"$T/l1" 2>&1
check harness_gw_cli_lists_request "$T/l1" "d.pending.some(p => p.requestId==='$req' && p.displayName==='harness-svc')"
gw_cli devices approve "$req" >"$T/ap" 2>&1 && ok harness_gw_cli_approves || fail harness_gw_cli_approves "$(tail -5 "$T/ap")"

svc >"$T/s2" 2>"$T/s2.err"
rc=$?
[ $rc -eq 0 ] && check harness_approved_device_gets_write "$T/s2" \
	'd.outcome==="accepted" && d.scopes.includes("operator.write") && d.deviceToken===true && d.method==="token"' ||
	fail harness_approved_device_gets_write "rc=$rc $(cat "$T/s2" "$T/s2.err")"

svc --auth device-token >"$T/s3" 2>"$T/s3.err"
rc=$?
[ $rc -eq 0 ] && check harness_device_token_reconnect "$T/s3" \
	'd.outcome==="accepted" && d.method==="device-token" && d.scopes.includes("operator.write")' ||
	fail harness_device_token_reconnect "rc=$rc $(cat "$T/s3" "$T/s3.err")"
grep -q -- "$(jsget "$T/svc.key" d.deviceToken)" "$T/s2" "$T/s3" && fail harness_service_never_prints_device_token "in output" ||
	ok harness_service_never_prints_device_token

# gw_restart: SIGKILL and back on the same port with the same state (the pairing survives).
port=$GW_PORT oldpid=$GW_PID
gw_restart noauto && [ "$GW_PORT" = "$port" ] && [ "$GW_PID" != "$oldpid" ] && ! kill -0 "$oldpid" 2>/dev/null &&
	svc --auth device-token >"$T/s4" 2>&1 && check harness_restart_keeps_port_and_pairing "$T/s4" 'd.method==="device-token"' ||
	fail harness_restart_keeps_port_and_pairing "port $port -> $GW_PORT, pid $oldpid -> $GW_PID $(cat "$T/s4" 2>/dev/null)"
