#!/bin/sh
# Issue 9: no secret leaks.  With the gateway token in a 0600 file, run status, devices
# list, connections, the TUI (tmux) and the agent; while each runs, read /proc/PID/cmdline
# and environ of the processes this test started (the command and its descendants: never
# other consoles on the machine, which may well have the token in their environment);
# keep all stdout/stderr, the screen capture, and the audit log.  Neither the gateway token nor the device token (from
# device-tokens.json) may appear in any of them.  Then file modes: identity, device tokens,
# allowlist and audit are 0600; a 0644 identity and one owned by another user are refused.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start default '{}' || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-secrets.XXXXXX")
cleanup_add "rm -rf '$T'"
S="$T/state" C="$T/config"
mkdir -p "$T/out"
OC_STATE_DIR=$S OC_CONFIG_DIR=$C	# for oc (tests/lib/common.sh)

# snoop NAME PID: argv of PID and its descendants (processes this test started), and the
# environment of those that are the console
snoop() {
	for pid in $2 $(gw__descendants "$2"); do
		p=/proc/$pid
		{ tr "\0" " " <"$p/cmdline"; } 2>/dev/null; echo
		case $(readlink "$p/exe" 2>/dev/null) in
		*/openclaw-console) tr '\0' '\n' <"$p/environ" 2>/dev/null; echo "console-pid $pid";;
		esac
	done >>"$T/out/proc.$1"
}
# bg_snoop NAME CMD...: run CMD in the background and snoop it 3 times while it runs
bg_snoop() {
	name=$1; shift
	"$@" >"$T/out/$name.out" 2>"$T/out/$name.err" &
	bp=$!
	for i in 1 2 3; do sleep 0.3; snoop "$name" "$bp"; done
	wait $bp
}

bg_snoop status oc status
[ -s "$S/device-tokens.json" ] || { fail secrets_device_token_stored "$(cat "$T/out/status.err")"; exit 0; }
bg_snoop devices oc devices list
bg_snoop devices_json oc devices list --json
bg_snoop conns oc connections
bg_snoop conns_json oc connections --json
bg_snoop status_json oc status --json
# a failing run too: errors must not echo the secret either
bg_snoop badurl ./openclaw-console --url "ws://127.0.0.1:$(free_port)" --token-file "$GW_TOKEN_FILE" --state-dir "$S" status
grep -q 'console-pid' "$T/out/proc.status" "$T/out/proc.devices" "$T/out/proc.conns" 2>/dev/null ||
	echo "# the one-shot commands were too quick to observe in /proc" >&2

# the agent, for 3 s, then SIGTERM
# (not through oc(): $! would be the function's subshell, and the agent would outlive the test)
./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" --config-dir "$C" agent \
	>"$T/out/agent.out" 2>"$T/out/agent.err" &
ap=$!
cleanup_add "kill $ap 2>/dev/null"
sleep 1; snoop agent "$ap"; sleep 2; snoop agent "$ap"
kill -TERM $ap 2>/dev/null; wait $ap

# the TUI for a few seconds
COLS=140 ROWS=30 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" --config-dir "$C"
tui_wait 'openclaw-tui|Connections' 20 >/dev/null 2>&1
snoop tui "$(tui_pid)"
tui_text >"$T/out/screen.txt"; tui_text -e >"$T/out/screen-e.txt"
tui_keys Enter; sleep 0.5; tui_text >>"$T/out/screen.txt"
tui_keys '?'; sleep 0.5; tui_text >>"$T/out/screen.txt"
tui_keys q
# the long-running ones were caught in /proc, so their argv and environment were searched
grep -q 'console-pid' "$T/out/proc.agent" && grep -q 'console-pid' "$T/out/proc.tui" &&
	ok secrets_console_processes_observed ||
	fail secrets_console_processes_observed "no openclaw-console process seen while the agent and the TUI ran"

