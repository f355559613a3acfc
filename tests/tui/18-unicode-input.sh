#!/bin/sh
# Issue 14.1: typed text of any script reaches the prompts whole.  Keys were read a byte at
# a time and each byte re-encoded as a character, so `é` showed as `Ã©`.  Typed into the
# `/` filter, the `:` prompt and a form field of the Trusted view at 80x24: `é`, `日本`
# (two cells each) and an emoji show exactly as typed; the cursor moves and Backspace
# deletes over whole characters; a long wide line scrolls without breaking the row; the
# filter matches a connection whose display name has an é; the text survives a resize.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

TEXT='é日本😀'
gw_start default '{}' || exit 1
COLS=80 ROWS=24 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$TUI_HOME/state"
tui_wait 'connected' 20 >/dev/null 2>&1 || { fail unicode_setup "$(tui_text)"; exit 0; }
service --client-id gateway-client --mode ui --scopes operator.read --device new \
	--display-name 'café-svc' --stay 120 >"$TUI_HOME/svc.out" 2>&1 &
svc=$!
cleanup_add "kill $svc 2>/dev/null"
tui_wait 'gateway-client' 15 >/dev/null 2>&1 || { fail unicode_client_listed "$(cat "$TUI_HOME/svc.out") $(tui_text)"; exit 0; }

last() { tui_text | tail -1 | sed 's/ *$//'; }
# wait_last TEXT: the bottom row (prompt) is exactly TEXT
wait_last() {
	i=0
	while [ "$(last)" != "$1" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ "$(last)" = "$1" ]
}
cells() { python3 -c 'import sys, unicodedata
l = sys.stdin.read().rstrip("\n")
print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in l))'; }

# 1. the filter
tui_keys / ; tui_keys -l "$TEXT"
wait_last "/$TEXT" && ok unicode_filter_shows_text_exactly || fail unicode_filter_shows_text_exactly "$(last)"
tui_text | grep -Fq "filter: $TEXT" && ok unicode_filter_status_shows_text ||
	fail unicode_filter_status_shows_text "$(tui_text | tail -2)"
# Left twice puts the cursor before 本; Backspace deletes 日 (three bytes, two cells) whole
tui_keys Left Left BSpace
tui_keys -l 'Z'
wait_last "/éZ本😀" && ok unicode_backspace_and_cursor_over_wide_chars ||
	fail unicode_backspace_and_cursor_over_wide_chars "$(last)"
tui_keys Home Right Delete
tui_keys -l 'ü'
wait_last "/éü本😀" && ok unicode_home_right_delete || fail unicode_home_right_delete "$(last)"
tui_keys End BSpace BSpace
wait_last "/éü" && ok unicode_backspace_removes_emoji_whole || fail unicode_backspace_removes_emoji_whole "$(last)"
tui_keys Escape
tui_wait '^3 rows' 5 >/dev/null 2>&1 || fail unicode_filter_escape_clears "$(tui_text)"
# the filter matches the row whose display name has the é, and only that one
tui_keys / ; tui_keys -l 'é' ; tui_keys Enter
if tui_wait '^1 row  filter: é' 5 >/dev/null 2>&1 && tui_text | grep -q '^gateway-client' &&
   ! tui_text | grep -q '^openclaw-tui'; then
	ok unicode_filter_matches_accented_row
else
	fail unicode_filter_matches_accented_row "$(tui_text)"
fi
tui_keys Escape
tui_wait '^3 rows' 5 >/dev/null 2>&1 || fail unicode_filter_cleared "$(tui_text)"

# 2. the `:` prompt, and the text it passes on
tui_keys : ; tui_keys -l "$TEXT"
wait_last ":$TEXT" && ok unicode_colon_prompt_shows_text_exactly || fail unicode_colon_prompt_shows_text_exactly "$(last)"
tui_keys Enter
tui_wait "unknown command \"$TEXT\"" 5 >/dev/null 2>&1 && ok unicode_colon_command_gets_text ||
	fail unicode_colon_command_gets_text "$(tui_text | tail -2)"
# a line of 50 wide characters (100 cells) scrolls: the row stays 80 cells and shows the end
wide=$(python3 -c 'print("日" * 49 + "本")')
tui_keys : ; tui_keys -l "$wide"
i=0; while ! last | grep -q '本$' && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
w=$(last | cells)
if last | grep -q '本$' && [ "$w" -le 80 ] && [ "$w" -ge 76 ] && ! tui_text | grep -q 'Ã'; then
	ok unicode_long_wide_line_scrolls
else
	fail unicode_long_wide_line_scrolls "cells=$w $(last)"
fi
tui_keys Escape
wait_last "a:All/live  <Enter>:Details  /:Filter  s:Sort  ::Cmd  ?:Help  q:Quit" ||
	fail unicode_prompt_closes "$(last)"

# 3. a form field (Trusted view, add 1/5)
tui_keys : ; tui_keys -l 'view trusted' ; tui_keys Enter
tui_wait 'Trusted' 5 >/dev/null 2>&1
tui_keys a
if tui_wait 'add 1/5' 5 >/dev/null 2>&1; then
	tui_keys -l "$TEXT"
	wait_last ">$TEXT" && ok unicode_form_field_shows_text_exactly || fail unicode_form_field_shows_text_exactly "$(last)"
	tui_keys Escape
else
	fail unicode_form_field_shows_text_exactly "no form: $(tui_text)"
fi
tui_keys 1

# 4. larger: the typed text is drawn the same after a resize to 160x40, the row in full
tui_keys / ; tui_keys -l "$TEXT"
wait_last "/$TEXT" >/dev/null
tui_resize 160 40
i=0; while [ "$(tui_text | wc -l)" -ne 40 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
wait_last "/$TEXT" && ok unicode_prompt_after_resize || fail unicode_prompt_after_resize "$(last)"
tui_keys C-u ; tui_keys -l 'café' ; tui_keys Enter
tui_wait 'gateway-client .*café-svc' 5 >/dev/null 2>&1 && tui_wait '^1 row  filter: café' 5 >/dev/null 2>&1 &&
	ok unicode_filter_row_shown_at_160 || fail unicode_filter_row_shown_at_160 "$(tui_text)"
tui_keys Escape
