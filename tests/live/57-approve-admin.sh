#!/bin/sh
# Issue 13 item 6: `devices approve` of a request for operator.admin is confirmed, as the
# TUI confirms it twice.  Real gateway (autoApproveLocal=false), headless services asking
# for operator.read + operator.admin:
#  - no terminal (stdin /dev/null): exit 2, one line naming operator.admin and --yes,
#    and the request stays pending;
#  - on a terminal (tmux): the request is shown on /dev/tty; an answer other than "yes"
#    approves nothing (exit 1); typing yes approves it (exit 0);
#  - --yes without a terminal approves; a request without admin needs no confirmation.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

OC=$(pwd)/openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-admin.XXXXXX")
cleanup_add "rm -rf '$T'"
gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
S="$T/state" C="$T/config"
OC_STATE_DIR=$S OC_CONFIG_DIR=$C	# for oc (tests/lib/common.sh)
gw_pair_console "$S" || { fail admin_console_paired "$GW_PAIR_ERR"; exit 1; }
ask() { # ask NAME SCOPES: a new service's pairing request; prints its request id
	service --client-id cli --mode cli --device "$T/$1.key" --display-name "$1" --scopes "$2" >"$T/$1.svc" 2>&1
	jget "$T/$1.svc" 'd["requestId"]'
}
pending_has() {
	oc devices list --json >"$T/list" 2>/dev/null
	[ "$(jget "$T/list" "'$1' in [p['requestId'] for p in d['pending']]")" = True ]
}
admin=operator.read,operator.admin
r1=$(ask adm1 $admin) r2=$(ask adm2 $admin) r3=$(ask adm3 $admin) r4=$(ask plain operator.read)
cleanup_add "for r in $r1 $r2 $r3 $r4; do oc devices reject \$r >/dev/null 2>&1; done"
[ -n "$r1" ] && [ -n "$r2" ] && [ -n "$r3" ] && [ -n "$r4" ] || { fail admin_requests_raised "$r1 $r2 $r3 $r4"; exit 1; }

# 1. no terminal: refused with the reason, nothing sent
oc devices approve "$r1" </dev/null >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && [ "$(grep -c . "$T/err")" -eq 1 ] && grep -q 'operator.admin' "$T/err" &&
	grep -q -- '--yes' "$T/err" && [ ! -s "$T/out" ] && pending_has "$r1"; then
	ok admin_no_terminal_needs_yes_exit_2
else
	fail admin_no_terminal_needs_yes_exit_2 "rc=$rc $(cat "$T/out" "$T/err")"
fi

# 2. a terminal: the prompt on /dev/tty; "no" approves nothing, "yes" approves
tty_approve() { # tty_approve REQ ANSWER: run approve in tmux, answer, print its exit status
	COLS=160 ROWS=20 tui_start sh -c "'$OC --url $GW_URL --token-file $GW_TOKEN_FILE --state-dir $S --config-dir $C devices approve $1; echo EXIT=\$?'"
	if ! tui_wait 'Type yes to approve it' 20 >/dev/null 2>&1; then
		echo "noprompt"
		return
	fi
	tui_text >"$T/prompt.txt"
	tui_keys -l "$2"; tui_keys Enter
	tui_wait 'EXIT=[0-9]+' 20 >/dev/null 2>&1
	tui_text | sed -n 's/.*EXIT=\([0-9]*\).*/\1/p' | tail -1
}
rc=$(tty_approve "$r2" no)
if [ "$rc" = 1 ] && grep -q "Request $r2 from device .*adm2" "$T/prompt.txt" &&
	grep -q 'grants operator.admin' "$T/prompt.txt" && tui_text | grep -q 'not approved' && pending_has "$r2"; then
	ok admin_terminal_no_approves_nothing
else
	fail admin_terminal_no_approves_nothing "rc=$rc $(cat "$T/prompt.txt" 2>/dev/null) $(tui_text | tail -4)"
fi
rc=$(tty_approve "$r2" yes)
if [ "$rc" = 0 ] && tui_text | grep -q "approved $r2" && ! pending_has "$r2"; then
	ok admin_terminal_yes_approves
else
	fail admin_terminal_yes_approves "rc=$rc $(tui_text | tail -6)"
fi

# 3. --yes without a terminal; a plain request without any confirmation
oc devices approve "$r3" --yes </dev/null >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q "approved $r3" "$T/out" && grep -q 'operator.admin' "$T/out" && ! pending_has "$r3" &&
	ok admin_yes_flag_approves || fail admin_yes_flag_approves "rc=$rc $(cat "$T/out" "$T/err")"
oc devices approve "$r4" </dev/null >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q "approved $r4" "$T/out" && ok admin_plain_request_needs_no_yes ||
	fail admin_plain_request_needs_no_yes "rc=$rc $(cat "$T/out" "$T/err")"
oc devices reject "$r1" >/dev/null 2>&1
exit 0
