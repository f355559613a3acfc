# Shared helpers for the shell tests: the runner counts "ok NAME" and "FAIL NAME: why" lines.
ok() { echo "ok $1"; }
fail() { n=$1; shift; echo "FAIL $n: $*" | tr '\n' ' '; echo; }

# A free TCP port on 127.0.0.1.
free_port() {
	PATH="${OC_GATEWAY_PATH:+$OC_GATEWAY_PATH:}$PATH" node -e \
		'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null ||
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_for CMD... : retry a command every 0.2 s for up to $WAIT_SECS (default 15) seconds.
wait_for() {
	end=$(( $(date +%s) + ${WAIT_SECS:-15} ))
	until "$@"; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.2
	done
}

# Cleanup actions run once at exit, in reverse order.  Tests call cleanup_add instead of
# setting their own EXIT trap, so the harness's own cleanup (stopping gateways) still runs.
OC_CLEANUP=""
cleanup_add() { OC_CLEANUP="$*; $OC_CLEANUP"; }
oc_cleanup_run() { eval "$OC_CLEANUP"; OC_CLEANUP=""; }
trap 'oc_cleanup_run' EXIT
trap 'exit 130' INT TERM
