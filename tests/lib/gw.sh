# Sandboxed real OpenClaw gateways for the tests, one per config variant, shared within a
# test run ($OC_TEST_RUN).  Source it from the repository root, then:
#   gw_start VARIANT 'CONFIG_JSON'   start (or reuse) -> GW_URL GW_PORT GW_TOKEN_FILE GW_DIR GW_LOG GW_PID
#   gw_use VARIANT                   make an already started variant the current one
#   gw_cli ARGS...                   the gateway's own `openclaw` CLI against the current gateway
#   service ARGS...                  tests/lib/service.mjs against the current gateway, with its token
#   gw_restart VARIANT               SIGKILL, then start again on the same port, token and state
#   gw_stop VARIANT / gw_stop_all    stop by PID (TERM, then KILL after 5 s); never by name
#   gw_pair_console STATE_DIR        pair the console identity in STATE_DIR as an operator would
#   gw_release VERSION               switch to another pinned release; gw_releases lists them
#   service_key FILE                 a new Ed25519 key pair for service.mjs --device FILE; prints its device id
# Variants the tests use: default '{}', noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}'.
# Release: OC_GATEWAY_VERSION (one of `tests/deps.sh versions`; default the newest) picks the
# openclaw release a gw_start starts; each release's gateways are separate (VARIANT@VERSION).
# GW_VERSION is the current gateway's release.
# The token reaches the gateway and its CLI through OPENCLAW_GATEWAY_TOKEN, never argv.
# Works standalone too: without OC_TEST_RUN/OC_GATEWAY_PATH it makes them, and cleans up at exit.
command -v cleanup_add >/dev/null 2>&1 || . tests/lib/common.sh

if [ -z "${OC_TEST_RUN:-}" ]; then
	OC_TEST_RUN=$(mktemp -d "${TMPDIR:-/tmp}/oc-test-run.XXXXXX")
	export OC_TEST_RUN
	cleanup_add 'gw_stop_all; rm -rf "$OC_TEST_RUN"'
fi
GW_NEWEST=$(tests/deps.sh versions | cut -d' ' -f1)
if [ -n "${OC_GATEWAY_VERSION:-}" ] && [ "$OC_GATEWAY_VERSION" != "$GW_NEWEST" ]; then
	# an older release: its own PATH entries (the newest one's stay in OC_GATEWAY_PATH_NEWEST)
	OC_GATEWAY_PATH=$(tests/deps.sh gateway "$OC_GATEWAY_VERSION") ||
		{ echo "FAIL gateway: cannot install openclaw $OC_GATEWAY_VERSION"; exit 1; }
	export OC_GATEWAY_PATH
elif [ -z "${OC_GATEWAY_PATH:-}" ]; then
	OC_GATEWAY_PATH=$(tests/deps.sh gateway) || { echo "FAIL gateway: cannot install the test gateway"; exit 1; }
	export OC_GATEWAY_PATH
fi
GW_RELEASE=${OC_GATEWAY_VERSION:-$GW_NEWEST}

gw_release() { # gw_release VERSION: later gw_start/gw_use/gw_stop calls are for that release
	OC_GATEWAY_VERSION=$1
	OC_GATEWAY_PATH=$(tests/deps.sh gateway "$1") || { echo "FAIL gateway: cannot install openclaw $1"; return 1; }
	GW_RELEASE=$1
	export OC_GATEWAY_VERSION OC_GATEWAY_PATH
}

# Releases the tests run on: the newest, then the older ones unless OC_ASAN is set (the
# asan group re-runs the tests under sanitizers; the old releases' runs are not repeated).
gw_releases() {
	if [ -n "${OC_ASAN:-}" ]; then echo "$GW_NEWEST"; else tests/deps.sh versions; fi
}

gw__key() { # gw__key VARIANT: the variant's name in this run (VARIANT, or VARIANT@VERSION)
	if [ "$GW_RELEASE" = "$GW_NEWEST" ]; then echo "$1"; else echo "$1@$GW_RELEASE"; fi
}

gw__node() { PATH="$OC_GATEWAY_PATH:$PATH" node "$@"; }

