#!/bin/sh
# Issue 9: wss:// with --pin: the SHA-256 of the server's public key (SubjectPublicKeyInfo,
# DER) must match, or the console refuses before sending anything; without a pin a
# self-signed certificate fails the normal CA check.
. tests/lib/common.sh
[ -n "${OC_GATEWAY_PATH:-}" ] || OC_GATEWAY_PATH=$(tests/deps.sh gateway)
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-wss.XXXXXX")
cleanup_add "rm -rf '$T'"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
	-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1 || { fail wss_cert_made "openssl failed"; exit 0; }
pin=$(openssl x509 -pubkey -noout -in "$T/cert.pem" | openssl pkey -pubin -outform der | sha256sum | cut -d' ' -f1)
PATH="$OC_GATEWAY_PATH:$PATH" node tests/lib/fakegw.mjs --mode stall-hello --life 120 \
	--tls-cert "$T/cert.pem" --tls-key "$T/key.pem" >"$T/gw.out" 2>&1 &
gwpid=$!
cleanup_add "kill $gwpid 2>/dev/null"
WAIT_SECS=15 wait_for grep -q port "$T/gw.out" || { fail wss_fake_gateway_started "$(cat "$T/gw.out")"; exit 0; }
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$T/gw.out")
printf 'not-a-real-token' >"$T/tok"; chmod 600 "$T/tok"
OC_URL="wss://127.0.0.1:$port/" OC_TOKEN_FILE="$T/tok" OC_STATE_DIR="$T/state" OC_TAIL=status	# for oc (tests/lib/common.sh)

oc --pin 0000000000000000000000000000000000000000000000000000000000000000 >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'does not match the pinned fingerprint' "$T/err" &&
	ok wss_wrong_pin_refused || fail wss_wrong_pin_refused "rc=$rc $(cat "$T/err")"

# The right pin passes TLS and reaches the WebSocket handshake (this fake gateway then stalls).
oc --pin "$pin" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "handshake" "$T/err" && ! grep -q 'pinned fingerprint' "$T/err" &&
	ok wss_right_pin_reaches_handshake || fail wss_right_pin_reaches_handshake "rc=$rc $(cat "$T/err") pin=$pin"

# No pin: a self-signed certificate fails the CA check; the token never leaves.
oc >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'cannot connect' "$T/err" &&
	ok wss_self_signed_without_pin_refused || fail wss_self_signed_without_pin_refused "rc=$rc $(cat "$T/err")"
