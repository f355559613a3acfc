#!/bin/sh
# Issue #13 item 3: `explain --remote` judges locality like the rest of the console
# (auth/addr.h): IP literals in 127.0.0.0/8 or ::1 (mapped forms too) are loopback, a
# name that merely starts with "127." is refused as not an address, and IPv6
# autoApproveCidrs match.  Offline: explain needs no gateway.
. tests/lib/common.sh
OC=./openclaw-console
jval() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)" 2>/dev/null; }

out=$($OC explain --remote ::ffff:127.0.0.1 --json 2>&1)
[ "$(printf '%s' "$out" | jval "['outcome']")" = accepted ] && ok explain_mapped_loopback_is_local ||
	fail explain_mapped_loopback_is_local "$out"
out=$($OC explain --remote ::1 --json 2>&1)
[ "$(printf '%s' "$out" | jval "['outcome']")" = accepted ] && ok explain_ipv6_loopback_is_local ||
	fail explain_ipv6_loopback_is_local "$out"
$OC explain --remote 127.evil.example >"${TMPDIR:-/tmp}/oc-loc.$$" 2>&1
rc=$?
err=$(cat "${TMPDIR:-/tmp}/oc-loc.$$"); rm -f "${TMPDIR:-/tmp}/oc-loc.$$"
[ $rc -eq 2 ] && [ "$(printf '%s\n' "$err" | grep -c .)" -eq 1 ] && printf '%s' "$err" | grep -q 'must be an IP address' &&
	ok explain_127_prefixed_name_refused || fail explain_127_prefixed_name_refused "rc=$rc $err"
out=$($OC explain --remote 203.0.113.7 --json 2>&1)
[ "$(printf '%s' "$out" | jval "['outcome']")" = cleared ] && ok explain_public_address_is_remote ||
	fail explain_public_address_is_remote "$out"
out=$($OC explain --client-id node-host --mode node --role node --scopes "" --device unpaired \
	--remote fd00::5 --setting gateway.nodes.pairing.autoApproveCidrs=10.0.0.0/8,fd00::/8 --json 2>&1)
[ "$(printf '%s' "$out" | jval "['ruleId']")" = pair-trusted-cidr ] && ok explain_ipv6_cidr_matches ||
	fail explain_ipv6_cidr_matches "$out"
out=$($OC explain --client-id node-host --mode node --role node --scopes "" --device unpaired \
	--remote fd01::5 --setting gateway.nodes.pairing.autoApproveCidrs=fd00::/16 --json 2>&1)
[ "$(printf '%s' "$out" | jval "['ruleId']")" = pair-required ] && ok explain_ipv6_cidr_outside_does_not_match ||
	fail explain_ipv6_cidr_outside_does_not_match "$out"
