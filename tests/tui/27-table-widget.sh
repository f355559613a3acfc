#!/bin/sh
# Issue 14: every list is drawn by one table widget.  Columns adapt to 80x24, 120x35 and
# 250x60 (low-priority columns drop first, spare width goes to the columns that need
# it); the request id, the name and an operator.admin scope of a pending request stay
# visible at 80 and 120 columns; the filter is case-insensitive and `s` / `:sort NAME`
# sort the same way in Connections, Pairing, Rejections and Trusted; Enter opens the
# details of a Trusted entry.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-tablew.XXXXXX")
cleanup_add "rm -rf '$T'"
gw_start tablew '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
cleanup_add "gw_stop tablew"
S="$T/console" C="$T/config"
oc() { ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" --config-dir "$C" "$@"; }
jget() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null; }
scr() { tui_text; }
view() { tui_keys Escape Escape; tui_keys :; tui_keys -l "view $1"; tui_keys Enter; }
line_of() { tui_text | grep -E -- "$1" | head -1; }

gw_pair_console "$S" || { fail tablew_console_paired "$GW_PAIR_ERR"; exit 0; }
# two pending requests: one asks for operator.admin among many scopes
service --client-id cli --mode cli --device "$T/a.key" --display-name alpha-svc \
	--scopes operator.read,operator.write,operator.pairing,operator.approvals,operator.admin >/dev/null 2>&1
service --client-id cli --mode cli --device "$T/b.key" --display-name beta-svc --scopes operator.read >/dev/null 2>&1
oc devices list --json >"$T/list" 2>/dev/null
req=$(jget "$T/list" "[p['requestId'] for p in d['pending'] if p.get('displayName')=='alpha-svc'][0]")
[ -n "$req" ] || { fail tablew_pending_requests "$(cat "$T/list")"; exit 0; }
# two rejected handshakes (no device identity), told apart by their origins
service --client-id openclaw-tui --mode ui --auth token --device none --origin "http://zeta$$.test" >/dev/null 2>&1
service --client-id openclaw-tui --mode ui --auth token --device none --origin "http://alpha$$.test" >/dev/null 2>&1
# two trusted entries that match no request (their keys never connect)
d1=$(service_key "$T/t1.key") d2=$(service_key "$T/t2.key")
oc trusted add --name zeta-one --device-id "$d1" --scopes operator.read --note "last note" >/dev/null 2>&1 &&
oc trusted add --name alpha-two --device-id "$d2" --scopes operator.read,operator.write --note "first note" \
	>/dev/null 2>&1 || { fail tablew_trusted_entries "$(oc trusted list 2>&1)"; exit 0; }

COLS=80 ROWS=24 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" \
	--config-dir "$C"
tui_wait 'connected' 20 >/dev/null 2>&1 || { fail tablew_tui_connects "$(tui_text)"; exit 0; }

# ===================================================================== widths
short=$(printf %.8s "$req")
for size in 80x24 120x35 250x60; do
	w=${size%x*} h=${size#*x}
	tui_resize "$w" "$h"
	view pairing
	tui_wait 'Pending requests \(2\)' 10 >/dev/null 2>&1
	sleep 0.3
	r=$(line_of 'alpha-svc')
	hdr=$(line_of 'REQUEST')
	if printf '%s' "$r" | grep -q "$short" && printf '%s' "$r" | grep -q 'admin'; then
		ok "tablew_pending_${size}_keeps_request_name_admin"
	else
		fail "tablew_pending_${size}_keeps_request_name_admin" "row=[$r] $(tui_text)"
	fi
	case $w in
	80) printf '%s' "$hdr" | grep -q 'PLATFORM' || ! printf '%s' "$hdr" | grep -q 'NAME' &&
		fail tablew_80_drops_low_priority_columns "hdr=[$hdr]" || ok tablew_80_drops_low_priority_columns ;;
	250) if printf '%s' "$hdr" | grep -q 'PLATFORM' && printf '%s' "$hdr" | grep -q 'FROM' &&
		printf '%s' "$r" | grep -q -- "$req" && printf '%s' "$r" | grep -q 'operator.admin'; then
			ok tablew_250_shows_every_column_whole
		else
			fail tablew_250_shows_every_column_whole "hdr=[$hdr] row=[$r]"
		fi ;;
	esac
	view rejections
	tui_wait "zeta$$" 10 >/dev/null 2>&1
	hdr=$(line_of 'CAUSE')
	case $w in
	80) printf '%s' "$hdr" | grep -q 'TIME' && ! printf '%s' "$hdr" | grep -q 'USER AGENT' &&
		ok tablew_rejections_80_fits || fail tablew_rejections_80_fits "hdr=[$hdr] $(tui_text)" ;;
	250) printf '%s' "$hdr" | grep -q 'USER AGENT' && printf '%s' "$hdr" | grep -q 'ORIGIN' &&
		ok tablew_rejections_250_every_column || fail tablew_rejections_250_every_column "hdr=[$hdr]" ;;
	esac
	view trusted
	tui_wait 'alpha-two' 10 >/dev/null 2>&1
	r=$(line_of 'alpha-two')
	printf '%s' "$r" | grep -q 'operator.write\|op.write' && ok "tablew_trusted_${size}_ceiling_visible" ||
		fail "tablew_trusted_${size}_ceiling_visible" "row=[$r] $(tui_text)"
