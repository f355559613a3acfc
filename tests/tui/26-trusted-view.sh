#!/bin/sh
# Issue 6 (TUI half): the Trusted view adds an entry through its prompts, saves it to
# trusted-services.json (0600), shows it again after a restart, removes it only after
# confirmation, shows the gateway's pairing policy, and the in-console agent approves a
# pinned service while the TUI runs (audit.jsonl records it).  noauto gateway: nothing
# is approved unless someone (here: the console) approves it.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
S="$TUI_HOME/state" C="$TUI_HOME/config"
F="$C/trusted-services.json"
start() { COLS=180 ROWS=36 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" --config-dir "$C"; }
tui_wait_exit() { i=0; while { ! tui_dead || [ -z "$(tui_status)" ]; } && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; tui_dead; }

# the console itself is approved by a human first
start
if tui_wait 'openclaw devices approve [0-9a-f-]{8,}' 20 >/dev/null 2>&1; then
	req=$(tui_text | sed -n 's/.*openclaw devices approve \([0-9a-f-]*\).*/\1/p' | head -1)
	gw_cli devices approve "$req" >"$TUI_HOME/approve.out" 2>&1
fi
tui_wait 'connected' 20 >/dev/null 2>&1 || { fail trusted_console_connects "$(tui_text)"; exit 0; }
tui_keys : ; tui_keys -l 'view trusted' ; tui_keys Enter
tui_wait 'no trusted services' 5 >/dev/null 2>&1 && ok trusted_view_empty || fail trusted_view_empty "$(tui_text)"
tui_wait 'autoApproveLocal false' 8 >/dev/null 2>&1 && ok trusted_view_shows_gateway_policy ||
	fail trusted_view_shows_gateway_policy "$(tui_text)"

dev=$(service_key "$TUI_HOME/svc.key")
# add: name, device id, ceiling (pre-filled operator.read), expiry, note
tui_keys a
tui_wait 'add 1/5' 5 >/dev/null 2>&1 || fail trusted_add_form_opens "$(tui_text)"
tui_keys -l 'svc-tui'; tui_keys Enter
tui_wait 'add 2/5' 5 >/dev/null 2>&1; tui_keys -l "$dev"; tui_keys Enter
tui_wait 'add 3/5' 5 >/dev/null 2>&1; tui_keys Enter
tui_wait 'add 4/5' 5 >/dev/null 2>&1; tui_keys -l '2099-12-31'; tui_keys Enter
tui_wait 'add 5/5' 5 >/dev/null 2>&1; tui_keys -l 'added in the tui'; tui_keys Enter
if tui_wait 'added svc-tui' 5 >/dev/null 2>&1 && tui_text | grep -q 'svc-tui .*pinned .*device '"$(printf %.16s "$dev")"'.*operator.read.*2099-12-31.*added in the tui'; then
	ok trusted_add_in_view
else
	fail trusted_add_in_view "$(tui_text)"
fi
mode=$(stat -c %a "$F" 2>/dev/null)
[ "$mode" = 600 ] && [ "$(jget "$F" "[s['deviceId'] for s in d['services'] if s['name']=='svc-tui'] == ['$dev']")" = True ] &&
	ok trusted_add_saved_0600 || fail trusted_add_saved_0600 "mode=$mode $(cat "$F" 2>&1)"
# a bad expiry is refused on the spot, nothing saved
tui_keys a; tui_wait 'add 1/5' 5 >/dev/null 2>&1
tui_keys -l 'bad-one'; tui_keys Enter; tui_keys -l 'cli/cli'; tui_keys Enter; tui_keys Enter
tui_wait 'add 4/5' 5 >/dev/null 2>&1; tui_keys -l 'someday'; tui_keys Enter
tui_wait 'bad expiry' 5 >/dev/null 2>&1 && ok trusted_add_bad_expiry_refused || fail trusted_add_bad_expiry_refused "$(tui_text)"
tui_keys Escape
grep -q bad-one "$F" && fail trusted_cancel_saves_nothing "$(cat "$F")" || ok trusted_cancel_saves_nothing

# the agent inside the console approves the pinned service (retrying until accepted)
service --client-id cli --mode cli --device "$TUI_HOME/svc.key" --scopes operator.read \
	--retry-until-ok 25 >"$TUI_HOME/s1" 2>&1
if [ "$(jget "$TUI_HOME/s1" "d['outcome']=='accepted' and d['deviceId']=='$dev'")" = True ]; then
	ok trusted_agent_approves_pinned_service
else
	fail trusted_agent_approves_pinned_service "$(cat "$TUI_HOME/s1") $(tui_text)"
fi
python3 -c "
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if any(r['decision']=='approve' and r['deviceId']=='$dev' and r['entry']=='svc-tui' for r in rows) else 1)" \
	"$S/audit.jsonl" 2>/dev/null && [ "$(stat -c %a "$S/audit.jsonl")" = 600 ] &&
	ok trusted_agent_audit_records_approval || fail trusted_agent_audit_records_approval "$(cat "$S/audit.jsonl" 2>&1)"

