#!/bin/sh
# Issue 13 item 9: a test looks only at the processes it started.  51-secrets.sh once
# scanned every console on the machine and failed (secrets_no_token_env) because another
# console was running with OPENCLAW_GATEWAY_TOKEN exported, as the README recommends.
# Run it beside a decoy `openclaw-console` (a copy of sleep under that name, the real
# gateway token in its environment), from a shell that exports
# the token too: it must still pass, and the decoy must be untouched.
. tests/lib/common.sh
. tests/lib/gw.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-decoy.XXXXXX")
cleanup_add "rm -rf '$T'"
gw_start default '{}' || exit 1
mkdir "$T/bin"
cp "$(command -v sleep)" "$T/bin/openclaw-console"
tok=$(cat "$GW_TOKEN_FILE")
OPENCLAW_GATEWAY_TOKEN=$tok "$T/bin/openclaw-console" 600 &
decoy=$!
cleanup_add "kill $decoy 2>/dev/null"
WAIT_SECS=5 wait_for sh -c "readlink /proc/$decoy/exe | grep -q '/openclaw-console\$'" ||
	{ fail decoy_started "$(readlink /proc/$decoy/exe)"; exit 0; }

OPENCLAW_GATEWAY_TOKEN=$tok sh tests/live/51-secrets.sh >"$T/out" 2>"$T/err"
rc=$?
fails=$(grep '^FAIL ' "$T/out")
if [ $rc -eq 0 ] && [ -z "$fails" ] && grep -q '^ok secrets_no_token_env$' "$T/out" &&
	grep -q '^ok secrets_none_in_argv_env_output_screen_audit' "$T/out" &&
	grep -q '^ok secrets_console_processes_observed$' "$T/out"; then
	ok decoy_secrets_test_looks_only_at_its_own_processes
else
	fail decoy_secrets_test_looks_only_at_its_own_processes "rc=$rc $fails $(tail -3 "$T/err")"
fi
kill -0 "$decoy" 2>/dev/null && ok decoy_left_alone || fail decoy_left_alone "the decoy was stopped"
kill "$decoy" 2>/dev/null
exit 0
