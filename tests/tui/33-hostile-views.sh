#!/bin/sh
# Issue 9, the other views: hostile strings from the network are drawn harmlessly in the
# Pairing, Rejections and Trusted views (30-hostile.sh covers Connections).  The strings
# carry an OSC title set (ESC ]0;PWNED BEL), SGR red (ESC [31m), clear screen (ESC [2J),
# a C1 CSI (U+009B), a right-to-left override (U+202E), a lone surrogate (\ud800 in the
# JSON), a U+0000 (\u0000: it used to make every list that carried it unreadable) and a 30 kB tail (pre-auth frames stay under the gateway's 64 KiB limit).
#  - Pairing: a headless service raises a pending request (noauto gateway) with a hostile
#    display name, platform, device family, instance id and scope; the row, its details
#    and the approve confirmation (cancelled: nothing sent) show them defanged, and
#    `devices list --json` is valid JSON without control characters.
#  - Rejections: rejected handshakes whose display name, platform and Origin header
#    (Latin-1 C1 bytes: ESC cannot travel in a header) are hostile reach the gateway log;
#    the row and its explanation are drawn defanged, `rejections --json` is valid JSON
#    lines without controls or escape residue, a lone surrogate in a logged field does
#    not hide the row, and neither a display name nor an Origin header that reads like
#    the log line's own "origin=… ua=… code=… phase=…" fields is taken for those fields.
#  - Trusted: the network reaches this view through `t` on a request (the add form is
#    prefilled from the display name), through the agent's FLAGGED lines (a hostile
#    scope beyond a pinned entry's ceiling; audit.jsonl stays valid JSON), and a
#    hand-typed allowlist with a hostile note is drawn defanged, or refused with a clear,
#    defanged error.
# On every screen: the pane title is unchanged, no red SGR is attached to the hostile
# text, the header and tab bar survive, no escape residue, C1 or bidi override reached
# the terminal, and every line fits the pane.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
S="$TUI_HOME/state" C="$TUI_HOME/config"
F="$C/trusted-services.json"
W=200
OC_STATE_DIR=$S OC_CONFIG_DIR=$C	# for oc (tests/lib/common.sh)
SVC=$(cd tests/lib && pwd)/service.mjs
export SVC
# hostile_svc ARGS...: tests/lib/service.mjs with placeholders expanded in JavaScript (so
# the lone surrogate survives to JSON.stringify, which writes it as the escape \ud800):
#   @H:tag  tag + OSC title + SGR red + clear screen + C1 CSI + RLO + lone surrogate + U+0000 + "end"
#   @h:tag  the same without the lone surrogate        @TAIL  30 kB of "B"
#   @O:tag  an Origin header http://tag<U+009B>C1<U+0085>x.test (sent as Latin-1 bytes)
# Shown defanged, @H:tag reads "tagREDC1RTL" then U+FFFD and "end".
hostile_svc() {
	PATH="$OC_GATEWAY_PATH:$PATH" node --input-type=module -e '
		const E = "\x1b", tail = "B".repeat(30 * 1024);
		const h = (t, sur) => t + E + "]0;PWNED\x07" + E + "[31mRED" + E + "[2J" + "\u009b31mC1" +
			"\u202eRTL" + (sur ? "\ud800" : "") + "\u0000" + "end";
		for (let i = 2; i < process.argv.length; i++)
			process.argv[i] = process.argv[i]
				.replace(/@([Hh]):([A-Za-z0-9]+)/g, (_, k, t) => h(t, k === "H"))
				.replace(/@O:([A-Za-z0-9]+)/g, (_, t) => "http://" + t + "\u009bC1\u0085x.test")
				.replace(/@TAIL/g, tail);
		await import(process.env.SVC);' -- "$SVC" --url "$GW_URL" --token-file "$GW_TOKEN_FILE" "$@"
}
# service_key FILE: a service key pair for service.mjs --device FILE; prints its device id
# json_defanged FILE doc|lines MARKER: valid JSON (one document, or one per line), some
# object mentions MARKER, and no string anywhere holds a C0/C1 control, DEL, a bidi
# override or a surrogate (and no raw ESC byte in the file).
json_defanged() {
	python3 - "$@" <<'PY'
import json, sys
path, kind, marker = sys.argv[1:4]
raw = open(path, "rb").read()
try:
    text = raw.decode("utf-8")
    docs = [json.loads(text)] if kind == "doc" else [json.loads(l) for l in text.splitlines() if l.strip()]
except Exception as e:
    print("not valid JSON:", str(e)[:200], repr(raw[:200])); sys.exit(1)
if marker not in json.dumps(docs, ensure_ascii=False):
    print("no object mentions", marker); sys.exit(1)
bad = []
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items(): walk(k); walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
    elif isinstance(v, str):
        for ch in v:
            o = ord(ch)
            if o < 0x20 or 0x7f <= o <= 0x9f or 0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069 or 0xd800 <= o <= 0xdfff:
                bad.append(hex(o))
walk(docs)
if b"\x1b" in raw: bad.append("raw ESC")
if bad:
    print("control characters survive:", sorted(set(bad))[:10]); sys.exit(1)
PY
}
# screen_checks WHERE [TEXT...]: the screen as it is now shows the hostile strings
# harmlessly.  Each TEXT must appear verbatim in the capture with escapes (-e): no SGR
# change inside it, so an injected ESC [31m before "RED" cannot have taken effect.
screen_checks() {
	where=$1
	shift
	scr=$(tui_text)
	escr=$(tui_text -e)
	title=$(tt display -p -t t '#{pane_title}')
	if [ "$title" = "$title0" ] && ! printf '%s' "$title" | grep -q PWNED; then
		ok "hostile_views_${where}_pane_title_unchanged"
	else
		fail "hostile_views_${where}_pane_title_unchanged" "before=$title0 after=$title"
	fi
	miss=""
	for s in "$@"; do
		printf '%s' "$escr" | grep -qF -- "$s" || miss="$miss [$s]"
	done
	if [ -n "$miss" ]; then
		fail "hostile_views_${where}_no_red_sgr" "not drawn as one run:$miss; $(printf '%s' "$escr" | grep -E 'RED|C1' | cat -v | head -3)"
	elif printf '%s' "$escr" | grep -Eq '(\[|;)(31|41)(;[0-9;]*)?m(RED|C1|RTL)'; then
		fail "hostile_views_${where}_no_red_sgr" "$(printf '%s' "$escr" | grep -E 'RED|C1' | cat -v | head -3)"
	else
		ok "hostile_views_${where}_no_red_sgr"
	fi
	# Clear-screen did not run: the header and the tab bar are still there.
	if printf '%s\n' "$scr" | head -1 | grep -q 'openclaw-console' &&
	   printf '%s\n' "$scr" | grep -q '1 Connections .*2 Pairing .*3 Rejections .*4 Trusted'; then
		ok "hostile_views_${where}_screen_intact"
	else
		fail "hostile_views_${where}_screen_intact" "$scr"
	fi
	# Whole sequences are removed, not just their ESC byte.
	if printf '%s' "$scr" | grep -Eq 'PWNED|\]0;|\[31m|\[2J|31mC1'; then
		fail "hostile_views_${where}_no_escape_residue" "$(printf '%s' "$scr" | grep -E 'PWNED|\]0;|\[31m|\[2J|31mC1' | cat -v | head -3)"
	else
		ok "hostile_views_${where}_no_escape_residue"
	fi
	# No raw C1 (U+0080-U+009F) or bidi override (U+202A-U+202E, U+2066-U+2069) on screen.
	if printf '%s' "$escr" | LC_ALL=C grep -Eq "$(printf '\302[\200-\237]|\342\200[\252-\256]|\342\201[\246-\251]')"; then
		fail "hostile_views_${where}_no_c1_or_bidi" "$(printf '%s' "$escr" | LC_ALL=C grep -E "$(printf '\302[\200-\237]|\342\200[\252-\256]')" | cat -v | head -2)"
	else
		ok "hostile_views_${where}_no_c1_or_bidi"
	fi
	# Every line fits the pane (capture -J joins wrapped lines, so an overflow shows).
	wmax=$(printf '%s\n' "$scr" | python3 -c 'import sys, unicodedata
print(max([sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in l.rstrip("\n")) for l in sys.stdin] + [0]))')
	[ "$wmax" -le "$W" ] && ok "hostile_views_${where}_lines_fit_width" ||
		fail "hostile_views_${where}_lines_fit_width" "longest line $wmax > $W"
}
tui_gone() { # tui_gone REGEX [SECS]: wait until the screen no longer matches
	end=$(( $(date +%s) + ${2:-5} ))
	while tui_text | grep -Eq -- "$1"; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.1
	done
}
view() { tui_keys :; tui_keys -l "view $1"; tui_keys Enter; }

