#!/bin/sh
# Issue 13 item 5: files and directories another user controls are refused, not obeyed.
#  - a config file that is a link to another user's 0666 file: its url is not used (a
#    listener standing in for "another port" never sees a connection), one line, exit 2;
#  - state and config dirs that group/other can write, or that another user owns: one
#    line naming the fix (chmod 700 / chown), non-zero exit, nothing written into them;
#  - a new state dir is created 0700.
# No gateway: every case is refused before the console connects anywhere.
. tests/lib/common.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-files.XXXXXX")
cleanup_add "rm -rf '$T'"
( umask 077; echo files-test-token-0123456789 >"$T/token" )
OC_URL= OC_TOKEN_FILE="$T/token"	# for oc (tests/lib/common.sh)
one_line() { [ "$(grep -c . "$1")" -eq 1 ] && grep -q '^openclaw-console: ' "$1"; }

# A listener that records every connection (the "other port" the token would go to).
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept(); open(sys.argv[1], "a").write("connection\n"); c.close()' "$T/seen" >"$T/port" &
lp=$!
cleanup_add "kill $lp 2>/dev/null"
WAIT_SECS=10 wait_for test -s "$T/port" || { fail files_listener_starts "no port"; exit 0; }
port=$(cat "$T/port")

# 1. config: a link to a 0666 file owned by another user
mkdir -m 700 "$T/cfg" "$T/state"
echo "url = ws://127.0.0.1:$port/" >"$T/elsewhere"
chmod 666 "$T/elsewhere"
[ "$(id -u)" = 0 ] && chown 65534:65534 "$T/elsewhere"
ln -s "$T/elsewhere" "$T/cfg/config"
timeout 30 ./openclaw-console --token-file "$T/token" --state-dir "$T/state" --config-dir "$T/cfg" \
	status >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && one_line "$T/err" && grep -q "a link to $T/elsewhere" "$T/err" &&
	grep -Eq 'chown|chmod go-w' "$T/err" && [ ! -s "$T/seen" ]; then
	ok files_foreign_config_link_refused
else
	fail files_foreign_config_link_refused "rc=$rc seen=$(cat "$T/seen" 2>/dev/null) $(cat "$T/err")"
fi
# the same file, ours and 0644: obeyed (the listener is where the url points)
chown "$(id -u):$(id -g)" "$T/elsewhere"; chmod 644 "$T/elsewhere"
timeout 30 ./openclaw-console --token-file "$T/token" --state-dir "$T/state" --config-dir "$T/cfg" \
	--timeout 2 status >/dev/null 2>&1
[ -s "$T/seen" ] && ok files_own_config_link_obeyed || fail files_own_config_link_obeyed "no connection to $port"
rm -f "$T/cfg/config"

# 2. a state dir that anyone can write
mkdir "$T/open-state"; chmod 777 "$T/open-state"
oc --state-dir "$T/open-state" --config-dir "$T/cfg" identity >"$T/out" 2>"$T/err"
rc=$?
[ $rc -ne 0 ] && one_line "$T/err" && grep -q "chmod 700 $T/open-state" "$T/err" &&
	[ -z "$(ls -A "$T/open-state")" ] && ok "files_state_dir_0777_refused_rc$rc" ||
	fail files_state_dir_0777_refused "rc=$rc $(cat "$T/err") $(ls -A "$T/open-state")"

# 3. a config dir group can write
mkdir "$T/open-cfg"; chmod 770 "$T/open-cfg"
oc --state-dir "$T/state" --config-dir "$T/open-cfg" trusted list >"$T/out" 2>"$T/err"
rc=$?
[ $rc -ne 0 ] && one_line "$T/err" && grep -q "chmod 700 $T/open-cfg" "$T/err" &&
	ok "files_config_dir_0770_refused_rc$rc" || fail files_config_dir_0770_refused "rc=$rc $(cat "$T/err")"

# 4. dirs owned by another user (root can make them)
if [ "$(id -u)" = 0 ]; then
	mkdir -m 700 "$T/their-state" "$T/their-cfg"
	chown 65534:65534 "$T/their-state" "$T/their-cfg"
	oc --state-dir "$T/their-state" --config-dir "$T/cfg" identity >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -ne 0 ] && one_line "$T/err" && grep -q "owned by uid 65534" "$T/err" &&
		grep -q "chown 0 $T/their-state" "$T/err" && [ -z "$(ls -A "$T/their-state")" ] &&
		ok "files_foreign_state_dir_refused_rc$rc" || fail files_foreign_state_dir_refused "rc=$rc $(cat "$T/err")"
	oc --state-dir "$T/state" --config-dir "$T/their-cfg" trusted list >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -ne 0 ] && one_line "$T/err" && grep -q "owned by uid 65534" "$T/err" &&
		ok "files_foreign_config_dir_refused_rc$rc" || fail files_foreign_config_dir_refused "rc=$rc $(cat "$T/err")"
else
	echo "# not root: the foreign-owner cases need chown" >&2
fi

# 5. a new state dir (and its missing parents) is created 0700
oc --state-dir "$T/new/a/state" --config-dir "$T/cfg" identity >"$T/out" 2>"$T/err"
rc=$?
m1=$(stat -c %a "$T/new/a/state" 2>/dev/null) m2=$(stat -c %a "$T/new/a" 2>/dev/null)
[ $rc -eq 0 ] && [ "$m1" = 700 ] && [ "$m2" = 700 ] && ok files_new_state_dir_0700 ||
	fail files_new_state_dir_0700 "rc=$rc state=$m1 parent=$m2 $(cat "$T/err")"
