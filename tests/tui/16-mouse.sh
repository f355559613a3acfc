#!/bin/sh
# Mouse: a click on a row selects it (Enter then shows that row's details) and a click on
# a tab opens its view.  The clicks are the X10 mouse sequences a terminal sends
# (ESC [ M button x y, press then release), typed into the pane by tmux.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start default '{}' || exit 1
COLS=140 ROWS=30 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$TUI_HOME/state"
tui_wait 'openclaw-tui .* openclaw-console' 20 >/dev/null 2>&1 || { fail mouse_tui_starts "$(tui_text)"; exit 0; }
# click COL ROW (0-based screen cells)
click() {
	cx=$(printf "\\$(printf %o $((33 + $1)))") cy=$(printf "\\$(printf %o $((33 + $2)))")
	tui_keys -l "$(printf '\033[M %s%s\033[M#%s%s' "$cx" "$cy" "$cx" "$cy")"
}
row_of() { tui_text | grep -n -- "$1" | head -1 | cut -d: -f1; }	# 1-based line
details_show() { tui_wait "$1" 3 >/dev/null 2>&1; }

gwrow=$(( $(row_of '^  *gateway  *gateway ') - 1 ))
ownrow=$(( $(row_of '^openclaw-tui .* openclaw-console') - 1 ))
click 3 "$gwrow"; tui_keys Enter
details_show '^ mode +gateway' && ok mouse_click_selects_gateway_row || fail mouse_click_selects_gateway_row "$(tui_text)"
tui_keys Escape
click 3 "$ownrow"; tui_keys Enter
details_show '^ client +openclaw-tui' && ok mouse_click_selects_own_row || fail mouse_click_selects_own_row "$(tui_text)"
tui_keys Escape
# the tab bar: " 1 Connections   2 Pairing   3 Rejections   4 Trusted"
tabs=$(( $(row_of '1 Connections .*2 Pairing') - 1 ))
col=$(tui_text | sed -n "$((tabs + 1))p" | awk '{ print index($0, "3 Rejections") }')
click "$col" "$tabs"
tui_wait 'CAUSE' 3 >/dev/null 2>&1 && ok mouse_click_on_tab_opens_view || fail mouse_click_on_tab_opens_view "$(tui_text | head -6)"
col=$(tui_text | sed -n "$((tabs + 1))p" | awk '{ print index($0, "2 Pairing") }')
click "$col" "$tabs"
tui_wait 'Pending requests' 3 >/dev/null 2>&1 && ok mouse_click_on_second_tab || fail mouse_click_on_second_tab "$(tui_text | head -6)"
tui_keys q
