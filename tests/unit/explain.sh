#!/bin/sh
# explain on the command line, offline (issue 16): --scopes reaches the engine, the release
# is named and selectable, --approved-scopes, --device expired-signature and a --frame's
# signedAt, bad input gives one line and exit 2.
. tests/lib/common.sh
OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-explain.XXXXXX")
cleanup_add "rm -rf '$T'"

# --scopes is also a global option: it used to vanish before explain saw it
$OC explain --json --scopes operator.read,operator.admin >"$T/a" 2>&1
[ "$(jget "$T/a" "d['input']['scopes']")" = "['operator.read', 'operator.admin']" ] &&
	ok explain_scopes_reach_the_engine || fail explain_scopes_reach_the_engine "$(cat "$T/a")"
$OC --scopes operator.read explain --json >"$T/a" 2>&1
[ "$(jget "$T/a" "d['input']['scopes']")" = "['operator.read']" ] &&
	ok explain_scopes_before_command || fail explain_scopes_before_command "$(cat "$T/a")"

# the release: newest by default, --gateway-version selects, both named
$OC explain >"$T/b" 2>&1
newest=$(tests/deps.sh versions | cut -d' ' -f1)
grep -q "^gateway:   $newest (rules " "$T/b" && ok explain_names_default_release || fail explain_names_default_release "$(cat "$T/b")"
$OC explain --json --gateway-version 2026.3.31 >"$T/b" 2>&1
[ "$(jget "$T/b" "d['gatewayVersion'], d['rules'], d['outcome']")" = "2026.3.31 3.x cleared" ] &&
	ok explain_gateway_version_selects_rules || fail explain_gateway_version_selects_rules "$(cat "$T/b")"
$OC explain --gateway-version soon >"$T/c" 2>&1
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$T/c")" -eq 1 ] && grep -q 'YYYY.M.D' "$T/c" &&
	ok explain_bad_version_one_line || fail explain_bad_version_one_line "rc=$rc $(cat "$T/c")"
$OC explain --gateway-version 2026.6.11 --setting gateway.nodes.pairing.autoApproveLocal=false >"$T/c" 2>&1
grep -q 'autoApproveLocal is not supported by this gateway (2026.6.11); ignored' "$T/c" &&
	ok explain_unsupported_setting_named || fail explain_unsupported_setting_named "$(cat "$T/c")"

# scope upgrades
$OC explain --json --client-id openclaw-tui --mode ui --device paired --approved-scopes operator.read \
	--scopes operator.read,operator.write --setting gateway.nodes.pairing.autoApproveLocal=false >"$T/d" 2>&1
[ "$(jget "$T/d" "d['outcome'], d['detailsReason'], d['input']['approvedScopes']")" = "pairing scope-upgrade ['operator.read']" ] &&
	ok explain_scope_upgrade || fail explain_scope_upgrade "$(cat "$T/d")"
$OC explain --json --client-id openclaw-tui --mode ui --device paired --approved-scopes operator.read,operator.write \
	--scopes operator.read >"$T/d" 2>&1
[ "$(jget "$T/d" "d['outcome']")" = accepted ] && ok explain_scope_subset_accepted || fail explain_scope_subset_accepted "$(cat "$T/d")"

# the signature window, given or worked out from a frame's signedAt
$OC explain --json --device expired-signature >"$T/e" 2>&1
[ "$(jget "$T/e" "d['detailsCode']")" = DEVICE_AUTH_SIGNATURE_EXPIRED ] &&
	ok explain_expired_signature || fail explain_expired_signature "$(cat "$T/e")"
for age in 600000 0; do
	python3 - "$T/frame-$age.json" "$age" <<'PY'
import json, sys, time
d = json.load(open("tests/fixtures/frames/pairing-required.cli.json"))["request"]
d["params"]["device"]["signedAt"] = int(time.time() * 1000) - int(sys.argv[2])
json.dump(d, open(sys.argv[1], "w"))
PY
	$OC explain --json --frame "$T/frame-$age.json" >"$T/f-$age" 2>&1
done
[ "$(jget "$T/f-600000" "d['input']['device'], d['detailsCode']")" = "expired-signature DEVICE_AUTH_SIGNATURE_EXPIRED" ] &&
	[ "$(jget "$T/f-0" "d['input']['device']")" = unpaired ] &&
	ok explain_frame_signed_at_window || fail explain_frame_signed_at_window "$(cat "$T/f-600000" "$T/f-0")"

# the shared secret as a password on a token gateway
$OC explain --json --auth password --gateway-version 2026.6.11 >"$T/g" 2>&1
[ "$(jget "$T/g" "d['detailsCode']")" = AUTH_TOKEN_MISSING ] && ok explain_password_on_token_gateway_old ||
	fail explain_password_on_token_gateway_old "$(cat "$T/g")"
$OC explain --json --auth password >"$T/g" 2>&1
[ "$(jget "$T/g" "d['outcome']")" = accepted ] && ok explain_password_on_token_gateway_new ||
	fail explain_password_on_token_gateway_new "$(cat "$T/g")"
