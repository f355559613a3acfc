#!/bin/sh
# Issue 9: faults.  Fake gateways (tests/lib/fakegw.mjs) that never answer the upgrade,
# upgrade but never challenge, challenge but never answer connect, or send garbage and
# close: `openclaw-console status` exits 1 with one clear line within ~15 s, no hang, no
# crash.  Then a state dir where the token store cannot be written: a clear error, and
# the old files are left intact.
. tests/lib/common.sh
. tests/lib/gw.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-faults.XXXXXX")
cleanup_add "rm -rf '$T'"
( umask 077; echo fake-token-0123456789 >"$T/token" )

fake_case() { # fake_case MODE
	mode=$1
	PATH="$OC_GATEWAY_PATH:$PATH" node tests/lib/fakegw.mjs --mode "$mode" --life 60 >"$T/$mode.gw" 2>&1 &
	fpid=$!
	cleanup_add "kill $fpid 2>/dev/null"
	WAIT_SECS=10 wait_for grep -q '"port"' "$T/$mode.gw" || { fail "faults_${mode}_fake_starts" "$(cat "$T/$mode.gw")"; return; }
	port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$T/$mode.gw")
	t0=$(date +%s)
	timeout 40 ./openclaw-console --url "ws://127.0.0.1:$port" --token-file "$T/token" \
		--state-dir "$T/state-$mode" status >"$T/$mode.out" 2>"$T/$mode.err"
	rc=$?
	dt=$(( $(date +%s) - t0 ))
	kill $fpid 2>/dev/null
	lines=$(grep -c . "$T/$mode.err")
	if [ $rc -eq 124 ]; then
		fail "faults_${mode}_no_hang" "still running after 40 s; stderr: $(head -c 300 "$T/$mode.err")"
	elif [ $rc -ne 1 ]; then
		fail "faults_${mode}_exit_1" "rc=$rc after ${dt}s; stderr: $(head -c 300 "$T/$mode.err" | cat -v)"
	elif [ "$dt" -gt 16 ]; then
		fail "faults_${mode}_within_15s" "took ${dt}s: $(cat "$T/$mode.err")"
	elif [ "$lines" -ne 1 ] || grep -q "$(printf '\033')" "$T/$mode.err" || ! grep -q 'openclaw-console: ' "$T/$mode.err"; then
		fail "faults_${mode}_one_clear_line" "$(cat -v "$T/$mode.err")"
	else
		ok "faults_${mode}_exit_1_in_${dt}s"
	fi
	# The message should say something about what went wrong, not just "failed".
	if grep -Eiq 'timed? ?out|no (answer|response|challenge)|upgrade|handshake|closed|protocol|invalid|refused|connect.challenge|not JSON' "$T/$mode.err"; then
		ok "faults_${mode}_message_says_why"
	else
		fail "faults_${mode}_message_says_why" "$(cat -v "$T/$mode.err")"
	fi
}
for m in silent-tcp no-challenge stall-hello garbage; do fake_case "$m"; done

# Issue #13 item 2: an answer jansson cannot read (a U+0000 in an object key) is reported
# at once as unreadable, with the method, never as "timed out: no answer".
: >"$T/unreadable.gw"
PATH="$OC_GATEWAY_PATH:$PATH" node tests/lib/fakegw.mjs --mode unreadable --life 60 >"$T/unreadable.gw" 2>&1 &
fpid=$!
cleanup_add "kill $fpid 2>/dev/null"
if WAIT_SECS=10 wait_for grep -q '"port"' "$T/unreadable.gw"; then
	port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$T/unreadable.gw")
	t0=$(date +%s)
	timeout 60 ./openclaw-console --url "ws://127.0.0.1:$port" --token-file "$T/token" \
		--state-dir "$T/state-unreadable" devices list >/dev/null 2>"$T/unreadable.err"
	rc=$?; dt=$(( $(date +%s) - t0 ))
	if [ $rc -eq 1 ] && [ "$dt" -le 10 ] && [ "$(grep -c . "$T/unreadable.err")" -eq 1 ] &&
	   grep -q "device.pair.list: the gateway's answer could not be read: .*NUL" "$T/unreadable.err" &&
	   ! grep -q 'timed out' "$T/unreadable.err"; then
		ok faults_unreadable_answer_reported_not_timeout
	else
		fail faults_unreadable_answer_reported_not_timeout "rc=$rc ${dt}s $(cat -v "$T/unreadable.err")"
	fi
else
	fail faults_unreadable_fake_starts "$(cat "$T/unreadable.gw")"
fi
kill $fpid 2>/dev/null

# Nothing listening at all: a refused connection is a fast, clear error.
port=$(free_port)
t0=$(date +%s)
timeout 40 ./openclaw-console --url "ws://127.0.0.1:$port" --token-file "$T/token" --state-dir "$T/state-none" status \
	>/dev/null 2>"$T/none.err"
rc=$?; dt=$(( $(date +%s) - t0 ))
[ $rc -eq 1 ] && [ "$dt" -le 15 ] && [ "$(grep -c . "$T/none.err")" -eq 1 ] && ok faults_nothing_listening ||
	fail faults_nothing_listening "rc=$rc ${dt}s $(cat "$T/none.err")"

