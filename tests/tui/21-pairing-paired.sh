#!/bin/sh
# Issue 4 (TUI half): paired devices in the Pairing view.  `T` revokes the selected
# device's token and `R` unpairs it, each after a confirmation, checked through
# `openclaw-console devices list --json`.  A console without operator.pairing is told
# which scope is missing instead of seeing an empty list.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-pairdev.XXXXXX")
cleanup_add "rm -rf '$T'"
gw_start pairdev '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
cleanup_add "gw_stop pairdev"
S="$T/console"
OC_STATE_DIR=$S	# for oc (tests/lib/common.sh)
paired() { # paired EXPR: EXPR over the paired record p of svc-paired, or "absent"
	oc devices list --json >"$T/list" 2>/dev/null
	jget "$T/list" "next((($1) for p in d['paired'] if p.get('displayName')=='svc-paired'), 'absent')"
}

if ! gw_pair_console "$S"; then
	fail pairdev_console_paired "$GW_PAIR_ERR"
	exit 0
fi
service --client-id cli --mode cli --device "$T/p.key" --display-name svc-paired --scopes operator.read >"$T/p" 2>&1
rp=$(jget "$T/p" 'd["requestId"]')
gw_cli devices approve "$rp" >"$T/gwp" 2>&1
service --client-id cli --mode cli --device "$T/p.key" --display-name svc-paired --scopes operator.read >"$T/p2" 2>&1
[ "$(paired "bool(p['tokens']) and not any(t.get('revokedAtMs') for t in p['tokens'])")" = True ] &&
	ok pairdev_service_paired_with_token || fail pairdev_service_paired_with_token "$(cat "$T/p2" "$T/list")"

COLS=200 ROWS=40 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S"
tui_wait 'connected' 20 >/dev/null 2>&1 || { fail pairdev_tui_connects "$(tui_text)"; exit 0; }
tui_keys :; tui_keys -l 'view pairing'; tui_keys Enter
tui_wait 'Paired devices \(2\)' 10 >/dev/null 2>&1 && tui_text | grep -q 'svc-paired' &&
	ok pairdev_paired_section_lists_devices || fail pairdev_paired_section_lists_devices "$(tui_text)"
tui_keys R
tui_wait 'select a paired device first' 5 >/dev/null 2>&1 && ok pairdev_remove_needs_paired_section ||
	fail pairdev_remove_needs_paired_section "$(tui_text)"
tui_keys p
tui_wait '▶ Paired devices|> Paired devices' 5 >/dev/null 2>&1 && ok pairdev_p_switches_section ||
	fail pairdev_p_switches_section "$(tui_text)"
tui_keys /; tui_keys -l svc-paired; tui_keys Enter
tui_wait 'Paired devices \(1\)  filter: svc-paired' 5 >/dev/null 2>&1

# revoke the token: confirmation, then y
tui_keys T
if tui_wait 'Revoke the token of paired device' 5 >/dev/null 2>&1 && tui_text | grep -q 'token scopes *operator:operator.read'; then
	ok pairdev_revoke_confirmation
else
	fail pairdev_revoke_confirmation "$(tui_text)"
fi
tui_keys Escape
tui_wait 'cancelled: nothing sent' 5 >/dev/null 2>&1
[ "$(paired "any(t.get('revokedAtMs') for t in p['tokens'])")" = False ] && ok pairdev_revoke_cancel_sends_nothing ||
	fail pairdev_revoke_cancel_sends_nothing "$(cat "$T/list")"
tui_keys T; tui_wait 'Revoke the token of paired device' 5 >/dev/null 2>&1
tui_keys y
if tui_wait 'revoked the operator token of device' 10 >/dev/null 2>&1 &&
   [ "$(paired "any(t.get('revokedAtMs') for t in p['tokens'])")" = True ]; then
	ok pairdev_revoke_token
else
	fail pairdev_revoke_token "$(tui_text) $(cat "$T/list")"
fi
tui_wait 'operator:operator.read \(revoked\)' 10 >/dev/null 2>&1 && ok pairdev_revoked_shown ||
	fail pairdev_revoked_shown "$(tui_text)"

# remove the device
tui_keys R
tui_wait 'Remove paired device' 5 >/dev/null 2>&1 && tui_text | grep -q 'unpaired: its token is revoked' &&
	ok pairdev_remove_confirmation || fail pairdev_remove_confirmation "$(tui_text)"
tui_keys y
if tui_wait 'removed device' 10 >/dev/null 2>&1 && [ "$(paired "'present'")" = absent ]; then
	ok pairdev_remove_device
else
	fail pairdev_remove_device "$(tui_text) $(cat "$T/list")"
fi
tui_wait 'Paired devices \(0\)  filter: svc-paired' 10 >/dev/null 2>&1 && ok pairdev_removed_row_leaves ||
	fail pairdev_removed_row_leaves "$(tui_text)"
tui_keys q
sleep 0.5

# a console whose grant lacks operator.pairing is told what is missing
COLS=120 ROWS=30 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" \
	--scopes operator.read
tui_wait 'connected' 20 >/dev/null 2>&1
tui_keys :; tui_keys -l 'view pairing'; tui_keys Enter
if tui_wait 'lacks operator.pairing' 10 >/dev/null 2>&1 && tui_text | grep -q 'missing *operator.pairing' &&
   tui_text | grep -q 'openclaw devices approve'; then
	ok pairdev_no_pairing_scope_explained
else
	fail pairdev_no_pairing_scope_explained "$(tui_text)"
fi
tui_keys q
