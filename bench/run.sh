#!/bin/sh
# Benchmark (issue #8), not a test: the console side by side with the gateway's own CLI on
# one real gateway.  Starts a sandboxed gateway (autoApproveLocal off, so requests stay
# pending), pairs the console, creates N pending pairing requests and M live connections,
# then times R runs of each command (min/median/max of wall time and peak RSS), the TUI's
# start-to-first-paint, idle RSS and idle CPU.  Prints a markdown table and writes it to
# bench/results.md.  Knobs: N (50) M (50) R (10) IDLE_SECS (30) OUT (bench/results.md).
cd "$(dirname "$0")/.." || exit 1
N=${N:-50} M=${M:-50} R=${R:-10} IDLE_SECS=${IDLE_SECS:-30} OUT=${OUT:-bench/results.md}
[ -x ./openclaw-console ] || { echo "bench: build first (make)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

B=$(mktemp -d "${TMPDIR:-/tmp}/oc-bench.XXXXXX")
cleanup_add "rm -rf '$B'"
S="$B/console"
# A private copy of the binary: a concurrent `make` relinking ./openclaw-console must not
# fail runs half-way.
OC="$B/openclaw-console"
cp ./openclaw-console "$OC" || exit 1
say() { echo "bench: $*" >&2; }
now_ms() { date +%s%N | cut -c1-13; }
oc() { "$OC" --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" "$@"; }
node_() { PATH="$OC_GATEWAY_PATH:$PATH" node "$@"; }
clients() { node_ bench/clients.mjs --url "$GW_URL" --token-file "$GW_TOKEN_FILE" "$@"; }

# timed LABEL CMD...: run CMD once; append "wall_ms peak_rss_kb" to $B/LABEL; stdout in $B/out.
timed() {
	label=$1
	shift
	t0=$(now_ms)
	/usr/bin/time -f '%M' -o "$B/rss" "$@" >"$B/out" 2>"$B/err"
	rc=$?
	t1=$(now_ms)
	if [ $rc -ne 0 ]; then
		say "$label: exit $rc: $(tail -3 "$B/err" | tr '\n' ' ')"
		echo "$label" >>"$B/failures"
		return $rc	# failed runs are reported, not counted
	fi
	echo "$((t1 - t0)) $(tail -1 "$B/rss")" >>"$B/$label"
	return $rc
}
# The gateway's CLI exactly as tests/lib/gw.sh's gw_cli runs it (own HOME, the token in the
# environment, never argv).  Exports into the current shell: call it in a subshell.
gwenv() {
	export NO_COLOR=1 FORCE_COLOR=0 PATH="$OC_GATEWAY_PATH:$PATH" \
		HOME="$GW_DIR/cli-home" XDG_CONFIG_HOME="$GW_DIR/cli-home/.config" \
		XDG_STATE_HOME="$GW_DIR/cli-home/.local/state" XDG_CACHE_HOME="$GW_DIR/cli-home/.cache" \
		OPENCLAW_STATE_DIR="$GW_DIR/cli-state" OPENCLAW_CONFIG_PATH="$GW_DIR/openclaw.json" \
		OPENCLAW_GATEWAY_URL="$GW_URL" OPENCLAW_GATEWAY_TOKEN="$(cat "$GW_TOKEN_FILE")"
}
gwcli() { ( gwenv; timeout 120 openclaw "$@" ); }
gwtimed() { label=$1; shift; ( gwenv; timed "$label" timeout 120 openclaw "$@" ); }
# stat FILE COL: "min median max" of column COL
stat() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { if (!NR) { print "- - -"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print v[1], m, v[NR] }'
}
med() { stat "$1" "$2" | cut -d' ' -f2; }

say "starting the gateway (variant bench) ..."
gw_start bench '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
GW_VERSION=$(gwcli --version 2>/dev/null | head -1)

# Pair the console: first status is refused with a request id, the gateway CLI approves it.
oc status >/dev/null 2>"$B/err"
rc=$?
req=$(sed -n 's/.*requestId=\([0-9a-f-]*\).*/\1/p' "$B/err" | head -1)
[ $rc -eq 3 ] && [ -n "$req" ] || { say "console pairing: expected exit 3, got $rc: $(cat "$B/err")"; exit 1; }
gwcli devices approve "$req" >"$B/out" 2>&1 || { say "gateway CLI approve failed: $(cat "$B/out")"; exit 1; }
oc status >/dev/null 2>"$B/err" || { say "console still refused: $(cat "$B/err")"; exit 1; }

say "creating $M live connections and $N pending requests ..."
# a simple command, so $! is node itself (a function would leave node behind a subshell)
PATH="$OC_GATEWAY_PATH:$PATH" node bench/clients.mjs --url "$GW_URL" --token-file "$GW_TOKEN_FILE" \
	--live "$M" --stay 3600 >"$B/live.out" 2>"$B/live.err" &
LIVE=$!
cleanup_add "kill $LIVE 2>/dev/null"
WAIT_SECS=60 wait_for grep -q '^ready' "$B/live.out" || { say "live clients: $(cat "$B/live.err")"; exit 1; }
clients --pending "$N" >"$B/pending" 2>"$B/pending.err" || { say "pending: $(cat "$B/pending.err")"; exit 1; }

# Warm both once (page cache, Node compile cache), untimed.
oc devices list --json >/dev/null 2>&1
gwcli devices list --json >/dev/null 2>&1

say "devices list x$R ..."
for i in $(seq "$R"); do
	timed list.oc "$OC" --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" \
		devices list --json
	[ "$(grep -c '"requestId"' "$B/out")" -ge "$N" ] || { say "console list: fewer than $N pending"; echo list.oc >>"$B/failures"; }
	gwtimed list.gw devices list --json
	[ "$(grep -c '"requestId"' "$B/out")" -ge "$N" ] || { say "gateway CLI list: fewer than $N pending"; echo list.gw >>"$B/failures"; }
done

say "devices approve x$R (creating $((2 * R)) fresh requests) ..."
clients --pending $((2 * R)) >"$B/approve.ids" 2>"$B/approve.err" || { say "approve requests: $(cat "$B/approve.err")"; exit 1; }
i=0
while read -r id; do
	i=$((i + 1))
	if [ $((i % 2)) -eq 1 ]; then
		timed approve.oc "$OC" --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" \
			devices approve "$id"
	else
		gwtimed approve.gw devices approve "$id"
	fi
done <"$B/approve.ids"

say "status --json x$R ..."
for i in $(seq "$R"); do
	timed status.oc "$OC" --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" status --json
	sed -n 's/.*"elapsedMs": *\([0-9]*\).*/\1/p' "$B/out" >>"$B/status.elapsed"
done

say "TUI first paint x$R ($((M + 2)) live rows expected: $M clients, the gateway, the TUI) ..."
want="^$((M + 2)) rows"	# the status line counts the live rows once the presence list is in
for i in $(seq "$R"); do
	rm -f "$B/tui.t0"
	tui_start sh -c "'date +%s%N >$B/tui.t0; exec $OC --url $GW_URL --token-file $GW_TOKEN_FILE --state-dir $S'"
	end=$(( $(date +%s) + 20 ))
	ok_=1
	until txt=$(tui_text 2>/dev/null) && printf '%s\n' "$txt" | grep -q -- "$want"; do
		if [ "$(date +%s)" -ge "$end" ]; then
			say "TUI: no complete paint in 20 s; screen:"
			printf '%s\n' "$txt" >&2
			echo tui >>"$B/failures"
			ok_=0
			break
		fi
		sleep 0.01
	done
	t1=$(now_ms)
	t0=$(cut -c1-13 "$B/tui.t0" 2>/dev/null)
	[ -n "$t0" ] && [ $ok_ = 1 ] && echo "$((t1 - t0))" >>"$B/tui.paint"
	[ "$i" -lt "$R" ] && tt kill-server 2>/dev/null
done

say "TUI idle for $IDLE_SECS s ..."
pid=$(tui_pid)
[ "$(cat /proc/"$pid"/comm 2>/dev/null)" = openclaw-consol ] || { say "TUI pid $pid is not the console"; exit 1; }
sleep 2
tick=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' /proc/"$pid"/stat; }	# utime + stime, clock ticks
run_ns() { cut -d' ' -f1 /proc/"$pid"/schedstat 2>/dev/null || echo 0; }	# on-CPU ns
c0=$(cpu) n0=$(run_ns) w0=$(awk '/^voluntary_ctxt_switches/ { print $2 }' /proc/"$pid"/status)
rss0=$(awk '/^VmRSS/ { print $2 }' /proc/"$pid"/status)
sleep "$IDLE_SECS"
c1=$(cpu) n1=$(run_ns) w1=$(awk '/^voluntary_ctxt_switches/ { print $2 }' /proc/"$pid"/status)
rss1=$(awk '/^VmRSS/ { print $2 }' /proc/"$pid"/status)
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/"$pid"/status)
cpu_pct=$(awk -v d=$((c1 - c0)) -v t="$tick" -v s="$IDLE_SECS" 'BEGIN { printf "%.3f", d / t / s * 100 }')
cpu_ns_pct=$(awk -v d=$((n1 - n0)) -v s="$IDLE_SECS" 'BEGIN { printf "%.4f", d / 1e9 / s * 100 }')
cpu_ms=$(awk -v d=$((n1 - n0)) 'BEGIN { printf "%.1f", d / 1e6 }')
wakeups=$((w1 - w0))
tui_text >"$B/tui.screen"
tt kill-server 2>/dev/null

# ----------------------------------------------------------------------------- report
row() { # row NAME FILE_OC FILE_GW COL UNIT
	o=$(stat "$2" "$4") g=$(stat "$3" "$4")
	ratio=$(awk -v a="$(echo "$o" | cut -d' ' -f2)" -v b="$(echo "$g" | cut -d' ' -f2)" \
		'BEGIN { if (a > 0) printf "%.1f×", b / a; else print "-" }')
	printf '| %s | %s | %s | %s |\n' "$1" "$(echo "$o" | tr ' ' /) $5" "$(echo "$g" | tr ' ' /) $5" "$ratio"
}
mb() { awk '{ printf "%s %.1f\n", $1, $2 / 1024 }' "$1" >"$1.mb"; }
for f in list.oc list.gw approve.oc approve.gw status.oc; do [ -f "$B/$f" ] && mb "$B/$f"; done
{
	echo "# openclaw-console benchmark"
	echo
	echo "Taken $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/run.sh\` (N=$N pending requests, M=$M live connections, R=$R runs each)."
	echo
	echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), Linux $(uname -r), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM."
	echo "Gateway: openclaw $GW_VERSION, Node $(node_ --version), on loopback; console $("$OC" --version 2>/dev/null | head -1)."
	echo
	echo "Figures are min/median/max; the ratio is gateway CLI ÷ console, of the medians."
	echo
	echo "| measurement | openclaw-console | openclaw (gateway CLI) | ratio |"
	echo "| --- | --- | --- | --- |"
	row '`devices list --json` wall' "$B/list.oc" "$B/list.gw" 1 ms
	row '`devices list --json` peak RSS' "$B/list.oc.mb" "$B/list.gw.mb" 2 MB
	row '`devices approve ID` wall' "$B/approve.oc" "$B/approve.gw" 1 ms
	row '`devices approve ID` peak RSS' "$B/approve.oc.mb" "$B/approve.gw.mb" 2 MB
	echo "| \`status --json\` wall | $(stat "$B/status.oc" 1 | tr ' ' /) ms | | |"
	echo "| \`status --json\` connect-to-result (\`elapsedMs\`) | $(stat "$B/status.elapsed" 1 | tr ' ' /) ms | | |"
	echo "| \`status --json\` peak RSS | $(stat "$B/status.oc.mb" 2 | tr ' ' /) MB | | |"
	echo "| TUI start to first complete paint ($((M + 2)) rows, 100×30) | $(stat "$B/tui.paint" 1 | tr ' ' /) ms | | |"
	echo "| TUI paint after the gateway answered (paint − status \`elapsedMs\`, medians) | $(( $(med "$B/tui.paint" 1 | cut -d. -f1) - $(med "$B/status.elapsed" 1 | cut -d. -f1) )) ms | | |"
	echo "| TUI idle RSS (VmRSS; peak VmHWM) | $(awk -v a="$rss1" -v h="$hwm" 'BEGIN { printf "%.1f MB (peak %.1f MB)", a / 1024, h / 1024 }') | | |"
	echo "| TUI idle CPU over $IDLE_SECS s | $cpu_ns_pct % of a core ($cpu_ms ms on CPU, $wakeups wake-ups; utime+stime $cpu_pct %) | | |"
	echo
	if [ -s "$B/failures" ]; then
		echo "Runs that failed (left out of the figures): $(sort "$B/failures" | uniq -c | tr '\n' ' ')"
		echo
	fi
	echo "Targets (issue #8): list/approve ≥ 20× faster and ≥ 10× smaller RSS than the gateway CLI;"
	echo "first paint < 100 ms after the gateway answers; idle CPU < 0.1 % of a core."
} >"$B/results.md"
cat "$B/results.md"
cp "$B/results.md" "$OUT"
say "written to $OUT"