gw__free_port() {
	gw__node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

gw__tcp_ok() { # gw__tcp_ok PORT: does 127.0.0.1:PORT accept a connection?
	gw__node -e 'const c=require("net").connect(+process.argv[1],"127.0.0.1");
		c.on("connect",()=>process.exit(0));c.on("error",()=>process.exit(1));setTimeout(()=>process.exit(1),1000)' "$1"
}

gw__load() { # gw__load KEY: read its env file into GW_*
	GW_DIR="$OC_TEST_RUN/gw-$1"
	[ -f "$GW_DIR/env" ] || return 1
	. "$GW_DIR/env"
	GW_URL="ws://127.0.0.1:$GW_PORT"
	GW_TOKEN_FILE="$GW_DIR/token"
	GW_LOG="$GW_DIR/gateway.log"
	GW_VARIANT=$1
	GW_VERSION=$(cat "$GW_DIR/version")
	GW_BIN=$(cat "$GW_DIR/path")
	export GW_URL GW_PORT GW_TOKEN_FILE GW_DIR GW_LOG GW_PID GW_VARIANT GW_VERSION GW_BIN
}
gw_use() { gw__load "$(gw__key "$1")" || { echo "FAIL gw_use_$1: gateway $1 was not started" >&2; return 1; }; }

gw__alive() { [ -n "${GW_PID:-}" ] && kill -0 "$GW_PID" 2>/dev/null; }

gw__descendants() { # gw__descendants PID: every descendant PID, children first
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		echo "$c"
		gw__descendants "$c"
	done
}

gw__launch() { # uses GW_DIR, GW_PORT, GW_VARIANT
	[ -s "$GW_DIR/gateway.log" ] && cat "$GW_DIR/gateway.log" >>"$GW_DIR/gateway.log.old"
	: >"$GW_DIR/gateway.log"
	(
		cd "$GW_DIR" || exit 1
		# fresh HOME/XDG, state and config; the token from its 0600 file, through the environment
		exec env -u OPENCLAW_GATEWAY_URL -u OPENCLAW_GATEWAY_PASSWORD NO_COLOR=1 FORCE_COLOR=0 \
			PATH="$GW_BIN:$PATH" HOME="$GW_DIR/home" XDG_CONFIG_HOME="$GW_DIR/home/.config" \
			XDG_STATE_HOME="$GW_DIR/home/.local/state" XDG_DATA_HOME="$GW_DIR/home/.local/share" \
			XDG_CACHE_HOME="$GW_DIR/home/.cache" OPENCLAW_STATE_DIR="$GW_DIR/state" \
			OPENCLAW_CONFIG_PATH="$GW_DIR/openclaw.json" OPENCLAW_GATEWAY_TOKEN="$(cat "$GW_DIR/token")" \
			openclaw gateway run --allow-unconfigured --bind loopback --auth token \
			--port "$GW_PORT" >"$GW_DIR/gateway.log" 2>&1 </dev/null
	) &
	GW_PID=$!
	echo "GW_PORT=$GW_PORT GW_PID=$GW_PID" >"$GW_DIR/env"
	t0=$(date +%s)
	# 2026.3.x never logs ready: its last start-up line is "listening on"
	case $GW_VERSION in 2026.3.*) ready='listening on' ;; *) ready='ready' ;; esac
	until grep -aqE "\\[gateway\\]([^a-z]*m)? +(.\\[[0-9]+m)?$ready" "$GW_DIR/gateway.log" 2>/dev/null && gw__tcp_ok "$GW_PORT"; do
		if ! kill -0 "$GW_PID" 2>/dev/null || [ $(( $(date +%s) - t0 )) -ge ${GW_START_SECS:-300} ]; then
			kill -0 "$GW_PID" 2>/dev/null && why="not ready after ${GW_START_SECS:-300} s" || why="exited during start-up"
			echo "FAIL gateway_start_$GW_VARIANT: gateway $why (log $GW_DIR/gateway.log); last lines: $(tail -5 "$GW_DIR/gateway.log" | tr '\n' ' ')"
			gw__stop_key "$GW_VARIANT"
			return 1
		fi
		sleep 0.2
	done
	echo "GW_PORT=$GW_PORT GW_PID=$GW_PID GW_READY_SECS=$(( $(date +%s) - t0 ))" >"$GW_DIR/env"
	gw__load "$GW_VARIANT"
}

