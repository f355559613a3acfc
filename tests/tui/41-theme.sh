#!/bin/sh
# Issue 7: themes change what is on screen.  The captured SGR of the title and the active
# tab follow --theme, a user theme in the config dir (chosen by the config file), the
# environment over the config file and the flag over the environment; 256-colour themes
# are downgraded on an 8-colour terminal; a bad theme file is one line naming the file and
# line, exit 2, before curses starts.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

ESC=$(printf '\033')
CFG="$TUI_HOME/.config/openclaw-console"
mkdir -p "$CFG/themes"
# the SGR parameters (joined with ;) in effect right before the first WORD on screen
sgr_before() {
	printf '%s\n' "$1" | grep -m1 -o "\($ESC\[[0-9;]*m\)*  *$2\|\($ESC\[[0-9;]*m\)*$2" |
		sed -e "s/ *$2\$//" -e "s/$ESC\[//g" -e 's/m/;/g'
}
# has PARAMS CODE: whether the SGR parameter list contains CODE (a ;-separated run)
has() { case ";$1" in *";$2;"*) return 0 ;; esac; return 1; }
run_console() { # run_console [ARGS...]: start, wait for the connections view, capture
	tt kill-server 2>/dev/null; sleep 0.3
	COLS=160 ROWS=30 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" \
		--state-dir "$TUI_HOME/state" "$@"
	tui_wait 'openclaw-tui' 20 >/dev/null 2>&1 || { echo "console did not start: $(tui_text)" >&2; return 1; }
	scr=$(tui_text -e)
	title=$(sgr_before "$scr" 'openclaw-console ')
	tab=$(sgr_before "$scr" '1 Connections')
}

gw_start default '{}' || exit 1

run_console || { fail theme_setup "$(tui_text)"; exit 0; }
has "$tab" 46 && has "$title" 44 && ok theme_default_colours ||
	fail theme_default_colours "title=$title tab=$tab"

run_console --theme light
has "$tab" 45 && ! has "$tab" 46 && ok theme_flag_light_changes_colours ||
	fail theme_flag_light_changes_colours "title=$title tab=$tab"

cat >"$CFG/themes/mine.theme" <<'T'
# a user theme: only the title changes, the rest stays built-in
color title  color196  color21  bold
T
echo 'theme = mine' >"$CFG/config"
run_console
has "$title" '38;5;196' && has "$title" '48;5;21' && has "$tab" 46 && ok theme_user_theme_from_config ||
	fail theme_user_theme_from_config "title=$title tab=$tab"

TUI_ENV="OPENCLAW_CONSOLE_THEME=light" run_console
has "$tab" 45 && ! has "$title" '38;5;196' && ok theme_env_beats_config ||
	fail theme_env_beats_config "title=$title tab=$tab"
TUI_ENV="OPENCLAW_CONSOLE_THEME=light" run_console --theme mine
has "$title" '38;5;196' && ok theme_flag_beats_env || fail theme_flag_beats_env "title=$title tab=$tab"

# a user theme with a built-in's name wins over the built-in
printf 'color tab.active red green bold\n' >"$CFG/themes/light.theme"
run_console --theme light
has "$tab" 42 && ! has "$tab" 45 && ok theme_user_overrides_builtin ||
	fail theme_user_overrides_builtin "tab=$tab"
rm -f "$CFG/themes/light.theme"

# 8 colours: color196 on color21 becomes red on blue
TUI_ENV="TERM=tmux" run_console --theme mine
if [ "$(infocmp -1 tmux 2>/dev/null | grep -c 'colors#8')" = 1 ]; then
	! has "$title" '38;5;196' && has "$title" 31 && has "$title" 44 && ok theme_downgraded_on_8_colours ||
		fail theme_downgraded_on_8_colours "title=$title"
fi

# a bad theme file: one line with file and line, exit 2, the terminal untouched
printf '# broken\ncolor title white blue\ncolor tab purple default\n' >"$TUI_HOME/bad.theme"
tt kill-server 2>/dev/null; sleep 0.3
COLS=120 ROWS=10 tui_start sh -c "'./openclaw-console --url $GW_URL --token-file $GW_TOKEN_FILE --state-dir $TUI_HOME/state --theme $TUI_HOME/bad.theme 2>$TUI_HOME/bad.err; echo EXIT=\$?'"
# (with the history: the pane may be resized to 120x10 after the output was written)
all_text() { tt capture-pane -p -J -S - -t t; }
WAIT_SECS=10 wait_for sh -c "$(command -v tmux) -L $TMUX_SOCK capture-pane -p -J -S - -t t | grep -q EXIT="
txt=$(all_text | grep -v '^$' | grep -v 'Pane is dead')
exp="openclaw-console: $TUI_HOME/bad.theme:3: unknown colour \"purple\""
[ "$(cat "$TUI_HOME/bad.err")" = "$exp" ] && [ "$txt" = EXIT=2 ] &&
	ok theme_bad_file_one_line_exit_2 ||
	fail theme_bad_file_one_line_exit_2 "stderr=$(cat "$TUI_HOME/bad.err") screen=$txt"
echo 'theme = nosuchtheme' >"$CFG/config"
./openclaw-console --config-dir "$CFG" --state-dir "$TUI_HOME/state" </dev/null >/dev/null 2>"$TUI_HOME/err"
rc=$?
[ $rc = 2 ] && grep -q 'unknown theme "nosuchtheme"' "$TUI_HOME/err" && ok theme_unknown_name_exit_2 ||
	fail theme_unknown_name_exit_2 "rc=$rc $(cat "$TUI_HOME/err")"
printf 'theme = light\nbell = loud\n' >"$CFG/config"
./openclaw-console --config-dir "$CFG" --state-dir "$TUI_HOME/state" </dev/null >/dev/null 2>"$TUI_HOME/err"
rc=$?
[ $rc = 2 ] && [ "$(cat "$TUI_HOME/err")" = "openclaw-console: $CFG/config:2: bell must be on or off, not \"loud\"" ] &&
	ok config_bad_line_exit_2 || fail config_bad_line_exit_2 "rc=$rc $(cat "$TUI_HOME/err")"
