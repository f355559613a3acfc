#!/bin/sh
# Issue 9: hostile strings from the network are drawn harmlessly.  A real client connects
# with a display name and instance id full of terminal escapes (OSC title, SGR red, clear
# screen, show cursor, leave the alternate screen), a C1 CSI (U+009B), a right-to-left override, a lone surrogate escape (\ud800 in
# the JSON), a U+0000 (\u0000 in the JSON: jansson refused the whole presence list over it, issue #13) and a 60 kB tail (the gateway closes pre-auth frames over 64 KiB with 1009, so
# 100 kB cannot arrive through a connect; tests/fuzz/regressions/frame/ replays a 100 kB
# presence row through the model instead).  The Connections view must show the row defanged (pane title
# unchanged, no red SGR, screen intact) and `connections --json` must be valid JSON with
# the controls removed.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start default '{}' || exit 1
SVC=$(cd tests/lib && pwd)/service.mjs
# The strings are built in JavaScript, so the lone surrogate survives to JSON.stringify
# (which writes it as the escape \ud800); service.mjs reads them from process.argv.
hostile_client() { # hostile_client STAY_SECS
	PATH="$OC_GATEWAY_PATH:$PATH" node --input-type=module -e '
		const E = "\x1b", big = "B".repeat(60 * 1024);
		const name = "evil" + E + "]0;PWNED\x07" + E + "[31mRED" + E + "[2J" + E + "[?25h" + E + "[?1049l" + "\u009b31mC1" +
			"\u202eRTL" + "\ud800" + "\u0000" + "end" + big;
		const inst = "inst" + E + "]0;PWNED2\x07" + E + "[41mBG" + "\u009b2J" + "\u202e" + "\udfff" + "\u0000" + "x";
		process.argv.push("--display-name", name, "--instance-id", inst);
		await import(process.env.SVC);' -- "$SVC" \
		--url "$GW_URL" --token-file "$GW_TOKEN_FILE" --client-id gateway-client --mode ui \
		--scopes operator.read --device new --stay "$1"
}
export SVC

COLS=160 ROWS=30 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$TUI_HOME/state"
tui_wait 'openclaw-tui' 20 >/dev/null 2>&1 || { fail hostile_tui_starts "$(tui_text)"; exit 0; }
title0=$(tt display -p -t t '#{pane_title}')
# cursor visibility and the alternate screen: a hostile ESC[?25h / ESC[?1049l would flip them
term0=$(tt display -p -t t '#{cursor_flag} #{alternate_on}')

hostile_client 25 >"$TUI_HOME/svc.out" 2>&1 &
svc=$!
cleanup_add "kill $svc 2>/dev/null"
if ! wait_for grep -q '"outcome":"accepted"' "$TUI_HOME/svc.out"; then
	fail hostile_client_connects "$(head -c 600 "$TUI_HOME/svc.out")"
	exit 0
fi
ok hostile_client_connects

if tui_wait 'inst' 15 >/dev/null 2>&1 || tui_wait 'evil' 1 >/dev/null 2>&1; then
	ok hostile_row_shown
else
	fail hostile_row_shown "$(tui_text)"
fi
sleep 1
screen=$(tui_text)
escreen=$(tui_text -e)
title1=$(tt display -p -t t '#{pane_title}')
[ "$title1" = "$title0" ] && ! printf '%s' "$title1" | grep -q PWNED &&
	ok hostile_pane_title_unchanged || fail hostile_pane_title_unchanged "before=$title0 after=$title1"
term1=$(tt display -p -t t '#{cursor_flag} #{alternate_on}')
[ "$term1" = "$term0" ] && ok hostile_cursor_and_screen_mode_unchanged ||
	fail hostile_cursor_and_screen_mode_unchanged "cursor_flag alternate_on: before=$term0 after=$term1"
# The console's own colours may use SGR 31/41 elsewhere (errors); the hostile text must not.
# Look at the SGR right before the row's text: no red foreground/background attached to it.
if printf '%s' "$escreen" | grep -Eq '\[(3|4)1m(RED|BG|inst|evil)|(\[|;)(31|41)(;[0-9;]*)?m[^[]*(RED|BG|C1)'; then
	fail hostile_no_red_sgr_from_name "$(printf '%s' "$escreen" | grep -E 'RED|BG|inst|evil' | cat -v | head -3)"
else
	ok hostile_no_red_sgr_from_name
fi
# Clear-screen did not run: the header, the tab bar and our own row are still on screen.
printf '%s' "$screen" | grep -q 'openclaw-tui' && printf '%s' "$screen" | grep -q 'Connections' &&
	ok hostile_screen_intact || fail hostile_screen_intact "$screen"
printf '%s' "$screen" | grep -q 'PWNED' && printf '%s' "$screen" | grep -q ']0;PWNED' &&
	fail hostile_osc_not_shown_raw "$(printf '%s' "$screen" | grep PWNED | cat -v)" || ok hostile_osc_not_shown_raw
# No raw C1 or bidi override reached the terminal (tmux keeps them as text when drawn).
if printf '%s' "$escreen" | LC_ALL=C grep -q "$(printf '\302\233')\|$(printf '\342\200\256')"; then
	fail hostile_no_c1_or_rlo_on_screen "$(printf '%s' "$escreen" | grep -E 'inst|evil' | cat -v | head -2)"
else
	ok hostile_no_c1_or_rlo_on_screen
fi
# The rest of the screen still lines up: every line fits in 160 columns.
w=$(printf '%s\n' "$screen" | python3 -c 'import sys, unicodedata
print(max([sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in l.rstrip("\n")) for l in sys.stdin] + [0]))')
[ "$w" -le 160 ] && ok hostile_lines_fit_width || fail hostile_lines_fit_width "longest line $w"

# --json: valid JSON, our row present, no control characters, no bidi override.
./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$TUI_HOME/state-cli" \
	connections --json >"$TUI_HOME/conns.json" 2>"$TUI_HOME/conns.err"
rc=$?
if [ $rc -eq 0 ] && python3 -m json.tool "$TUI_HOME/conns.json" >/dev/null 2>&1; then
	ok hostile_json_valid
else
	fail hostile_json_valid "rc=$rc $(head -c 300 "$TUI_HOME/conns.err") $(head -c 300 "$TUI_HOME/conns.json" | cat -v)"
fi
python3 - "$TUI_HOME/conns.json" <<'PY' && ok hostile_json_defanged || fail hostile_json_defanged "see above"
import json, sys, unicodedata
doc = json.load(open(sys.argv[1]))
rows = doc if isinstance(doc, list) else next((v for v in doc.values() if isinstance(v, list)), [])
hits = [r for r in rows if "inst" in json.dumps(r) or "evil" in json.dumps(r)]
if not hits:
    print("no hostile row in --json output"); sys.exit(1)
bad = []
def walk(v):
    if isinstance(v, dict):
        for x in v.values(): walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
    elif isinstance(v, str):
        for ch in v:
            o = ord(ch)
            if o < 0x20 or 0x7f <= o <= 0x9f or 0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069 or 0xd800 <= o <= 0xdfff:
                bad.append(hex(o))
walk(hits)
raw = open(sys.argv[1], "rb").read()
if b"\x1b" in raw: bad.append("raw ESC")
if bad:
    print("control characters survive in --json:", sorted(set(bad))[:10]); sys.exit(1)
PY
# The console survived it all and still quits cleanly.
tui_keys q
i=0; while ! tui_dead && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
tui_dead && [ "$(tui_status)" = 0 ] && ok hostile_quit_exit_0 || fail hostile_quit_exit_0 "status=$(tui_status) $(tui_text)"