# beyond the ceiling: flagged, left pending, shown in the view
service --client-id cli --mode cli --device "$TUI_HOME/svc.key" --scopes operator.read,operator.admin >"$TUI_HOME/s2" 2>&1
tui_wait 'FLAGGED' 10 >/dev/null 2>&1 && tui_text | grep -q 'operator.admin' && ok trusted_agent_flags_beyond_ceiling ||
	fail trusted_agent_flags_beyond_ceiling "$(cat "$TUI_HOME/s2") $(tui_text)"

# survives a restart
tui_keys q; tui_wait_exit
start
tui_wait 'connected' 20 >/dev/null 2>&1
tui_keys : ; tui_keys -l 'view trusted' ; tui_keys Enter
tui_wait 'svc-tui .*pinned' 8 >/dev/null 2>&1 && ok trusted_entry_survives_restart || fail trusted_entry_survives_restart "$(tui_text)"

# remove asks first: anything but y keeps it
tui_keys g d
tui_wait 'remove: type y' 5 >/dev/null 2>&1; tui_keys -l n; tui_keys Enter
tui_wait 'kept svc-tui' 5 >/dev/null 2>&1 && grep -q svc-tui "$F" && ok trusted_remove_needs_confirmation ||
	fail trusted_remove_needs_confirmation "$(tui_text)"
tui_keys d
tui_wait 'remove: type y' 5 >/dev/null 2>&1; tui_keys -l y; tui_keys Enter
tui_wait 'removed svc-tui' 5 >/dev/null 2>&1 && ! grep -q svc-tui "$F" && tui_wait 'no trusted services' 5 >/dev/null 2>&1 &&
	ok trusted_remove_confirmed || fail trusted_remove_confirmed "$(cat "$F") $(tui_text)"

# the gateway policy: an edit that keeps the values goes through config.patch with baseHash
tui_keys p
tui_wait 'autoApproveLocal \(true/false\)' 5 >/dev/null 2>&1; tui_keys Enter
tui_wait 'autoApproveCidrs \(comma' 5 >/dev/null 2>&1; tui_keys Enter
tui_wait 'updated the gateway pairing policy' 10 >/dev/null 2>&1 && ok trusted_policy_patch_with_base_hash ||
	fail trusted_policy_patch_with_base_hash "$(tui_text)"
# a concurrent change between the view's read and its write: refused, reported, not overwritten
OC_STATE_DIR=$S OC_CONFIG_DIR=$C	# for oc (tests/lib/common.sh)
tui_keys p
tui_wait 'autoApproveLocal \(true/false\)' 5 >/dev/null 2>&1; tui_keys Enter
tui_wait 'autoApproveCidrs \(comma' 5 >/dev/null 2>&1
oc trusted policy set autoApproveCidrs=192.0.2.0/24 >"$TUI_HOME/other" 2>&1 || fail trusted_policy_other_writer "$(cat "$TUI_HOME/other")"
tui_keys Enter
if tui_wait 'policy NOT saved: the gateway config changed since' 10 >/dev/null 2>&1 &&
	oc --json trusted policy 2>/dev/null | grep -q '192.0.2.0/24'; then
	ok trusted_policy_conflict_reported_not_overwritten
else
	fail trusted_policy_conflict_reported_not_overwritten "$(tui_text)"
fi
oc trusted policy set autoApproveCidrs=none >/dev/null 2>&1
tui_keys q
