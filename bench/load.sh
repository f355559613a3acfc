#!/bin/sh
# Load benchmark (issue #9): a synthetic gateway (tests/lib/fakegw.mjs --mode load) lets
# CONNS clients join and leave over SECS seconds (one full presence list per change, as the
# real gateway sends them) and REQUESTS pairing requests arrive, while the TUI runs in tmux.
# Measures key-press-to-screen latency during the load (the `?` overlay opened and closed)
# and the console's memory before, at peak and after.  A benchmark, not a test.
#   CONNS=1000 REQUESTS=200 SECS=60 bench/load.sh
set -u
cd "$(dirname "$0")/.." || exit 1
CONNS=${CONNS:-1000} REQUESTS=${REQUESTS:-200} SECS=${SECS:-60}
. tests/lib/common.sh
[ -n "${OC_GATEWAY_PATH:-}" ] || OC_GATEWAY_PATH=$(tests/deps.sh gateway)
. tests/lib/tui.sh
make -s openclaw-console || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-load.XXXXXX")
cleanup_add "rm -rf '$T'"
PATH="$OC_GATEWAY_PATH:$PATH" node tests/lib/fakegw.mjs --mode load --conns "$CONNS" --requests "$REQUESTS" \
	--secs "$SECS" --life $((SECS + 120)) >"$T/gw.out" 2>&1 &
gw=$!
cleanup_add "kill $gw 2>/dev/null"
WAIT_SECS=15 wait_for grep -q port "$T/gw.out" || { echo "fake gateway did not start"; exit 1; }
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$T/gw.out")
printf 'load-token' >"$T/tok"; chmod 600 "$T/tok"
COLS=120 ROWS=40 tui_start ./openclaw-console --url "ws://127.0.0.1:$port" --token-file "$T/tok" --state-dir "$T/state" --no-bell
tui_wait 'connected' 20 >/dev/null || { echo "console did not connect"; exit 1; }
pid=$(tui_pid)
rss() { awk '/^VmRSS/ {print $2}' /proc/"$pid"/status; }
hwm() { awk '/^VmHWM/ {print $2}' /proc/"$pid"/status; }
base=$(rss)
ms() { date +%s%3N; }
lat="$T/lat"; : >"$lat"
while ! grep -q '"done"' "$T/gw.out"; do
	t0=$(ms); tui_keys '?'
	until tui_text | grep -q 'Help: keys for'; do sleep 0.005; done
	t1=$(ms); tui_keys Escape
	until ! tui_text | grep -q 'Help: keys for'; do sleep 0.005; done
	t2=$(ms)
	echo $((t1 - t0)) >>"$lat"; echo $((t2 - t1)) >>"$lat"
	sleep 1
done
events=$(sed -n 's/.*"events":\([0-9]*\).*/\1/p' "$T/gw.out")
sleep 5
after=$(rss); peak=$(hwm)
sort -n "$lat" >"$lat.s"
n=$(wc -l <"$lat.s")
echo "load: $CONNS clients joined and left, $REQUESTS pairing requests, $events events in ${SECS} s"
echo "key to screen (? overlay open/close, $n samples): min $(head -1 "$lat.s") ms, median $(sed -n "$(( (n + 1) / 2 ))p" "$lat.s") ms, max $(tail -1 "$lat.s") ms"
echo "console RSS: before $((base / 1024)) MB, peak $((peak / 1024)) MB, after $((after / 1024)) MB"
tui_text | head -3
