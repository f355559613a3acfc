#!/bin/sh
# Issue #13 item 7: memory under a hostile gateway.  A fake gateway answers the TUI's
# system-presence with one 15.6 MB frame of 1.2 million rows (it used to take the TUI to
# 724 MB, and it stayed there).  The TUI keeps its capped list (10,000 rows), says on the
# status line what the cap left out, stays responsive, and its RSS afterwards (from
# /proc/PID/status of the console this test started) is under 64 MB.
. tests/lib/common.sh
. tests/lib/tui.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-mem.XXXXXX")
cleanup_add "rm -rf '$T'"
( umask 077; echo fake-token-0123456789 >"$T/token" )
: >"$T/gw"
PATH="$OC_GATEWAY_PATH:$PATH" node tests/lib/fakegw.mjs --mode rows --rows 1200000 --life 180 >"$T/gw" 2>&1 &
fpid=$!
cleanup_add "kill $fpid 2>/dev/null"
WAIT_SECS=10 wait_for grep -q '"port"' "$T/gw" || { fail memory_fake_starts "$(cat "$T/gw")"; exit 0; }
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$T/gw")

COLS=220 ROWS=30 tui_start ./openclaw-console --url "ws://127.0.0.1:$port" --token-file "$T/token" --state-dir "$TUI_HOME/state"
if tui_wait '1200000 presence rows, showing the first 10000' 90 >/dev/null 2>&1; then
	ok memory_status_line_names_the_cap
else
	fail memory_status_line_names_the_cap "$(cat "$T/gw") $(tui_text | tail -3)"
	exit 0
fi
grep -q '"rows":1200000' "$T/gw" && ok memory_fake_sent_1200000_rows || fail memory_fake_sent_1200000_rows "$(cat "$T/gw")"
# still answering keys: the help overlay opens and closes
tui_keys '?'
tui_wait 'Keys|KEYS|keys' 10 >/dev/null 2>&1 && ok memory_tui_still_responsive || fail memory_tui_still_responsive "$(tui_text | head -5)"
tui_keys Escape
pid=$(tui_pid)
rss=$(awk '/^VmRSS:/ {print $2}' /proc/"$pid"/status 2>/dev/null)
hwm=$(awk '/^VmHWM:/ {print $2}' /proc/"$pid"/status 2>/dev/null)
comm=$(cat /proc/"$pid"/comm 2>/dev/null)
echo "# console pid $pid ($comm): VmRSS ${rss} kB after, VmHWM ${hwm} kB peak" >&2
if [ -n "${OC_ASAN:-}" ]; then
	# AddressSanitizer keeps freed memory in quarantine by design: RSS says nothing here
	echo "# under ASan: RSS not compared" >&2
elif [ "$comm" = openclaw-consol ] && [ -n "$rss" ] && [ "$rss" -lt 65536 ]; then
	ok memory_rss_after_huge_frame_under_64mb
else
	fail memory_rss_after_huge_frame_under_64mb "pid $pid ($comm) VmRSS=${rss} kB (peak ${hwm} kB)"
fi
tui_keys q
i=0; while ! tui_dead && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
tui_dead && [ "$(tui_status)" = 0 ] && ok memory_quit_exit_0 || fail memory_quit_exit_0 "status=$(tui_status)"
exit 0
