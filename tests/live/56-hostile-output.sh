#!/bin/sh
# Issue 13 item 6: every string a one-shot command prints goes through the sanitiser.
# Hostile strings carry an OSC title set (ESC ]0;PWNED BEL), SGR red, clear screen, a C1
# CSI (U+009B), a right-to-left override (U+202E), a bidi isolate (U+2066), and bare C0
# controls (SOH, BS, VT).  They come from an allowlist entry written by hand (client id,
# mode, display name, note, an unknown scope), from the command line (trusted add,
# trusted remove, explain, devices approve), and from the gateway (a pending request's
# display name and platform, real gateway, autoApproveLocal=false).  stdout and stderr
# of every command must hold valid UTF-8 with no ESC, C0 other than newline, DEL, C1 or
# bidi control, and still show the defanged text.
. tests/lib/common.sh
. tests/lib/gw.sh

OC=./openclaw-console
T=$(mktemp -d "${TMPDIR:-/tmp}/oc-hostout.XXXXXX")
cleanup_add "rm -rf '$T'"
gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
S="$T/state" C="$T/config"
mkdir -m 700 "$C"
OC_STATE_DIR=$S OC_CONFIG_DIR=$C	# for oc (tests/lib/common.sh)
gw_pair_console "$S" || { fail hostout_console_paired "$GW_PAIR_ERR"; exit 1; }
# h TAG: TAG and every kind of hostile sequence, ending in "end"; defanged: TAG RED C1 RTL ISO end
h() { printf '%s\033]0;PWNED\007\033[31mRED\033[2J\302\23331mC1\342\200\256RTL\342\201\246ISO\001\010\013end' "$1"; }
# hs TAG: a shorter one for fields with a small limit; defanged: TAG R C L E
hs() { printf '%s\033[31mR\302\233mC\342\200\256L\001E' "$1"; }
# clean NAME FILE MARKER...: FILE is defanged and shows every MARKER
bad=""
clean() {
	name=$1 f=$2; shift 2
	why=$(python3 - "$f" "$@" <<'PY'
import re, sys
b = open(sys.argv[1], "rb").read()
try:
    t = b.decode("utf-8")
except UnicodeDecodeError as e:
    print("invalid UTF-8:", e); sys.exit(1)
m = re.search("[\x00-\x09\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\ufeff]", t)
if m:
    print("control %r at %d: %r" % (m.group(), m.start(), t[max(0, m.start() - 30):m.start() + 10])); sys.exit(1)
for k in sys.argv[2:]:
    if k not in t:
        print("missing %r in %r" % (k, t[:400])); sys.exit(1)
PY
) || bad="$bad [$name: $why]"
}

# 1. an allowlist written by hand (the console's own file, 0600), with hostile strings
python3 - "$C/trusted-services.json" "$(h cid)" "$(hs mode)" "$(h disp)" "$(h note)" <<'PY'
import json, os, sys
p, cid, mode, disp, note = sys.argv[1:]
doc = {"version": 1, "services": [
    {"name": "hostile", "clientId": cid, "mode": mode, "displayName": disp, "note": note,
     "scopes": ["operator.read"]}]}
fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, json.dumps(doc).encode()); os.close(fd)
PY
oc trusted list >"$T/tl.out" 2>"$T/tl.err"
rc=$?
[ $rc -eq 0 ] || bad="$bad [trusted list rc=$rc $(cat "$T/tl.err")]"
clean trusted_list "$T/tl.out" "cidREDC1RTLISOend" "modeRCLE" "noteREDC1RTLISOend"
oc --json trusted list >"$T/tlj.out" 2>"$T/tl.err"
clean trusted_list_json "$T/tlj.out" '\u001B'
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["services"][0]["clientId"] == sys.argv[2] else 1)' "$T/tlj.out" "$(h cid)" ||
	bad="$bad [trusted list --json does not round-trip the client id]"

# 2. the command line: trusted add / remove, explain
oc trusted add --name cli-h --client-id "$(h add)" --mode "$(hs m)" --scopes operator.read >"$T/ta.out" 2>"$T/ta.err"
clean trusted_add "$T/ta.out" "addREDC1RTLISOend" "mRCLE"
clean trusted_add_err "$T/ta.err"
oc trusted remove "$(h gone)" >"$T/tr.out" 2>"$T/tr.err"
clean trusted_remove_err "$T/tr.err" "goneREDC1RTLISOend"
oc explain --client-id "$(hs ex)" --mode "$(hs md)" >"$T/ex.out" 2>"$T/ex.err"
clean explain "$T/ex.out" "exRCLE/md"
oc devices approve "$(h req)" >"$T/da.out" 2>"$T/da.err"
clean devices_approve_bad_id_err "$T/da.err"
clean devices_approve_bad_id_out "$T/da.out"

# 3. an allowlist entry with a hostile unknown scope: the error is defanged
python3 - "$T/bad-cfg" "$(h scope)" <<'PY'
import json, os, sys
os.makedirs(sys.argv[1], mode=0o700, exist_ok=True)
p = os.path.join(sys.argv[1], "trusted-services.json")
fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, json.dumps({"version": 1, "services": [{"name": "s", "clientId": "x", "scopes": [sys.argv[2]]}]}).encode())
os.close(fd)
PY
$OC --config-dir "$T/bad-cfg" --state-dir "$S" trusted list >"$T/bs.out" 2>"$T/bs.err"
rc=$?
[ $rc -ne 0 ] || bad="$bad [hostile scope accepted]"
clean trusted_bad_scope_err "$T/bs.err" "not a scope name"

# 4. from the gateway: a pending request with a hostile display name and platform
service --client-id cli --mode cli --device "$T/k.key" --scopes operator.read \
	--display-name "$(h gwname)" --platform "$(h plat)" >"$T/svc" 2>&1
req=$(jget "$T/svc" 'd["requestId"]')
[ -n "$req" ] || bad="$bad [no pending request: $(head -c 300 "$T/svc")]"
oc devices list >"$T/dl.out" 2>"$T/dl.err"
clean devices_list "$T/dl.out" "gwnameREDC1RTLISOend"
oc --json devices list >"$T/dlj.out" 2>"$T/dl.err"
clean devices_list_json "$T/dlj.out" "$req"
oc devices approve "$req" >"$T/ap.out" 2>"$T/ap.err"
clean devices_approve "$T/ap.out" "approved $req" "gwnameREDC1RTLISOend"
clean devices_approve_err "$T/ap.err"

[ -z "$bad" ] && ok hostout_every_printed_string_sanitised || fail hostout_every_printed_string_sanitised "$bad"
exit 0
