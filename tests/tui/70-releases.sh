#!/bin/sh
# Issue 16 (TUI half): the interactive console on every pinned release (tests/deps.sh
# versions; only the newest under OC_ASAN): it connects, names the release, lists itself as
# a terminal UI in Connections (before 2026.9 the class comes from its paired record), shows
# the pairing requests, and the Trusted view names the settings the release lacks.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

tui_wait_exit() { i=0; while { ! tui_dead || [ -z "$(tui_status)" ]; } && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; tui_dead; }

for v in $(gw_releases); do
	gw_release "$v" || continue
	rn=$(echo "$v" | tr . _)
	gw_start default '{}' </dev/null || { fail "tui_rel_${rn}_gateway" "did not start"; continue; }
	# a pending request for the Pairing view: an Origin header is never silent
	service --client-id cli --mode cli --device new --origin "http://127.0.0.1:$GW_PORT" \
		--display-name pend${rn#2026_} >/dev/null 2>&1 </dev/null
	COLS=180 ROWS=36 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" \
		--state-dir "$TUI_HOME/state-$v" --config-dir "$TUI_HOME/config-$v"
	if tui_wait "gateway $v" 20 >/dev/null 2>&1 && tui_wait 'connected' 10 >/dev/null 2>&1; then
		ok "tui_rel_${rn}_connects"
	else
		fail "tui_rel_${rn}_connects" "$(tui_text)"
		continue
	fi
	tui_wait 'operator.admin' 5 >/dev/null 2>&1 && ok "tui_rel_${rn}_scopes_shown" ||
		fail "tui_rel_${rn}_scopes_shown" "$(tui_text)"
	# the console's own row: client openclaw-tui, class tui
	tui_wait 'openclaw-tui +ui +tui' 15 >/dev/null 2>&1 && ok "tui_rel_${rn}_own_row_class_tui" ||
		fail "tui_rel_${rn}_own_row_class_tui" "$(tui_text)"
	tui_keys 2
	tui_wait "pend${rn#2026_}" 10 >/dev/null 2>&1 && ok "tui_rel_${rn}_pairing_lists_request" ||
		fail "tui_rel_${rn}_pairing_lists_request" "$(tui_text)"
	tui_keys : ; tui_keys -l 'view trusted' ; tui_keys Enter
	if ./openclaw-console explain --gateway-version "$v" \
		--setting gateway.nodes.pairing.autoApproveLocal=true 2>&1 >/dev/null | grep -q 'not supported'; then
		want="autoApproveLocal not supported by this gateway \\($v\\)"
	else
		want='autoApproveLocal true \(default\)'
	fi
	tui_wait "$want" 10 >/dev/null 2>&1 && ok "tui_rel_${rn}_trusted_policy" ||
		fail "tui_rel_${rn}_trusted_policy" "$(tui_text)"
	tui_keys q
	tui_wait_exit && [ "$(tui_status)" = 0 ] && ok "tui_rel_${rn}_quits" || fail "tui_rel_${rn}_quits" "$(tui_text)"
done
gw_release "$GW_NEWEST"
