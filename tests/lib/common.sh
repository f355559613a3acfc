# Shared helpers for the shell tests: the runner counts "ok NAME" and "FAIL NAME: why" lines.
ok() { echo "ok $1"; }
fail() { n=$1; shift; echo "FAIL $n: $*" | tr '\n' ' '; echo; }

# A free TCP port on 127.0.0.1.
free_port() {
	PATH="${OC_GATEWAY_PATH:+$OC_GATEWAY_PATH:}$PATH" node -e \
		'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null ||
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_for CMD... : retry a command every 0.2 s for up to $WAIT_SECS (default 15) seconds.
wait_for() {
	end=$(( $(date +%s) + ${WAIT_SECS:-15} ))
	until "$@"; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.2
	done
}

# jget FILE EXPR: evaluate a Python expression over the JSON document d of FILE and print
# it (nothing when the file is not JSON or the expression fails).
jget() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null; }

# oc ARGS...: the console under test, $OC (default ./openclaw-console), with
#   --url $OC_URL          (unset: the current gateway's $GW_URL; empty: no --url)
#   --token-file $OC_TOKEN_FILE  (unset: $GW_TOKEN_FILE; empty: no --token-file)
#   --state-dir $OC_STATE_DIR, --config-dir $OC_CONFIG_DIR  (when set and not empty)
# then ARGS, then the words of $OC_TAIL; standard input from $OC_STDIN when set.  A test
# sets these once, after its dirs exist.
unset OC OC_URL OC_TOKEN_FILE OC_STATE_DIR OC_CONFIG_DIR OC_TAIL OC_STDIN
oc() {
	# shellcheck disable=SC2086 # OC_TAIL is words
	[ -n "${OC_TAIL-}" ] && set -- "$@" $OC_TAIL
	[ -n "${OC_CONFIG_DIR-}" ] && set -- --config-dir "$OC_CONFIG_DIR" "$@"
	[ -n "${OC_STATE_DIR-}" ] && set -- --state-dir "$OC_STATE_DIR" "$@"
	[ -n "${OC_TOKEN_FILE-${GW_TOKEN_FILE-}}" ] && set -- --token-file "${OC_TOKEN_FILE-$GW_TOKEN_FILE}" "$@"
	[ -n "${OC_URL-${GW_URL-}}" ] && set -- --url "${OC_URL-$GW_URL}" "$@"
	if [ -n "${OC_STDIN-}" ]; then
		"${OC:-./openclaw-console}" "$@" <"$OC_STDIN"
	else
		"${OC:-./openclaw-console}" "$@"
	fi
}

# Cleanup actions run once at exit, in reverse order.  Tests call cleanup_add instead of
# setting their own EXIT trap, so the harness's own cleanup (stopping gateways) still runs.
OC_CLEANUP=""
cleanup_add() { OC_CLEANUP="$*; $OC_CLEANUP"; }
oc_cleanup_run() { eval "$OC_CLEANUP"; OC_CLEANUP=""; }
trap 'oc_cleanup_run' EXIT
trap 'exit 130' INT TERM

# A test looks only at what it started.  The console must not pick up the operator's own
# settings: their config and state dirs, their exported gateway token or URL (the README
# suggests exporting OPENCLAW_GATEWAY_TOKEN), their ~/.openclaw/openclaw.json.  So: no
# OPENCLAW_* settings from outside, and XDG config/state dirs of this test's own.  HOME
# stays (tests/deps.sh keeps the test gateway in ~/.cache); OPENCLAW_CONSOLE_TEST_CACHE
# is the harness's, not the console's.
unset OPENCLAW_GATEWAY_TOKEN OPENCLAW_GATEWAY_PASSWORD OPENCLAW_GATEWAY_URL \
	OPENCLAW_CONSOLE_STATE_DIR OPENCLAW_CONSOLE_CONFIG_DIR OPENCLAW_CONSOLE_THEME \
	OPENCLAW_CONSOLE_BELL OPENCLAW_CONSOLE_REFRESH OPENCLAW_CONSOLE_TIMEOUT OPENCLAW_CONSOLE_DEBUG
OC_TEST_HOME=$(mktemp -d "${TMPDIR:-/tmp}/oc-test-home.XXXXXX") || exit 1
cleanup_add "rm -rf '$OC_TEST_HOME'"
XDG_CONFIG_HOME=$OC_TEST_HOME/config XDG_STATE_HOME=$OC_TEST_HOME/state
OPENCLAW_CONFIG_PATH=$OC_TEST_HOME/no-openclaw.json
export XDG_CONFIG_HOME XDG_STATE_HOME OPENCLAW_CONFIG_PATH
