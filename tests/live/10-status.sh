#!/bin/sh
# Issue 2: `status` against the real gateway — silent local pairing, pairing required,
# approval, device-token reuse, wrong token, unreachable port.
. tests/lib/common.sh
. tests/lib/gw.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-status.XXXXXX")
cleanup_add 'rm -rf "$T"'

# Default config: a fresh device on loopback is approved silently with all four scopes.
gw_start default '{}' || exit 1
out=$($OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/a" status --json 2>"$T/err")
rc=$?
if [ $rc -eq 0 ] && printf '%s' "$out" | grep -q '"operator.admin"' &&
   printf '%s' "$out" | grep -q '"operator.pairing"' && printf '%s' "$out" | grep -q '"serverVersion": "2026.9.6"'; then
	ok status_default_gateway_grants_all_four_scopes
else
	fail status_default_gateway_grants_all_four_scopes "rc=$rc out=$out err=$(cat "$T/err")"
fi
mode=$(stat -c %a "$T/a/device-tokens.json" 2>/dev/null)
[ "$mode" = 600 ] && ok device_token_file_is_0600 || fail device_token_file_is_0600 "mode=$mode"
grep -q "$(cat "$GW_TOKEN_FILE")" "$T/a/device-tokens.json" "$T/a/identity.json" &&
	fail shared_token_not_persisted "the gateway token was written to the state dir" ||
	ok shared_token_not_persisted

# Second run: the stored device token alone is enough (no shared token at all).
out=$(env -u OPENCLAW_GATEWAY_TOKEN OPENCLAW_CONFIG_PATH=/nonexistent HOME="$T" \
	$OC --url "$GW_URL" --state-dir "$T/a" status --json 2>"$T/err")
printf '%s' "$out" | grep -q '"authMethod": "device-token"' &&
	ok status_reuses_device_token || fail status_reuses_device_token "out=$out err=$(cat "$T/err")"

# autoApproveLocal=false: exit 3 with the requestId; approve with the gateway's CLI; retry.
gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
$OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/b" status >"$T/out" 2>"$T/err"
rc=$?
req=$(sed -n 's/.*requestId=\([0-9a-f-]*\).*/\1/p' "$T/err" | head -1)
if [ $rc -eq 3 ] && [ -n "$req" ]; then
	ok status_pairing_required_exits_3_with_request_id
else
	fail status_pairing_required_exits_3_with_request_id "rc=$rc err=$(cat "$T/err")"
fi
$OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/b" status --json >"$T/out" 2>"$T/err"
rc=$?
grep -q "\"requestId\": \"$req\"" "$T/out" && [ $rc -eq 3 ] &&
	ok status_json_reports_same_pending_request || fail status_json_reports_same_pending_request "rc=$rc $(cat "$T/out")"
if gw_cli devices approve "$req" >"$T/approve" 2>&1; then
	ok gateway_cli_approves_console
else
	fail gateway_cli_approves_console "$(tail -3 "$T/approve")"
fi
out=$($OC --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/b" status --json 2>"$T/err")
rc=$?
if [ $rc -eq 0 ] && printf '%s' "$out" | grep -q '"operator.write"' && [ -s "$T/b/device-tokens.json" ]; then
	ok status_after_approval_succeeds_and_stores_device_token
else
	fail status_after_approval_succeeds_and_stores_device_token "rc=$rc out=$out err=$(cat "$T/err")"
fi

# Wrong token: exit 4 with the gateway's reason and code on one line.
printf 'definitely-not-the-token' >"$T/wrong"; chmod 600 "$T/wrong"
$OC --url "$GW_URL" --token-file "$T/wrong" --state-dir "$T/c" status >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 4 ] && grep -q 'AUTH_TOKEN_MISMATCH' "$T/err" && [ "$(wc -l <"$T/err")" -eq 1 ]; then
	ok wrong_token_exits_4_with_reason
else
	fail wrong_token_exits_4_with_reason "rc=$rc err=$(cat "$T/err")"
fi
grep -q definitely-not-the-token "$T/err" "$T/out" &&
	fail token_never_printed "token text appeared in output" || ok token_never_printed

# Token file readable by others: refused before connecting.
chmod 644 "$T/wrong"
$OC --url "$GW_URL" --token-file "$T/wrong" --state-dir "$T/c" status >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'chmod' "$T/err" && ok too_open_token_file_refused ||
	fail too_open_token_file_refused "rc=$rc err=$(cat "$T/err")"

# --token on the command line is refused (secrets never in argv).
$OC --token abc status >/dev/null 2>"$T/err"
[ $? -eq 2 ] && ok token_in_argv_refused || fail token_in_argv_refused "$(cat "$T/err")"

# Unreachable port: exit 1 within 5 s.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
start=$(date +%s)
$OC --url "ws://127.0.0.1:$port" --token-file "$GW_TOKEN_FILE" --state-dir "$T/d" status >/dev/null 2>"$T/err"
rc=$?
el=$(( $(date +%s) - start ))
[ $rc -eq 1 ] && [ $el -le 5 ] && ok unreachable_exits_1_quickly ||
	fail unreachable_exits_1_quickly "rc=$rc after ${el}s err=$(cat "$T/err")"

# Plain ws:// to a non-loopback host never carries the token without --insecure.
$OC --url "ws://192.0.2.1:9/" --token-file "$GW_TOKEN_FILE" --state-dir "$T/d" status >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'refusing to send a token over plain ws://' "$T/err" &&
	ok plain_ws_to_remote_host_refuses_token || fail plain_ws_to_remote_host_refuses_token "rc=$rc $(cat "$T/err")"

# Issue #13 item 3: "loopback" is an IP literal in 127.0.0.0/8, ::1, or the name
# localhost (whose connected address is checked too), never a name that starts with "127.".
$OC --url "ws://127.evil.example:9/" --token-file "$GW_TOKEN_FILE" --state-dir "$T/d" status >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'refusing to send a token over plain ws://' "$T/err" &&
	ok plain_ws_to_127_prefixed_name_refuses_token || fail plain_ws_to_127_prefixed_name_refuses_token "rc=$rc $(cat "$T/err")"
gw_use default
$OC --url "ws://localhost:$GW_PORT" --token-file "$GW_TOKEN_FILE" --state-dir "$T/a" status >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && ok plain_ws_to_localhost_sends_token || fail plain_ws_to_localhost_sends_token "rc=$rc $(cat "$T/err")"
