# The tmux harness (STYLE.md 8): drive the real binary on a real pseudo-terminal and
# assert on what the screen shows.  A private tmux server per test (-L), never the user's.
#   tui_start CMD...        run CMD in a COLS x ROWS pane (defaults 100x30) with a hermetic env
#                           (HOME, XDG_*, TZ=UTC, LANG=C.UTF-8; extra VAR=value words in TUI_ENV)
#   tui_keys KEYS...        tmux send-keys (names: Enter Escape C-l F5; -l for literal text)
#   tui_text [-e]           the pane's text (-e: with colour escapes)
#   tui_wait REGEX [SECS]   poll until the screen matches (default 10 s); prints the screen on timeout
#   tui_resize COLS ROWS
#   tui_dead / tui_status / tui_pid   whether the program exited, its exit status, its PID
command -v cleanup_add >/dev/null 2>&1 || . tests/lib/common.sh
TUI_HOME=${TUI_HOME:-$(mktemp -d "${TMPDIR:-/tmp}/oc-tui-home.XXXXXX")}
# The socket name carries TUI_HOME's random part too: $$ alone repeats across PID
# namespaces sharing /tmp, and kill-server must only ever reach this test's server.
TMUX_SOCK="oc-test-$$-$(basename "$TUI_HOME" | tr -c 'A-Za-z0-9\n' '_')"
if infocmp tmux-256color >/dev/null 2>&1; then TUI_TERM=tmux-256color; else TUI_TERM=screen-256color; fi
tt() { tmux -L "$TMUX_SOCK" -f tests/lib/tmux.conf "$@"; }
tui_start() {
	# A previous session on this private socket: stop it and wait until its server is gone,
	# or the new session can race it ("server exited unexpectedly").
	if tt kill-server 2>/dev/null; then
		i=0
		while tt has-session 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		sleep 0.2
	fi
	rm -f "$TUI_HOME/.exit"
	mkdir -p "$TUI_HOME/.config" "$TUI_HOME/.local/state" "$TUI_HOME/.local/share" "$TUI_HOME/.cache"
	tt start-server \; set -g default-terminal "$TUI_TERM" \; \
		new-session -d -s t -x "${COLS:-100}" -y "${ROWS:-30}" \
		"env HOME=$TUI_HOME XDG_CONFIG_HOME=$TUI_HOME/.config XDG_STATE_HOME=$TUI_HOME/.local/state \
		 XDG_DATA_HOME=$TUI_HOME/.local/share XDG_CACHE_HOME=$TUI_HOME/.cache XDG_RUNTIME_DIR=$TUI_HOME \
		 TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 ESCDELAY=25 ${TUI_ENV:-} $*; echo \$? >$TUI_HOME/.exit"
}
tui_keys() { tt send-keys -t t "$@"; }
tui_text() { tt capture-pane -p -J "$@" -t t; }
tui_wait() {
	end=$(( $(date +%s) + ${2:-10} ))
	until tui_text | grep -Eq -- "$1"; do
		if [ "$(date +%s)" -ge "$end" ]; then
			echo "timeout waiting for /$1/; screen:" >&2
			tui_text | sed 's/^/    | /' >&2
			return 1
		fi
		sleep 0.05
	done
}
tui_resize() { tt resize-window -t t -x "$1" -y "$2"; }
tui_dead() { [ "$(tt display -p -t t '#{pane_dead}' 2>/dev/null)" = 1 ]; }
# The exit status is written by the pane's shell: tmux 3.3 sometimes leaves
# #{pane_dead_status} empty (seen after resizes and on loaded machines).
tui_status() {
	if [ -s "$TUI_HOME/.exit" ]; then cat "$TUI_HOME/.exit"; else tt display -p -t t '#{pane_dead_status}'; fi
}
# The program's pid: the pane's shell runs it as a child.
tui_pid() {
	sh_pid=$(tt display -p -t t '#{pane_pid}')
	child=$(cat /proc/"$sh_pid"/task/*/children 2>/dev/null | awk '{print $1; exit}')
	echo "${child:-$sh_pid}"
}
cleanup_add 'tt kill-server 2>/dev/null; rm -rf "$TUI_HOME"'