# The allowlist pins the key of a service that will ask for a hostile scope (section 3).
mkdir -p "$C" && chmod 700 "$C"
dev2=$(service_key "$TUI_HOME/k2.key")
write_allowlist() { # write_allowlist JSON_TEXT: the file as an operator would type it, 0600
	rm -f "$F.tmp"
	( umask 077; printf '%s\n' "$1" >"$F.tmp" ) && mv "$F.tmp" "$F"
}
pinned="{\"name\":\"hvpin$$\",\"deviceId\":\"$dev2\",\"scopes\":[\"operator.read\"],\"note\":\"hostile views test\"}"
write_allowlist "{\"version\":1,\"services\":[$pinned]}"

# The console itself is approved by a human first (as in 26-trusted-view.sh).
COLS=$W ROWS=45 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" --config-dir "$C"
if tui_wait 'openclaw devices approve [0-9a-f-]{8,}' 20 >/dev/null 2>&1; then
	req=$(tui_text | sed -n 's/.*openclaw devices approve \([0-9a-f-]*\).*/\1/p' | head -1)
	gw_cli devices approve "$req" >"$TUI_HOME/approve.out" 2>&1
fi
tui_wait 'connected' 20 >/dev/null 2>&1 || { fail hostile_views_console_connects "$(tui_text)"; exit 0; }
title0=$(tt display -p -t t '#{pane_title}')