done

# ===================================================================== filter
tui_resize 120 35
# an upper-case pattern matches lower-case rows, in every view
view connections
tui_wait '[1-9][0-9]* rows?  ' 5 >/dev/null 2>&1
client=$(tui_text | sed -n '/CLIENT/{n;p;q}' | awk '{print $1}')
upper=$(printf '%s' "$client" | tr a-z A-Z)
tui_keys /; tui_keys -l "$upper"; tui_keys Enter
[ -n "$client" ] && [ "$client" != "$upper" ] && tui_wait "filter: $upper" 5 >/dev/null 2>&1 &&
	! tui_text | grep -q 'no rows match' && tui_text | grep -q "1 row  filter: $upper" &&
	ok tablew_filter_ci_connections ||
	fail tablew_filter_ci_connections "client=[$client] $(tui_text)"
view pairing
tui_keys /; tui_keys -l 'ALPHA-SVC'; tui_keys Enter
tui_wait 'Pending requests \(1\)  filter: ALPHA-SVC' 5 >/dev/null 2>&1 && tui_text | grep -q 'alpha-svc' &&
	! tui_text | grep -q 'beta-svc' && ok tablew_filter_ci_pairing || fail tablew_filter_ci_pairing "$(tui_text)"
view rejections
tui_keys /; tui_keys -l "ALPHA$$"; tui_keys Enter
tui_wait "http://alpha" 5 >/dev/null 2>&1 && ! tui_text | grep -q "http://zeta" &&
	ok tablew_filter_ci_rejections || fail tablew_filter_ci_rejections "$(tui_text)"
view trusted
tui_keys /; tui_keys -l 'ALPHA-TWO'; tui_keys Enter
tui_wait 'alpha-two' 5 >/dev/null 2>&1 && ! tui_text | grep -q 'zeta-one' && ! tui_text | grep -q 'no rows match' &&
	ok tablew_filter_ci_trusted || fail tablew_filter_ci_trusted "$(tui_text)"
tui_keys Escape	# clears the filter
tui_wait 'zeta-one' 5 >/dev/null 2>&1 && ok tablew_filter_cleared || fail tablew_filter_cleared "$(tui_text)"

# ===================================================================== sort
# `s` sorts by the first shown column, marked in the header and named on the status line
for v in connections pairing rejections trusted; do
	view "$v"
	tui_keys Escape
	sleep 0.3
	tui_keys s
	if tui_wait '(CLIENT|REQUEST|TIME|NAME)\^' 5 >/dev/null 2>&1 && tui_text | grep -Eq 'sort: (client|request|time|name)'; then
		ok "tablew_sort_key_$v"
	else
		fail "tablew_sort_key_$v" "$(tui_text)"
	fi
	tui_keys :; tui_keys -l 'sort'; tui_keys Enter	# back to the source's order
done
# `:sort NAME` and `:sort NAME-` order the rows the same way in every view
first_of() { tui_text | grep -Eo "$1" | head -1; }
sorted() { # VIEW COLUMN A B: ascending puts A first, descending B
	view "$1"
	tui_keys :; tui_keys -l "sort $2"; tui_keys Enter
	sleep 0.3
	a=$(first_of "$3|$4")
	tui_keys :; tui_keys -l "sort $2-"; tui_keys Enter
	sleep 0.3
	b=$(first_of "$3|$4")
	[ "$a" = "$3" ] && [ "$b" = "$4" ] && tui_text | grep -q "sort: $2" && ok "tablew_sort_named_$1" ||
		fail "tablew_sort_named_$1" "asc=$a desc=$b $(tui_text)"
	tui_keys :; tui_keys -l 'sort'; tui_keys Enter
}
sorted pairing name alpha-svc beta-svc
sorted rejections origin "http://alpha" "http://zeta"
sorted trusted name alpha-two zeta-one
sorted connections client gateway gateway
# an unknown column is refused with the same message everywhere
view trusted
tui_keys :; tui_keys -l 'sort bogus'; tui_keys Enter
tui_wait 'unknown column "bogus"' 5 >/dev/null 2>&1 && ok tablew_sort_unknown_column || fail tablew_sort_unknown_column "$(tui_text)"

# ===================================================================== Trusted: Enter
view trusted
tui_keys g Enter
if tui_wait ' details ' 5 >/dev/null 2>&1 && tui_text | grep -Eq 'ceiling +operator.read' &&
   tui_text | grep -Eq 'kind +pinned'; then
	ok tablew_trusted_enter_opens_details
else
	fail tablew_trusted_enter_opens_details "$(tui_text)"
fi
tui_keys Escape
sleep 0.3
tui_text | grep -q ' details ' && fail tablew_trusted_esc_closes_details "$(tui_text)" || ok tablew_trusted_esc_closes_details
tui_keys q
