# The tmux harness (STYLE.md 8): drive the real binary on a real pseudo-terminal and
# assert on what the screen shows.  A private tmux server per test (-L), never the user's.
#   tui_start CMD...        run CMD in a COLS x ROWS pane (defaults 100x30) with a hermetic env
#   tui_keys KEYS...        tmux send-keys (names: Enter Escape C-l; -l for literal text)
#   tui_text                the pane's text
#   tui_wait REGEX [SECS]   poll until the screen matches (default 10 s); prints the screen on timeout
#   tui_resize COLS ROWS
#   tui_dead / tui_status   whether the program exited, and its exit status
command -v cleanup_add >/dev/null || . tests/lib/common.sh
TMUX_SOCK="oc-test-$$"
TUI_HOME=${TUI_HOME:-$(mktemp -d "${TMPDIR:-/tmp}/oc-tui-home.XXXXXX")}
tt() { tmux -L "$TMUX_SOCK" -f tests/lib/tmux.conf "$@"; }
tui_start() {
	tt kill-server 2>/dev/null
	tt new-session -d -s t -x "${COLS:-100}" -y "${ROWS:-30}" \
		"env HOME=$TUI_HOME XDG_CONFIG_HOME=$TUI_HOME/.config XDG_STATE_HOME=$TUI_HOME/.local/state \
		 TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 ESCDELAY=25 ${TUI_ENV:-} $*"
}
tui_keys() { tt send-keys -t t "$@"; }
tui_text() { tt capture-pane -p -J -t t; }
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
tui_status() { tt display -p -t t '#{pane_dead_status}'; }
tui_pid() { tt display -p -t t '#{pane_pid}'; }
cleanup_add 'tt kill-server 2>/dev/null; rm -rf "$TUI_HOME"'
