#!/bin/sh
# Issue 7: `make demo` (tests/demo) reaches the console screen with one headless service's
# pairing request pending, on a sandboxed real gateway of its own.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

# tui_start gives the pane a temporary HOME: keep using the shared gateway cache.
CACHE=${OPENCLAW_CONSOLE_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openclaw-console-tests}
cleanup_add "gw_stop demo"
COLS=120 ROWS=30 TUI_ENV="OPENCLAW_CONSOLE_TEST_CACHE=$CACHE" tui_start tests/demo
if tui_wait '1 pending' 300 >/dev/null 2>&1; then
	ok demo_reaches_console_with_one_pending_request
else
	fail demo_reaches_console_with_one_pending_request "$(tui_text | tail -8)"
fi
tui_keys 2
tui_wait 'billing-sync' 10 >/dev/null 2>&1 && ok demo_pending_request_is_the_headless_service ||
	fail demo_pending_request_is_the_headless_service "$(tui_text)"
tui_keys q