# The token store cannot be written.  Against the real gateway, with a fresh state dir:
# first connect once so identity.json and device-tokens.json exist, then replace the token
# store's temp/target path with something unwritable and force a new token to be saved.
gw_start default '{}' || exit 1
S="$T/state-ro"
./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" status >/dev/null 2>&1
if [ ! -s "$S/device-tokens.json" ] || [ ! -s "$S/identity.json" ]; then
	fail faults_state_prepared "no identity/token after a first connect: $(ls -la "$S" 2>&1)"
else
	cp -p "$S/identity.json" "$T/identity.before"
	cp -p "$S/device-tokens.json" "$T/tokens.before"
	# (a) device-tokens.json is a directory: the atomic rename onto it must fail cleanly.
	mv "$S/device-tokens.json" "$T/tokens.saved"
	mkdir "$S/device-tokens.json"
	./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" status \
		>"$T/ro.out" 2>"$T/ro.err"
	rc=$?
	if grep -q 'device-tokens.json' "$T/ro.err" && [ "$(grep -c . "$T/ro.err")" -le 2 ]; then
		ok "faults_token_store_is_directory_clear_error_rc$rc"
	else
		fail faults_token_store_is_directory_clear_error "rc=$rc stderr: $(cat "$T/ro.err") stdout: $(head -3 "$T/ro.out")"
	fi
	cmp -s "$S/identity.json" "$T/identity.before" && [ -d "$S/device-tokens.json" ] &&
		[ -z "$(ls -A "$S/device-tokens.json")" ] && ok faults_token_store_is_directory_files_intact ||
		fail faults_token_store_is_directory_files_intact "$(ls -la "$S" "$S/device-tokens.json")"
	rmdir "$S/device-tokens.json"; mv "$T/tokens.saved" "$S/device-tokens.json"
	# (b) a full filesystem: the state dir on a 1-block tmpfs that is then filled up,
	# if this machine lets us mount one (root in a container often may not).
	M="$T/full"
	mkdir -p "$M"
	if mount -t tmpfs -o size=64k tmpfs "$M" 2>/dev/null; then
		cleanup_add "umount '$M' 2>/dev/null"
		mkdir -m 700 "$M/state"
		cp -p "$S/identity.json" "$M/state/"
		# an old token entry for another URL that must survive
		cp -p "$S/device-tokens.json" "$M/state/device-tokens.json"
		sed -i "s#$GW_URL#ws://127.0.0.1:1#g" "$M/state/device-tokens.json"
		cp -p "$M/state/device-tokens.json" "$T/full.before"
		dd if=/dev/zero of="$M/filler" bs=1k count=200 2>/dev/null
		./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$M/state" status \
			>"$T/full.out" 2>"$T/full.err"
		rc=$?
		grep -Eiq 'device-tokens|space|write|save' "$T/full.err" && ok "faults_disk_full_clear_error_rc$rc" ||
			fail faults_disk_full_clear_error "rc=$rc $(cat "$T/full.err")"
		cmp -s "$M/state/device-tokens.json" "$T/full.before" && ok faults_disk_full_old_file_intact ||
			fail faults_disk_full_old_file_intact "$(cat "$M/state/device-tokens.json" | head -c 300)"
		ls "$M/state" | grep -q '\.tmp\|XXXX' && fail faults_disk_full_no_temp_left "$(ls -a "$M/state")" ||
			ok faults_disk_full_no_temp_left
		umount "$M"
	else
		echo "# tmpfs mount not permitted here: disk-full case skipped" >&2
	fi
fi

# The gateway admits at most 32 unauthenticated sockets per address and answers further
# upgrades with HTTP 503.  Hold 32 upgraded sockets that never send connect, then connect:
# one line that names the HTTP status and the reason, exit 1 (and no raw lws jargon).
PATH="$OC_GATEWAY_PATH:$PATH" node --input-type=module -e '
	import { createRequire } from "node:module"; import fs from "node:fs"; import path from "node:path";
	const dir = process.env.OC_GATEWAY_PATH.split(":").find((d) => d && fs.existsSync(path.join(d, "openclaw")));
	const bin = fs.realpathSync(path.join(dir, "openclaw"));
	const WebSocket = createRequire(path.resolve(path.dirname(bin), "package.json"))("ws");
	let open = 0;
	for (let i = 0; i < 32; i++) {
		const ws = new WebSocket(process.argv[1], { perMessageDeflate: false });
		ws.on("open", () => { if (++open === 32) console.log("held"); });
		ws.on("error", () => {});
	}
	setTimeout(() => process.exit(0), 8000);' "$GW_URL" >"$T/hold.out" 2>&1 &
hold=$!
cleanup_add "kill $hold 2>/dev/null"
if WAIT_SECS=5 wait_for grep -q held "$T/hold.out"; then
	./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/state-503" status \
		>/dev/null 2>"$T/503.err"
	rc=$?
	if [ $rc -eq 1 ] && [ "$(grep -c . "$T/503.err")" -eq 1 ] && grep -q 'HTTP 503' "$T/503.err" &&
		grep -q 'unauthenticated sockets' "$T/503.err" && ! grep -q 'HS:' "$T/503.err"; then
		ok faults_preauth_budget_503_explained
	else
		fail faults_preauth_budget_503_explained "rc=$rc $(cat "$T/503.err")"
	fi
else
	fail faults_preauth_budget_sockets_held "$(cat "$T/hold.out")"
fi
kill $hold 2>/dev/null