gw_start() { # gw_start VARIANT CONFIG_JSON
	GW_VARIANT=$(gw__key "$1")
	if gw__load "$GW_VARIANT" && gw__alive; then
		return 0
	fi
	GW_DIR="$OC_TEST_RUN/gw-$GW_VARIANT"
	rm -rf "$GW_DIR"
	mkdir -p "$GW_DIR/home" "$GW_DIR/state" "$GW_DIR/cli-home" "$GW_DIR/cli-state"
	chmod 700 "$GW_DIR"
	GW_VERSION=$GW_RELEASE GW_BIN=$OC_GATEWAY_PATH
	echo "$GW_VERSION" >"$GW_DIR/version"
	echo "$GW_BIN" >"$GW_DIR/path"
	# The test's config, plus its own log file (the default /tmp/openclaw/ is shared by every
	# gateway on the host, and logs.tail would mix them).
	if ! gw__node -e 'const fs=require("fs");const c=JSON.parse(process.argv[1]||"{}");
		c.logging=Object.assign({file:process.argv[2]},c.logging);
		fs.writeFileSync(process.argv[3],JSON.stringify(c,null,2)+"\n")' \
		"${2:-}" "$GW_DIR/openclaw.log" "$GW_DIR/openclaw.json"; then
		echo "FAIL gateway_start_$GW_VARIANT: config is not JSON: $2"
		return 1
	fi
	( umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$GW_DIR/token" )
	GW_PORT=$(gw__free_port) || { echo "FAIL gateway_start_$GW_VARIANT: no free port"; return 1; }
	gw__launch
}

# The CLI runs with its own HOME and state dir (so it can never fall back to writing the
# gateway's state database directly) and finds the gateway through OPENCLAW_GATEWAY_URL
# and OPENCLAW_GATEWAY_TOKEN.  (`--url` on the command line would demand `--token` too.)
gw_cli() { # gw_cli ARGS... against the current gateway (last gw_start / gw_use)
	[ -n "${GW_DIR:-}" ] || { echo "gw_cli: no gateway started" >&2; return 1; }
	env NO_COLOR=1 FORCE_COLOR=0 PATH="$GW_BIN:$PATH" \
		HOME="$GW_DIR/cli-home" XDG_CONFIG_HOME="$GW_DIR/cli-home/.config" \
		XDG_STATE_HOME="$GW_DIR/cli-home/.local/state" XDG_CACHE_HOME="$GW_DIR/cli-home/.cache" \
		OPENCLAW_STATE_DIR="$GW_DIR/cli-state" OPENCLAW_CONFIG_PATH="$GW_DIR/openclaw.json" \
		OPENCLAW_GATEWAY_URL="$GW_URL" OPENCLAW_GATEWAY_TOKEN="$(cat "$GW_TOKEN_FILE")" \
		timeout 120 openclaw "$@"
}

gw_stop() { # gw_stop VARIANT
	gw__stop_key "$(gw__key "$1")"
}
gw__stop_key() {
	gw__load "$1" || return 0
	if gw__alive; then
		kids=$(gw__descendants "$GW_PID")
		kill -TERM "$GW_PID" 2>/dev/null
		i=0
		while kill -0 "$GW_PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -KILL "$GW_PID" 2>/dev/null
		for k in $kids; do kill -KILL "$k" 2>/dev/null; done
		wait "$GW_PID" 2>/dev/null
	fi
	rm -f "$GW_DIR/env"
}

gw_restart() { # gw_restart VARIANT: SIGKILL, then start again on the same port, token and state
	gw__load "$(gw__key "$1")" || { echo "FAIL gw_restart_$1: gateway $1 was not started"; return 1; }
	kids=$(gw__descendants "$GW_PID")
	kill -KILL "$GW_PID" 2>/dev/null
	for k in $kids; do kill -KILL "$k" 2>/dev/null; done
	i=0
	while kill -0 "$GW_PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	wait "$GW_PID" 2>/dev/null
	gw__launch
}

gw_stop_all() {
	for d in "$OC_TEST_RUN"/gw-*; do
		[ -d "$d" ] || continue
		gw__stop_key "${d##*/gw-}"
	done
}

# service ARGS...: run tests/lib/service.mjs against the current gateway with its token.
service() {
	PATH="$GW_BIN:$PATH" OC_GATEWAY_PATH="$GW_BIN" node tests/lib/service.mjs --url "$GW_URL" --token-file "$GW_TOKEN_FILE" "$@"
}

# gw_pair_console STATE_DIR: the console's first connect raises its pairing request and the
# gateway's own CLI approves it, as an operator on the gateway host would.  0, or 1 with
# what went wrong in GW_PAIR_ERR.
gw_pair_console() {
	GW_PAIR_ERR=$(./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$1" \
		status 2>&1 >/dev/null)
	gw__req=$(printf '%s\n' "$GW_PAIR_ERR" | sed -n 's/.*requestId=\([0-9a-f-]*\).*/\1/p' | head -1)
	[ -n "$gw__req" ] || return 1
	GW_PAIR_ERR="$GW_PAIR_ERR $(gw_cli devices approve "$gw__req" 2>&1)" || return 1
}

# service_key FILE: a new Ed25519 key pair in service.mjs's key file format (0600); prints
# the device id (SHA-256 of the raw public key, hex).
service_key() {
	gw__node -e '
const c = require("crypto"), fs = require("fs");
const { publicKey, privateKey } = c.generateKeyPairSync("ed25519");
const raw = publicKey.export({ type: "spki", format: "der" }).subarray(-32);
fs.writeFileSync(process.argv[1], JSON.stringify({ privatePem: privateKey.export({ type: "pkcs8", format: "pem" }),
	publicPem: publicKey.export({ type: "spki", format: "pem" }) }), { mode: 0o600 });
console.log(c.createHash("sha256").update(raw).digest("hex"));' "$1"
}
