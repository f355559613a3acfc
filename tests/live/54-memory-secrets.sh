#!/bin/sh
# Issue 13 item 8: once the device token from the first pairing is stored in guarded
# memory, no other copy of it is left in the console's memory.  The agent and the TUI are
# started with a fresh state dir (the default gateway approves a loopback device silently,
# so their first hello-ok carries a new device token); once connected, every readable
# mapping of that process (and only that process, which this test started) is read
# through /proc/PID/mem and searched for the device token and the gateway token
# (tests/lib/memscan.py).  Copies are allowed only in sodium_malloc's guarded pages.
# Without root, /proc/PID/mem of a non-dumpable process cannot be read: the console is
# then run with OPENCLAW_CONSOLE_DEBUG=core, which only keeps it dumpable.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start default '{}' || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-memsec.XXXXXX")
APID=
cleanup_add '[ -n "$APID" ] && kill -TERM "$APID" 2>/dev/null; rm -rf "$T"'
DBG=
[ "$(id -u)" = 0 ] || DBG=OPENCLAW_CONSOLE_DEBUG=core

# needles FILE STATE_DIR: the stored device token(s) and the gateway token, one a line, 0600
needles() {
	( umask 077
	  python3 -c 'import json,sys; print("\n".join(t["token"] for t in json.load(open(sys.argv[1]))["tokens"]))' \
		"$2/device-tokens.json" >"$1" && cat "$GW_TOKEN_FILE" >>"$1" && echo >>"$1" )
}
scan() { # scan NAME PID STATE_DIR
	if ! needles "$T/$1.needles" "$3" || [ "$(wc -l <"$T/$1.needles")" -lt 2 ]; then
		fail "memory_$1_tokens_known" "no device token stored in $3"
		return
	fi
	python3 tests/lib/memscan.py "$2" "$T/$1.needles" >"$T/$1.scan" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && grep -q '^scanned [1-9][0-9]* bytes' "$T/$1.scan" && grep -q 'guarded=yes' "$T/$1.scan"; then
		ok "memory_$1_token_only_in_guarded_memory"
	else
		fail "memory_$1_token_only_in_guarded_memory" "rc=$rc $(cat "$T/$1.scan")"
	fi
}

# 1. the headless agent
env $DBG ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$T/agent" \
	--config-dir "$T/config" agent >/dev/null 2>"$T/agent.log" </dev/null &
APID=$!
if WAIT_SECS=30 wait_for grep -q "agent: connected" "$T/agent.log" && [ -s "$T/agent/device-tokens.json" ]; then
	scan agent "$APID" "$T/agent"
else
	fail memory_agent_connects "$(tail -3 "$T/agent.log")"
fi
kill -TERM "$APID"; wait "$APID"; APID=

# 2. the TUI
COLS=120 ROWS=30 TUI_ENV="$DBG" tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" \
	--state-dir "$T/tui" --config-dir "$T/config"
if tui_wait 'connected' 30 >/dev/null 2>&1 && [ -s "$T/tui/device-tokens.json" ]; then
	scan tui "$(tui_pid)" "$T/tui"
else
	fail memory_tui_connects "$(tui_text | tail -5)"
fi
tui_keys q
exit 0