# ===================================================================== 1. Pairing
hostile_svc --client-id cli --mode cli --device "$TUI_HOME/k1.key" --display-name "@H:evil$$@TAIL" \
	--platform "@H:plat$$" --device-family "@H:fam$$" --instance-id "@H:inst$$" \
	--scopes "operator.read,@H:scope$$" >"$TUI_HOME/s1" 2>&1
r1=$(jget "$TUI_HOME/s1" 'd["requestId"] if d.get("detailsCode")=="PAIRING_REQUIRED" else ""')
[ -n "$r1" ] && ok hostile_views_pairing_request_raised ||
	fail hostile_views_pairing_request_raised "$(head -c 600 "$TUI_HOME/s1")"
# Leave no hostile request pending for the tests that share this gateway.
cleanup_add "[ -n '$r1' ] && oc devices reject '$r1' >/dev/null 2>&1"
view pairing
tui_wait "evil$$" 10 >/dev/null 2>&1
tui_keys /; tui_keys -l "evil$$"; tui_keys Enter
if tui_wait "Pending requests \\(1\\)  filter: evil$$" 5 >/dev/null 2>&1 &&
   tui_text | grep -Eq "^$(printf %.8s "$r1")[0-9a-f-]* +cli/cli .*evil${$}RED.*operator.read,scope${$}REDC1RTL"; then
	ok hostile_views_pairing_row_shown_defanged
else
	fail hostile_views_pairing_row_shown_defanged "r1=$r1 $(tui_text)"
fi
screen_checks pairing_table "evil${$}RED" "scope${$}REDC1RTL"

tui_keys Enter
if tui_wait 'device family' 5 >/dev/null 2>&1 && tui_text | grep -q "name  *evil${$}REDC1RTL.endBBBB" &&
   tui_text | grep -q "platform  *plat${$}REDC1RTL.end" && tui_text | grep -q "device family  *fam${$}REDC1RTL.end" &&
   tui_text | grep -q "scopes  *operator.read,scope${$}REDC1RTL.end"; then
	ok hostile_views_pairing_details_defanged
else
	fail hostile_views_pairing_details_defanged "$(tui_text)"
fi
screen_checks pairing_details "evil${$}REDC1RTL" "plat${$}REDC1RTL" "fam${$}REDC1RTL" "scope${$}REDC1RTL"

tui_keys a
if tui_wait 'Approve pairing request' 5 >/dev/null 2>&1 && tui_text | grep -q "name  *evil${$}REDC1RTL.endBBBB" &&
   tui_text | grep -q "platform  *plat${$}REDC1RTL.end" &&
   tui_text | grep -q "grants scopes  *operator.read,scope${$}REDC1RTL.end"; then
	ok hostile_views_pairing_confirm_defanged
else
	fail hostile_views_pairing_confirm_defanged "$(tui_text)"