gwtok=$(cat "$GW_TOKEN_FILE")
devtok=$(python3 -c 'import json,sys; print("\n".join(t["token"] for t in json.load(open(sys.argv[1]))["tokens"]))' "$S/device-tokens.json")
[ -n "$gwtok" ] && [ -n "$devtok" ] || { fail secrets_tokens_known "gw=${#gwtok} dev=${#devtok}"; exit 0; }
[ -f "$S/audit.jsonl" ] && cp "$S/audit.jsonl" "$T/out/audit.jsonl"
# The gateway's own process gets the token through its environment (tests/lib/gw.sh): that
# is the harness, not the console.  Look at the console's env and at everyone's argv only.
leaks=""
for f in "$T"/out/*; do
	for s in "$gwtok" $devtok; do
		grep -qF -- "$s" "$f" && leaks="$leaks $(basename "$f")"
	done
done
[ -z "$leaks" ] && ok "secrets_none_in_argv_env_output_screen_audit($(ls "$T/out" | wc -l)_files)" ||
	fail secrets_none_in_argv_env_output_screen_audit "found in:$leaks"
# the console's environment has no token variable at all when it came from a file
# (tests/lib/common.sh unsets an OPENCLAW_GATEWAY_TOKEN exported in the caller's shell)
grep -q '^OPENCLAW_GATEWAY_TOKEN=' "$T"/out/proc.* && fail secrets_no_token_env "OPENCLAW_GATEWAY_TOKEN in a console environ" ||
	ok secrets_no_token_env

# File modes
mode() { stat -c %a "$1"; }
bad=""
for f in "$S/identity.json" "$S/device-tokens.json"; do [ "$(mode "$f")" = 600 ] || bad="$bad $f=$(mode "$f")"; done
[ -f "$S/audit.jsonl" ] && { [ "$(mode "$S/audit.jsonl")" = 600 ] || bad="$bad audit=$(mode "$S/audit.jsonl")"; }
oc trusted add --name secrets-test --client-id cli --scopes operator.read >/dev/null 2>"$T/trusted.err"
if [ -f "$C/trusted-services.json" ]; then
	[ "$(mode "$C/trusted-services.json")" = 600 ] || bad="$bad trusted=$(mode "$C/trusted-services.json")"
else
	echo "# trusted add did not write the allowlist: $(cat "$T/trusted.err")" >&2
fi
[ "$(mode "$S")" = 700 ] || bad="$bad state-dir=$(mode "$S")"
[ -z "$bad" ] && ok secrets_files_0600 || fail secrets_files_0600 "$bad"

# A 0644 identity is refused (and not silently fixed or replaced).
cp -p "$S/identity.json" "$T/id.bak"
chmod 644 "$S/identity.json"
oc status >/dev/null 2>"$T/perm.err"; rc=$?
[ $rc -ne 0 ] && grep -q 'identity' "$T/perm.err" && cmp -s "$S/identity.json" "$T/id.bak" &&
	ok "secrets_identity_0644_refused_rc$rc" || fail secrets_identity_0644_refused "rc=$rc $(cat "$T/perm.err")"
chmod 600 "$S/identity.json"
# Owned by another user (needs root to chown).
if [ "$(id -u)" = 0 ]; then
	chown nobody "$S/identity.json"
	oc status >/dev/null 2>"$T/own.err"; rc=$?
	[ $rc -ne 0 ] && grep -Eiq 'own|identity' "$T/own.err" && ok "secrets_identity_foreign_owner_refused_rc$rc" ||
		fail secrets_identity_foreign_owner_refused "rc=$rc $(cat "$T/own.err")"
	chown 0 "$S/identity.json"
	chown nobody "$S/device-tokens.json"
	oc status >"$T/own2.out" 2>"$T/own2.err"; rc=$?
	# the foreign token store is not used (the console falls back to the shared token) ...
	grep -q 'sent shared-token' "$T/own2.out" && ! grep -q 'sent device-token' "$T/own2.out" &&
		ok secrets_token_store_foreign_owner_not_used ||
		fail secrets_token_store_foreign_owner_not_used "rc=$rc $(grep auth "$T/own2.out")"
	# ... and the operator is told why, without a debug switch
	grep -Eiq 'owned by|device-tokens' "$T/own2.err" && ok secrets_token_store_foreign_owner_reported ||
		fail secrets_token_store_foreign_owner_reported "rc=$rc, nothing on stderr (only shown with OPENCLAW_CONSOLE_DEBUG=1)"
	chown 0 "$S/device-tokens.json"
fi
# A token file readable by others is refused, and the error does not print the token.
cp "$GW_TOKEN_FILE" "$T/open-token"; chmod 644 "$T/open-token"
./openclaw-console --url "$GW_URL" --token-file "$T/open-token" --state-dir "$S" status >"$T/ot.out" 2>"$T/ot.err"; rc=$?
[ $rc -ne 0 ] && ! grep -qF -- "$gwtok" "$T/ot.err" "$T/ot.out" && ok "secrets_open_token_file_refused_rc$rc" ||
	fail secrets_open_token_file_refused "rc=$rc $(cat "$T/ot.err")"
