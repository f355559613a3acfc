#!/bin/sh
# Issue 9: the main CLI flows under valgrind against the real gateway: zero errors and zero
# definite/indirect leaks (valgrind exits 9 on either).
[ -n "${OC_ASAN:-}" ] && exit 0	# valgrind cannot run an AddressSanitizer build
. tests/lib/common.sh
. tests/lib/gw.sh

command -v valgrind >/dev/null 2>&1 || { fail valgrind_installed "valgrind is not installed (apt-get install valgrind)"; exit 0; }
gw_start default '{}' || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-vg.XXXXXX")
cleanup_add "rm -rf '$T'"
S="$T/state"
# pair once outside valgrind, so every run below takes the same (device-token) path
./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" status >/dev/null 2>&1

vg() { # vg NAME ARGS...
	name=$1; shift
	timeout 180 valgrind --leak-check=full --error-exitcode=9 --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --track-fds=no --log-file="$T/$name.vg" \
		./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" "$@" \
		>"$T/$name.out" 2>"$T/$name.err"
	rc=$?
	if [ $rc -eq 9 ]; then
		fail "valgrind_$name" "$(grep -E 'ERROR SUMMARY|definitely|indirectly|Invalid|uninitialised' "$T/$name.vg" | head -5 | tr '\n' ' ') $(grep -A8 -m1 -E 'Invalid|uninitialised|definitely lost in' "$T/$name.vg" | tr '\n' ' ' | head -c 700)"
	elif [ $rc -ne 0 ]; then
		fail "valgrind_$name" "exit $rc: $(head -c 300 "$T/$name.err")"
	elif ! grep -q 'ERROR SUMMARY: 0 errors' "$T/$name.vg"; then
		fail "valgrind_$name" "$(grep 'ERROR SUMMARY' "$T/$name.vg")"
	else
		ok "valgrind_$name"
	fi
}
vg status status
vg devices_list_json devices list --json
vg connections_json connections --json
vg explain explain --client-id openclaw-control-ui --mode webchat --auth token --device none