fi
screen_checks pairing_confirm "evil${$}REDC1RTL" "plat${$}REDC1RTL" "scope${$}REDC1RTL"
tui_keys n
oc devices list --json >"$TUI_HOME/devices.json" 2>"$TUI_HOME/devices.err"
rc=$?
if tui_wait 'cancelled: nothing sent' 5 >/dev/null 2>&1 &&
   [ "$(jget "$TUI_HOME/devices.json" "[p['requestId'] for p in d['pending'] if p['requestId']=='$r1'] == ['$r1']")" = True ]; then
	ok hostile_views_pairing_cancel_sends_nothing
else
	fail hostile_views_pairing_cancel_sends_nothing "rc=$rc $(head -c 300 "$TUI_HOME/devices.err") $(tui_text | tail -3)"
fi
out=$(json_defanged "$TUI_HOME/devices.json" doc "evil$$") && ok hostile_views_devices_json_defanged ||
	fail hostile_views_devices_json_defanged "rc=$rc $out"
tui_keys Escape	# the details
tui_gone 'device family'
tui_keys Escape	# the filter
tui_gone 'filter: evil'

# ===================================================================== 2. Rejections
view rejections
tui_wait 'CAUSE: REASON' 5 >/dev/null 2>&1 && ok hostile_views_rej_view_opens || fail hostile_views_rej_view_opens "$(tui_text)"
# r1: a hostile Origin (C1 bytes), display name, platform and instance id; the marker in
# the Origin finds the row.  r2: a lone surrogate in the display name and platform.
# r3: a wrong token (an "unauthorized" record whose text carries client=<display name>)
# with a display name that reads like the record's own origin= and ua= fields; the client
# sent no Origin header.  r4: a plain marker, logged last: once the view shows it, it has
# read the ones before.
hostile_svc --client-id openclaw-tui --mode ui --device none --origin "@O:orig$$" --display-name "@h:rjname$$@TAIL" \
	--platform "@h:rjplat$$" --instance-id "@h:rjinst$$" >"$TUI_HOME/r1" 2>&1
hostile_svc --client-id openclaw-tui --mode ui --device none --origin "http://sur$$" \
	--display-name "@H:rjsur$$" --platform "@H:rjsplat$$" >"$TUI_HOME/r2" 2>&1
hostile_svc --client-id cli --mode cli --device none --wrong-token \
	--display-name "spoofer origin=spoof$$@h:x ua=fakeUA" >"$TUI_HOME/r3" 2>&1
# r5: an Origin header that imitates the fields the gateway writes after it.
service --client-id openclaw-tui --mode ui --device none \
	--origin "http://fld$$ host=evilhost ua=spoofedUA code=1000 reason=all-fine phase=ready" >"$TUI_HOME/r5" 2>&1
service --client-id openclaw-tui --mode ui --device none --origin "http://aft$$" >"$TUI_HOME/r4" 2>&1
if grep -q '"outcome":"rejected"' "$TUI_HOME/r1" && grep -q '"outcome":"rejected"' "$TUI_HOME/r2" &&
   grep -q 'AUTH_TOKEN_MISMATCH' "$TUI_HOME/r3" && grep -q '"outcome":"rejected"' "$TUI_HOME/r4" &&
   grep -q '"outcome":"rejected"' "$TUI_HOME/r5" &&
   WAIT_SECS=8 wait_for grep -q "http://aft$$" "$GW_DIR/openclaw.log"; then
	ok hostile_views_rej_handshakes_logged
else
	fail hostile_views_rej_handshakes_logged "$(head -c 200 "$TUI_HOME/r1") $(head -c 200 "$TUI_HOME/r2") $(head -c 200 "$TUI_HOME/r3")"
fi
if tui_wait "http://orig$$" 10 >/dev/null 2>&1; then
	ok hostile_views_rej_row_shown
else
	fail hostile_views_rej_row_shown "$(tui_text)"
fi
tui_wait "http://aft$$" 10 >/dev/null 2>&1 && ok hostile_views_rej_marker_row_shown ||
	fail hostile_views_rej_marker_row_shown "$(tui_text)"
# A lone surrogate anywhere in the record must not hide the rejection.
tui_text | grep -q "http://sur$$" && ok hostile_views_rej_surrogate_row_shown ||
	fail hostile_views_rej_surrogate_row_shown "the rejection from http://sur$$ (display name with a lone surrogate) is in the gateway log but not in the view"
