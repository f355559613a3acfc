# Sandboxed real OpenClaw gateways for the tests, one per config variant, shared within a
# test run ($OC_TEST_RUN).  Source it, then:
#   gw_start VARIANT 'CONFIG_JSON'   start (or reuse) -> GW_URL GW_PORT GW_TOKEN_FILE GW_DIR GW_LOG GW_PID
#   gw_cli ARGS...                   the gateway's own `openclaw` CLI against that gateway
#   gw_restart VARIANT               SIGKILL and start again on the same port and state
#   gw_stop VARIANT / gw_stop_all    stop by PID (TERM, then KILL after 5 s)
# The token reaches the gateway through OPENCLAW_GATEWAY_TOKEN, never its argv.  The
# gateway's own CLI only accepts --token with --url, so gw_cli passes it there (test side only).

if [ -z "${OC_TEST_RUN:-}" ]; then
	OC_TEST_RUN=$(mktemp -d "${TMPDIR:-/tmp}/oc-test-run.XXXXXX")
	export OC_TEST_RUN
	GW_OWN_RUN=1
fi
if [ -z "${OC_GATEWAY_PATH:-}" ]; then
	OC_GATEWAY_PATH=$(tests/deps.sh gateway) || { echo "FAIL gateway: cannot install the test gateway"; exit 1; }
	export OC_GATEWAY_PATH
fi

gw__load() { # gw__load VARIANT: read its env file into GW_*
	GW_DIR="$OC_TEST_RUN/gw-$1"
	[ -f "$GW_DIR/env" ] || return 1
	. "$GW_DIR/env"
	GW_URL="ws://127.0.0.1:$GW_PORT"
	GW_TOKEN_FILE="$GW_DIR/token"
	GW_LOG="$GW_DIR/gateway.log"
	GW_VARIANT=$1
	export GW_URL GW_PORT GW_TOKEN_FILE GW_DIR GW_LOG GW_PID GW_VARIANT
}

gw__alive() { [ -n "${GW_PID:-}" ] && kill -0 "$GW_PID" 2>/dev/null; }

gw__launch() { # uses GW_DIR, GW_PORT
	: >"$GW_DIR/gateway.log"
	(
		cd "$GW_DIR" || exit 1
		NO_COLOR=1 FORCE_COLOR=0 PATH="$OC_GATEWAY_PATH:$PATH" HOME="$GW_DIR/home" OPENCLAW_STATE_DIR="$GW_DIR/state" \
		OPENCLAW_CONFIG_PATH="$GW_DIR/openclaw.json" OPENCLAW_GATEWAY_TOKEN="$(cat "$GW_DIR/token")" \
		exec openclaw gateway run --allow-unconfigured --bind loopback --auth token \
			--port "$GW_PORT" >"$GW_DIR/gateway.log" 2>&1 </dev/null
	) &
	GW_PID=$!
	echo "GW_PORT=$GW_PORT GW_PID=$GW_PID" >"$GW_DIR/env"
	end=$(( $(date +%s) + 60 ))
	until grep -aqE '\[gateway\]([^a-z]*m)? +(.\[[0-9]+m)?ready' "$GW_DIR/gateway.log" 2>/dev/null &&
	      python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$GW_PORT),1)" 2>/dev/null; do
		if ! kill -0 "$GW_PID" 2>/dev/null || [ "$(date +%s)" -ge "$end" ]; then
			echo "FAIL gateway_start_$GW_VARIANT: gateway did not become ready; last log lines:"
			tail -15 "$GW_DIR/gateway.log" | sed 's/^/    /'
			return 1
		fi
		sleep 0.2
	done
	gw__load "$GW_VARIANT"
}

gw_start() { # gw_start VARIANT CONFIG_JSON
	GW_VARIANT=$1
	if gw__load "$1" && gw__alive; then
		return 0
	fi
	GW_DIR="$OC_TEST_RUN/gw-$1"
	mkdir -p "$GW_DIR/home" "$GW_DIR/state"
	chmod 700 "$GW_DIR"
	printf '%s\n' "${2:-{\}}" >"$GW_DIR/openclaw.json"
	( umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$GW_DIR/token" )
	GW_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	gw__launch
}

gw_cli() { # gw_cli ARGS... against the current gateway (last gw_start)
	PATH="$OC_GATEWAY_PATH:$PATH" HOME="$GW_DIR/home" OPENCLAW_STATE_DIR="$GW_DIR/state" \
	OPENCLAW_CONFIG_PATH="$GW_DIR/openclaw.json" \
		timeout 120 openclaw "$@" --url "$GW_URL" --token "$(cat "$GW_TOKEN_FILE")"
}

gw_stop() { # gw_stop VARIANT
	gw__load "$1" || return 0
	if gw__alive; then
		kids=$(pgrep -P "$GW_PID")
		kill -TERM "$GW_PID" 2>/dev/null
		i=0
		while kill -0 "$GW_PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -KILL "$GW_PID" $kids 2>/dev/null
	fi
	rm -f "$GW_DIR/env"
}

gw_restart() { # gw_restart VARIANT: SIGKILL, then start again on the same port and state
	gw__load "$1" || return 1
	# the gateway's helpers (spawn broker, sqlite worker) are its children: kill them first
	pkill -KILL -P "$GW_PID" 2>/dev/null
	kill -KILL "$GW_PID" 2>/dev/null
	while kill -0 "$GW_PID" 2>/dev/null; do sleep 0.1; done
	gw__launch
}

gw_stop_all() {
	for d in "$OC_TEST_RUN"/gw-*; do
		[ -d "$d" ] || continue
		gw_stop "${d##*/gw-}"
	done
}

if [ -n "${GW_OWN_RUN:-}" ]; then
	command -v cleanup_add >/dev/null || . tests/lib/common.sh
	cleanup_add 'gw_stop_all; rm -rf "$OC_TEST_RUN"'
fi

# service ARGS...: run tests/lib/service.mjs against the current gateway with its token.
service() {
	PATH="$OC_GATEWAY_PATH:$PATH" node tests/lib/service.mjs --url "$GW_URL" --token-file "$GW_TOKEN_FILE" "$@"
}
