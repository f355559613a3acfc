#!/bin/sh
# Issue 3: the `?` overlay lists every action of the table (from `list-keys`), and closes.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start default '{}' || exit 1
COLS=100 ROWS=50 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$TUI_HOME/state"
tui_wait 'openclaw-tui' 20 >/dev/null 2>&1 || { fail help_setup "$(tui_text)"; exit 0; }
tui_keys '?'
tui_wait 'Help: keys for connections' 5 >/dev/null 2>&1 || { fail help_overlay_opens "$(tui_text)"; exit 0; }
ok help_overlay_opens
# list-keys as the console under test sees it (its hermetic config dir, not the user's)
lk() { HOME=$TUI_HOME XDG_CONFIG_HOME=$TUI_HOME/.config ./openclaw-console list-keys; }
missing=""
for act in $(lk | cut -f3 | sort -u); do
	tui_text | grep -q " $act " || missing="$missing $act"
done
[ -z "$missing" ] && ok help_lists_every_action || fail help_lists_every_action "missing:$missing $(tui_text)"
tui_text | grep -Eq 'j, <Down> +move-down' && ok help_shows_keys_per_action || fail help_shows_keys_per_action "$(tui_text)"
n=$(lk | cut -f3 | sort -u | wc -l)
[ "$n" -ge 20 ] && ok list_keys_prints_table || fail list_keys_prints_table "n=$n"
tui_keys Escape
tui_wait 'q:Quit' 5 >/dev/null 2>&1 && ! tui_text | grep -q 'Help: keys' && ok help_overlay_closes ||
	fail help_overlay_closes "$(tui_text)"
tui_keys q