# A display name is not a field of the record: r3 sent no Origin, so none is shown.
tui_text | grep -q "spoof$$" && fail hostile_views_rej_display_name_not_taken_as_origin \
	"$(tui_text | grep "spoof$$" | cut -c1-160)" || ok hostile_views_rej_display_name_not_taken_as_origin
# A header value is not a field either: r5's row keeps the gateway's close code and phase.
tui_text | grep "http://fld$$" | grep -q ' 1008 .*ws_upgrade_started ' && ok hostile_views_rej_origin_not_taken_as_fields ||
	fail hostile_views_rej_origin_not_taken_as_fields "$(tui_text | grep "http://fld$$" | cut -c1-160)"
screen_checks rej_table "http://orig$$"
tui_keys /; tui_keys -l "orig$$"; tui_keys Enter
tui_wait '^1 row' 5 >/dev/null 2>&1
tui_keys g Enter
if tui_wait 'likely sent' 5 >/dev/null 2>&1 && tui_text | grep -q "origin  *http://orig$$" &&
   tui_text | grep -q "likely sent .*origin http://orig$$"; then
	ok hostile_views_rej_explanation_defanged
else
	fail hostile_views_rej_explanation_defanged "$(tui_text)"
fi
screen_checks rej_explanation "http://orig$$"
tui_keys Escape
tui_gone 'likely sent'
tui_keys Escape
oc rejections --json >"$TUI_HOME/rej.json" 2>"$TUI_HOME/rej.err"
rc=$?
out=$(json_defanged "$TUI_HOME/rej.json" lines "orig$$") && [ $rc -eq 0 ] && ok hostile_views_rej_json_defanged ||
	fail hostile_views_rej_json_defanged "rc=$rc $out $(head -c 300 "$TUI_HOME/rej.err")"
# What the view does not draw still reaches --json: the display name, without escape residue.
out=$(python3 - "$TUI_HOME/rej.json" "$$" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
mine = [r for r in rows if "orig" + sys.argv[2] in (r.get("origin") or "")]
names = [r.get("displayName") or "" for r in mine]
want = "rjname" + sys.argv[2] + "REDC1RTLend"
if not any(n.startswith(want) for n in names):
    print("displayName of the hostile rejection:", [n[:60] for n in names], "expected it to start with", want); sys.exit(1)
PY
) && ok hostile_views_rej_json_display_name_clean || fail hostile_views_rej_json_display_name_clean "$out"
out=$(python3 - "$TUI_HOME/rej.json" "$$" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
if not any("http://sur" + sys.argv[2] in (r.get("origin") or "") for r in rows):
    print("rejections --json lacks the handshake whose display name holds a lone surrogate"); sys.exit(1)
PY
) && ok hostile_views_rej_json_surrogate_row || fail hostile_views_rej_json_surrogate_row "$out"
out=$(python3 - "$TUI_HOME/rej.json" "$$" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
mine = [r for r in rows if "spoof" + sys.argv[2] in json.dumps(r)]
if not mine:
    print("rejections --json lacks the wrong-token handshake of the spoofing display name"); sys.exit(1)
bad = [(r.get("origin"), r.get("userAgent")) for r in mine if r.get("origin") or r.get("userAgent")]
if bad:
    print("origin/userAgent taken from the display name (the client sent neither):", str(bad)[:300]); sys.exit(1)
PY
) && ok hostile_views_rej_json_no_spoofed_origin || fail hostile_views_rej_json_no_spoofed_origin "$out"
out=$(python3 - "$TUI_HOME/rej.json" "$$" "$GW_PORT" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
mine = [r for r in rows if (r.get("origin") or "").startswith("http://fld" + sys.argv[2])]
if not mine:
    print("rejections --json lacks the handshake with the imitating Origin"); sys.exit(1)
want = {"closeCode": 1008, "phase": "ws_upgrade_started", "host": "127.0.0.1:" + sys.argv[3], "userAgent": None}
bad = {k: mine[0].get(k) for k in want if mine[0].get(k) != want[k]}
if bad:
    print("fields taken from the Origin header value:", str(bad)[:300], "expected", want); sys.exit(1)
PY
) && ok hostile_views_rej_json_origin_not_taken_as_fields || fail hostile_views_rej_json_origin_not_taken_as_fields "$out"

