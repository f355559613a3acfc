#!/bin/sh
# Issue 3 (CLI half): `connections` lists live presence rows from the real gateway; a
# service that stays connected appears with its class and scopes and disappears as live
# once it leaves (its row lingers as a disconnect, shown only with --all).
. tests/lib/common.sh
. tests/lib/gw.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-conns.XXXXXX")
cleanup_add "rm -rf '$T'"

gw_start default '{}' || exit 1
OC_STATE_DIR="$T/console"	# for oc (tests/lib/common.sh)
jcheck() { # jcheck FILE EXPR -> prints True/False
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(bool($2))" "$1" 2>/dev/null
}
inst="svc-conn-$$"
row="[r for r in d if r['instanceId']=='$inst']"

# Before the service: the gateway's own row is there, the service is not.
oc connections --json >"$T/c0" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && [ "$(jcheck "$T/c0" "any(r['class']=='gateway' and r['reason']=='self' for r in d) and not $row")" = True ] &&
	ok connections_json_lists_gateway_self || fail connections_json_lists_gateway_self "rc=$rc $(cat "$T/err" "$T/c0")"

# A native-app UI client with a fresh key (silently approved on the default config) stays 12 s.
service --client-id openclaw-linux --mode ui --device new --scopes operator.read,operator.write \
	--display-name svc-conn --instance-id "$inst" --stay 12 >"$T/svc" 2>&1 &
SVC=$!
seen() { oc connections --json >"$T/c1" 2>/dev/null && [ "$(jcheck "$T/c1" "$row")" = True ]; }
if wait_for seen; then
	ok connections_service_appears
else
	fail connections_service_appears "$(cat "$T/c1")"
fi
if [ "$(jcheck "$T/c1" "$row[0]['class']=='app' and $row[0]['clientId']=='openclaw-linux' and $row[0]['mode']=='ui' and $row[0]['live'] and 'operator.write' in $row[0]['scopes'] and $row[0]['host']=='svc-conn' and len($row[0]['deviceId'] or '')==64")" = True ]; then
	ok connections_json_has_class_scopes_device
else
	fail connections_json_has_class_scopes_device "$(cat "$T/c1")"
fi
oc connections >"$T/table" 2>&1
dev=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($row[0]['deviceId'][:12])" "$T/c1")
if head -1 "$T/table" | grep -q 'CLIENT.*MODE.*CLASS.*ROLES.*SCOPES.*DEVICE.*PLATFORM.*VERSION.*SINCE.*HOST/IP' &&
   grep "openclaw-linux" "$T/table" | grep -q "$dev" && grep "openclaw-linux" "$T/table" | grep -q "svc-conn"; then
	ok connections_table
else
	fail connections_table "$(cat "$T/table")"
fi
# The console's own cli/cli connection is never in presence (ephemeral mode).
[ "$(jcheck "$T/c1" "not any(r['mode']=='cli' for r in d)")" = True ] && ok connections_cli_mode_not_listed ||
	fail connections_cli_mode_not_listed "$(cat "$T/c1")"

# The service leaves by itself when --stay runs out: not live any more; --all still shows
# it as a disconnect.
wait "$SVC"
grep -q '"outcome":"accepted"' "$T/svc" && ok connections_service_ran || fail connections_service_ran "$(cat "$T/svc")"
gone() { oc connections --json >"$T/c2" 2>/dev/null && [ "$(jcheck "$T/c2" "not $row")" = True ]; }
if wait_for gone; then
	ok connections_service_gone_after_exit
else
	fail connections_service_gone_after_exit "$(cat "$T/c2")"
fi
oc connections --all --json >"$T/c3" 2>&1
[ "$(jcheck "$T/c3" "$row and not $row[0]['live'] and $row[0]['reason']=='disconnect'")" = True ] &&
	ok connections_all_shows_disconnected || fail connections_all_shows_disconnected "$(cat "$T/c3")"
oc connections --all >"$T/table" 2>&1
head -1 "$T/table" | grep -q 'STATE' && grep "openclaw-linux" "$T/table" | grep -q disconnect &&
	ok connections_all_table_has_state || fail connections_all_table_has_state "$(cat "$T/table")"

# Usage: unknown argument exits 2.
$OC connections --bogus >/dev/null 2>&1
[ $? -eq 2 ] && ok connections_usage_error_exits_2 || fail connections_usage_error_exits_2 "wrong exit"
