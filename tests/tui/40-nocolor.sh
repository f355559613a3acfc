#!/bin/sh
# Issue 7: without colour nothing is lost.  NO_COLOR=1 on a 256-colour terminal: the
# captured screen has no colour SGR (3x/4x/38;5/48;5) but admin scopes are still marked
# (bold/underline/reverse) and the tab/selection is in reverse video.  TERM=vt100 (no
# colours at all): still readable, the selected row in reverse video.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

ESC=$(printf '\033')
# colour SGR parameters anywhere in the capture: 30-38, 40-48, 90-107 (38;5;N, 48;5;N).
# 39 and 49 ("default colour") are not colours: tmux emits them on every attribute change.
has_colour_sgr() {
	printf '%s\n' "$1" | grep -Eq "$ESC\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m"
}
# the SGR run right before the first occurrence of WORD (blanks in between skipped)
sgr_before() {
	printf '%s\n' "$1" | grep -m1 -o "\($ESC\[[0-9;]*m\)*  *$2\|\($ESC\[[0-9;]*m\)*$2" |
		sed "s/ *$2\$//"
}

gw_start default '{}' || exit 1
TUI_ENV="NO_COLOR=1" COLS=160 ROWS=30 tui_start ./openclaw-console --url "$GW_URL" \
	--token-file "$GW_TOKEN_FILE" --state-dir "$TUI_HOME/state"
if ! tui_wait 'openclaw-tui' 20 >/dev/null 2>&1; then
	fail nocolor_setup "$(tui_text)"
	exit 0
fi
scr=$(tui_text -e)
if has_colour_sgr "$scr"; then
	fail nocolor_no_colour_sgr "$(printf '%s' "$scr" | grep -Eo "$ESC\[[0-9;]*m" | sort -u | tr '\n' ' ' | cat -v)"
else
	ok nocolor_no_colour_sgr
fi
printf '%s\n' "$scr" | grep -q "$ESC\[[0-9;]*m" && ok nocolor_still_has_attributes ||
	fail nocolor_still_has_attributes "no SGR at all: $(printf '%s' "$scr" | head -5 | cat -v)"
adm=$(sgr_before "$scr" 'operator\.admin')
case $adm in
*"[1m"* | *"[4m"* | *"[7m"* | *"[1;"* | *";1m"* | *";4m"* | *";4;"* | *"[4;"*) ok nocolor_admin_scope_marked ;;
*) fail nocolor_admin_scope_marked "SGR before operator.admin: '$(printf '%s' "$adm" | cat -v)'" ;;
esac
sel=$(sgr_before "$scr" '1 Connections')
case $sel in *7m* | *"[7;"* | *";7;"*) ok nocolor_active_tab_reverse ;;
*) fail nocolor_active_tab_reverse "SGR before the tab: '$(printf '%s' "$sel" | cat -v)'" ;; esac

# a monochrome terminal: no colours, selection in reverse video, text readable
tt kill-server 2>/dev/null; sleep 0.5
TUI_ENV="TERM=vt100" COLS=160 ROWS=30 tui_start ./openclaw-console --url "$GW_URL" \
	--token-file "$GW_TOKEN_FILE" --state-dir "$TUI_HOME/state"
if ! tui_wait 'openclaw-tui' 20 >/dev/null 2>&1; then
	fail vt100_readable "$(tui_text)"
	exit 0
fi
tui_text | grep -q 'operator.admin' && tui_text | grep -q 'Connections' && ok vt100_readable ||
	fail vt100_readable "$(tui_text)"
scr=$(tui_text -e)
has_colour_sgr "$scr" && fail vt100_no_colour_sgr "$(printf '%s' "$scr" | cat -v | head -5)" ||
	ok vt100_no_colour_sgr
# the selected row (the first under the CLIENT header) is in reverse video; the next is not
row=$(printf '%s\n' "$scr" | sed -n '/CLIENT/{n;p;q}')
row2=$(printf '%s\n' "$scr" | sed -n '/CLIENT/{n;n;p;q}')
case $row in *"$ESC[7m"* | *"$ESC["*";7m"* | *"$ESC[7;"*) ok vt100_selection_reverse ;;
*) fail vt100_selection_reverse "row: $(printf '%s' "$row" | cat -v)" ;; esac
case $row2 in *"[7m"* | *";7m"*) fail vt100_unselected_row_plain "$(printf '%s' "$row2" | cat -v)" ;;
*) ok vt100_unselected_row_plain ;; esac
