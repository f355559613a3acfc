#!/bin/sh
# Load benchmark (issue #9): CONNS clients join and leave over SECS seconds and REQUESTS
# pairing requests arrive while the TUI runs in tmux.  Measures key-press-to-screen latency
# during the load (the `?` overlay opened and closed, polled through tmux) and the console's
# memory before, at peak and after.  A benchmark, not a test (tests/tui/60-load.sh asserts
# the behaviour without timing thresholds).
#   GATEWAY=real (default): a real gateway (autoApproveLocal=false) and tests/lib/loadgen.mjs
#     making real handshakes.  The gateway keeps at most 200 presence entries, its own
#     included, so the console never holds more than 200 presence rows.
#   GATEWAY=fake: tests/lib/fakegw.mjs --mode load, a synthetic gateway that sends the same
#     frames without the cap, so all CONNS clients are listed live at the peak.
#   CONNS=1000 REQUESTS=200 SECS=60 GATEWAY=real bench/load.sh
set -u
cd "$(dirname "$0")/.." || exit 1
CONNS=${CONNS:-1000} REQUESTS=${REQUESTS:-200} SECS=${SECS:-60} GATEWAY=${GATEWAY:-real}
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh
make -s openclaw-console || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-load.XXXXXX")
cleanup_add "rm -rf '$T'"
S="$T/state"
case $GATEWAY in
real)
	gw_start benchload '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
	cleanup_add "gw_stop benchload"
	url=$GW_URL tok=$GW_TOKEN_FILE
	./openclaw-console --url "$url" --token-file "$tok" --state-dir "$S" status >/dev/null 2>"$T/err"
	req=$(sed -n 's/.*requestId=\([0-9a-f-]*\).*/\1/p' "$T/err" | head -1)
	gw_cli devices approve "$req" >/dev/null 2>&1 || { echo "cannot pair the console: $(cat "$T/err")"; exit 1; }
	load() {
		PATH="$OC_GATEWAY_PATH:$PATH" node tests/lib/loadgen.mjs --url "$url" --token-file "$tok" \
			--conns "$CONNS" --requests "$REQUESTS" --secs "$SECS" >"$T/gen.out" 2>&1
	} ;;
fake)
	PATH="$OC_GATEWAY_PATH:$PATH" node tests/lib/fakegw.mjs --mode load --conns "$CONNS" --requests "$REQUESTS" \
		--secs "$SECS" --life $((SECS + 120)) >"$T/gen.out" 2>&1 &
	fg=$!
	cleanup_add "kill $fg 2>/dev/null"
	WAIT_SECS=15 wait_for grep -q port "$T/gen.out" || { echo "fake gateway did not start"; exit 1; }
	url="ws://127.0.0.1:$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$T/gen.out")" tok="$T/tok"
	printf 'load-token' >"$tok"; chmod 600 "$tok"
	load() { until grep -q '"done"' "$T/gen.out"; do sleep 0.5; done; } ;;
*) echo "GATEWAY must be real or fake" >&2; exit 2 ;;
esac
COLS=160 ROWS=40 tui_start ./openclaw-console --url "$url" --token-file "$tok" --state-dir "$S" --no-bell
tui_wait ' connected' 20 >/dev/null || { echo "console did not connect"; exit 1; }
pid=$(tui_pid)
rss() { awk '/^VmRSS/ {print $2}' /proc/"$pid"/status; }
hwm() { awk '/^VmHWM/ {print $2}' /proc/"$pid"/status; }
sleep 1
base=$(rss)
ms() { date +%s%3N; }
lat="$T/lat"; : >"$lat"
load &
lp=$!
while kill -0 $lp 2>/dev/null; do
	t0=$(ms); tui_keys '?'
	until tui_text | grep -q 'Help: keys for'; do sleep 0.005; done
	t1=$(ms); tui_keys Escape
	until ! tui_text | grep -q 'Help: keys for'; do sleep 0.005; done
	t2=$(ms)
	echo $((t1 - t0)) >>"$lat"; echo $((t2 - t1)) >>"$lat"
	sleep 1
done
sleep 5
after=$(rss); peak=$(hwm)
sort -n "$lat" >"$lat.s"
n=$(wc -l <"$lat.s")
echo "load ($GATEWAY gateway): $CONNS clients joined and left, $REQUESTS pairing requests in ${SECS} s"
tail -1 "$T/gen.out"
echo "key to screen (? overlay open/close, $n samples): min $(head -1 "$lat.s") ms, median $(sed -n "$(( (n + 1) / 2 ))p" "$lat.s") ms, max $(tail -1 "$lat.s") ms"
echo "console RSS: before $((base / 1024)) MB, peak $((peak / 1024)) MB, after $((after / 1024)) MB"
tui_text | head -1
