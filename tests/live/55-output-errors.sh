#!/bin/sh
# Issue 13 item 6: no command reports success for output it could not write.  Every
# one-shot command, against the real gateway (autoApproveLocal=false):
#  - stdout on a full device (/dev/full): exit 1 and one line on stderr that says so;
#  - stdout a pipe whose reader has already gone (`| head -c0`, made deterministic: the
#    read end is closed before the command starts): exit 141, nothing on stderr, and no
#    death by SIGPIPE, the same for every command.
. tests/lib/common.sh
. tests/lib/gw.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-output.XXXXXX")
cleanup_add "rm -rf '$T'"
gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
S="$T/state" C="$T/config"
gw_pair_console "$S" || { fail output_console_paired "$GW_PAIR_ERR"; exit 1; }
set -- --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" --config-dir "$C"
G="$*"	# the global options (no spaces in them: mktemp paths)

# closed_pipe CMD...: run CMD with stdout a pipe nobody reads any more (SIGPIPE at its
# default, as under a shell); prints the exit status, -13 for death by SIGPIPE.
closed_pipe() {
	python3 -c '
import os, subprocess, sys
r, w = os.pipe(); os.close(r)
print(subprocess.call(sys.argv[1:], stdout=w, stderr=open(os.environ["ERR"], "w")))' "$@"
}
bad=""
check() { # check NAME ARGS...: one command into /dev/full, then into a closed pipe
	name=$1; shift
	# shellcheck disable=SC2086
	$OC $G "$@" >/dev/full 2>"$T/full.err"
	rc=$?
	if [ $rc -ne 1 ] || [ "$(grep -c . "$T/full.err")" -ne 1 ] ||
		! grep -q '^openclaw-console: cannot write standard output: No space left on device$' "$T/full.err"; then
		bad="$bad [$name >/dev/full: rc=$rc $(head -c 200 "$T/full.err")]"
	fi
	# shellcheck disable=SC2086
	rc=$(ERR="$T/pipe.err" closed_pipe $OC $G "$@")
	if [ "$rc" != 141 ] || [ -s "$T/pipe.err" ]; then
		bad="$bad [$name | closed: rc=$rc $(head -c 200 "$T/pipe.err")]"
	fi
}

# something for rejections to list, devices to act on, and trusted to show
service --client-id openclaw-tui --mode ui --auth token --device none >/dev/null 2>&1
WAIT_SECS=10 wait_for sh -c "$OC $G --json rejections | grep -q openclaw-tui"
svc() { service --client-id cli --mode cli --scopes operator.read --device "$T/$1.key" >"$T/$1.out" 2>&1; jget "$T/$1.out" 'd["requestId"]'; }
for i in 1 2 3 4 5 6 7 8; do eval "req$i=\$(svc s$i)"; done
$OC $G trusted add --name out-a --client-id cli --scopes operator.read >/dev/null 2>&1
$OC $G trusted add --name out-b --client-id cli --scopes operator.read >/dev/null 2>&1

check help --help
check version --version
check list_keys list-keys
check identity identity
check identity_json --json identity
check status status
check status_json --json status
check connections connections
check connections_json --json connections --all
check devices_list devices list
check devices_list_json --json devices list
check devices_help devices help
check explain explain --client-id openclaw-tui --mode ui --auth token --device none
check explain_json --json explain --client-id cli --mode cli
check rejections rejections
check rejections_json --json rejections
check trusted_list trusted list
check trusted_list_json --json trusted list
check trusted_policy trusted policy
check trusted_policy_json --json trusted policy
check trusted_help trusted help
# the commands that change something get a fresh target for each of the two runs
onecheck() { # onecheck NAME SINK ARGS...
	name=$1 sink=$2; shift 2
	if [ "$sink" = full ]; then
		# shellcheck disable=SC2086
		$OC $G "$@" >/dev/full 2>"$T/full.err"; rc=$?
		[ $rc -eq 1 ] && [ "$(grep -c . "$T/full.err")" -eq 1 ] && grep -q 'cannot write standard output' "$T/full.err" ||
			bad="$bad [$name >/dev/full: rc=$rc $(head -c 200 "$T/full.err")]"
	else
		# shellcheck disable=SC2086
		rc=$(ERR="$T/pipe.err" closed_pipe $OC $G "$@")
		[ "$rc" = 141 ] && [ ! -s "$T/pipe.err" ] || bad="$bad [$name | closed: rc=$rc $(head -c 200 "$T/pipe.err")]"
	fi
}
onecheck approve full devices approve "$req1"
onecheck approve pipe devices approve "$req2"
onecheck approve_json full --json devices approve "$req3"
onecheck reject pipe devices reject "$req4"
onecheck reject full devices reject "$req5"
onecheck reject_json pipe --json devices reject "$req6"
dev1=$(jget "$T/s1.out" 'd["deviceId"]') dev2=$(jget "$T/s2.out" 'd["deviceId"]') dev3=$(jget "$T/s3.out" 'd["deviceId"]')
onecheck revoke full devices revoke "$dev1"
onecheck revoke pipe devices revoke "$dev2"
onecheck remove full devices remove "$dev1"
onecheck remove pipe devices remove "$dev2"
onecheck remove_json full --json devices remove "$dev3"
onecheck trusted_add full trusted add --name out-c --client-id cli --scopes operator.read
onecheck trusted_add pipe trusted add --name out-d --client-id cli --scopes operator.read
onecheck trusted_remove full trusted remove out-a
onecheck trusted_remove pipe trusted remove out-b
# the writes happened even though their confirmations could not be printed
$OC $G --json devices list >"$T/list" 2>/dev/null
[ "$(jget "$T/list" "not any(p['requestId'] in ('$req1','$req2','$req3','$req4','$req5','$req6') for p in d['pending'])")" = True ] ||
	bad="$bad [devices: requests still pending: $(head -c 300 "$T/list")]"

[ -z "$bad" ] && ok output_every_command_full_disk_exit_1_closed_pipe_exit_141 ||
	fail output_every_command_full_disk_exit_1_closed_pipe_exit_141 "$bad"
for r in $req7 $req8; do $OC $G devices reject "$r" >/dev/null 2>&1; done
exit 0