# ===================================================================== 3. Trusted
# a. `t` on the hostile request: the add form's name comes from the display name.
view pairing
tui_keys /; tui_keys -l "evil$$"; tui_keys Enter
tui_wait "Pending requests \\(1\\)  filter: evil$$" 5 >/dev/null 2>&1
tui_keys t
if tui_wait 'add 1/5' 5 >/dev/null 2>&1 && tui_text | grep -q "evil${$}REDC1RTL-endBBBB"; then
	ok hostile_views_trusted_prefill_defanged
else
	fail hostile_views_trusted_prefill_defanged "$(tui_text)"
fi
screen_checks trusted_prefill "evil${$}REDC1RTL"
tui_keys Escape
tui_wait 'cancelled' 5 >/dev/null 2>&1
grep -q "evil$$" "$F" && fail hostile_views_trusted_prefill_saves_nothing "$(cat "$F")" ||
	ok hostile_views_trusted_prefill_saves_nothing

# b. The agent flags the pinned service asking for a hostile scope beyond its ceiling.
hostile_svc --client-id cli --mode cli --device "$TUI_HOME/k2.key" --display-name "@H:tname$$" \
	--scopes "operator.read,@H:tscope$$@TAIL" >"$TUI_HOME/s2" 2>&1
r2=$(jget "$TUI_HOME/s2" 'd.get("requestId") or ""')
cleanup_add "[ -n '$r2' ] && oc devices reject '$r2' >/dev/null 2>&1"
if tui_wait "FLAGGED .*entry hvpin$$: asks for tscope${$}REDC1RTL.endBBBB" 10 >/dev/null 2>&1; then
	ok hostile_views_trusted_flag_defanged
else
	fail hostile_views_trusted_flag_defanged "$(head -c 300 "$TUI_HOME/s2") $(tui_text)"
fi
screen_checks trusted_flag "tscope${$}REDC1RTL"
out=$(json_defanged "$S/audit.jsonl" lines "tscope$$") && ok hostile_views_trusted_audit_json_defanged ||
	fail hostile_views_trusted_audit_json_defanged "$out"

# c. A hand-typed allowlist entry with a hostile note and display name (JSON escapes).
hn='\u001b]0;PWNED\u0007\u001b[31mRED\u001b[2J\u009b31mC1\u202eRTLend'
write_allowlist "{\"version\":1,\"services\":[$pinned,{\"name\":\"hvnote$$\",\"clientId\":\"cli\",\"mode\":\"cli\",\"displayName\":\"dn$hn\",\"scopes\":[\"operator.read\"],\"note\":\"note$$$hn\"}]}"
tui_keys r
shown="note${$}REDC1RTL"
if tui_wait "hvnote$$ .*UNPINNED.*note${$}REDC1RTLend" 5 >/dev/null 2>&1; then
	ok hostile_views_trusted_note_defanged
elif tui_text | grep -q "trusted-services.json.*\(control\|invalid\)"; then
	ok hostile_views_trusted_note_defanged	# refused with a clear error: also harmless
	shown=
else
	fail hostile_views_trusted_note_defanged "$(tui_text)"
fi
screen_checks trusted_note $shown

# d. A note the loader must refuse (raw ESC and RLO bytes, a lone surrogate escape, 30 kB):
# a clear error, drawn defanged, and the agent stops.
python3 - "$F.tmp" "$$" "$dev2" <<'PY'
import os, sys
path, pid, dev = sys.argv[1:4]
note = "bad" + pid + "\x1b]0;PWNED\x07\x1b[31mRED\x1b[2J\u202eRTL\\ud800" + "B" * 30000
doc = '{"version":1,"services":[{"name":"hvbad%s","deviceId":"%s","scopes":["operator.read"],"note":"%s"}]}\n' % (pid, dev, note)
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, doc.encode("utf-8")); os.close(fd)
PY
mv "$F.tmp" "$F"
tui_keys r
if tui_wait 'STOPPED: the allowlist is invalid' 5 >/dev/null 2>&1 && tui_text | grep -q 'trusted-services.json'; then
	ok hostile_views_trusted_bad_file_refused_clearly
else
	fail hostile_views_trusted_bad_file_refused_clearly "$(tui_text)"
fi
screen_checks trusted_bad_file

# The console survived it all and still quits cleanly.
tui_keys q
i=0; while { ! tui_dead || [ -z "$(tui_status)" ]; } && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
tui_dead && [ "$(tui_status)" = 0 ] && ok hostile_views_quit_exit_0 || fail hostile_views_quit_exit_0 "status=$(tui_status) $(tui_text)"
