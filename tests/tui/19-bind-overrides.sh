#!/bin/sh
# Issue 14.2: `bind` overrides in the config file are visible, not only in effect.  With a
# config that moves approve from a to A (pairing) and quit from q to Q (generic), the footer
# hints, the `?` help overlay and `list-keys` all show A and Q, and no longer a and q; A
# opens the approve confirmation for a pending request, a is an unknown key.  At 80x24.
. tests/lib/common.sh
. tests/lib/gw.sh
. tests/lib/tui.sh

T=$(mktemp -d "${TMPDIR:-/tmp}/oc-bind.XXXXXX")
cleanup_add "rm -rf '$T'"
C="$T/config" S="$T/state"
mkdir -p "$C"
cat >"$C/config" <<'EOF'
# approve moves to A, quit to Q
bind pairing A approve
bind pairing a none
bind generic Q quit
bind generic q none
EOF

# list-keys prints the effective table
keys=$(./openclaw-console --config-dir "$C" list-keys)
if printf '%s\n' "$keys" | grep -q '^pairing	A	approve	' && printf '%s\n' "$keys" | grep -q '^generic	Q	quit	' &&
   ! printf '%s\n' "$keys" | grep -q '^pairing	a	' && ! printf '%s\n' "$keys" | grep -q '^generic	q	'; then
	ok bind_list_keys_shows_overrides
else
	fail bind_list_keys_shows_overrides "$(printf '%s\n' "$keys" | grep -E '^(pairing	[aA]|generic	[qQ])	')"
fi
keys=$(./openclaw-console --config-dir "$C" --list-keys)
printf '%s\n' "$keys" | grep -q '^pairing	A	approve	' && ok bind_list_keys_flag_shows_overrides ||
	fail bind_list_keys_flag_shows_overrides "$(printf '%s\n' "$keys" | grep '^pairing')"

gw_start noauto '{"gateway":{"nodes":{"pairing":{"autoApproveLocal":false}}}}' || exit 1
cleanup_add "gw_stop noauto"
gw_pair_console "$S" || { fail bind_console_paired "$GW_PAIR_ERR"; exit 0; }
service --client-id cli --mode cli --device "$T/s1.key" --display-name svc-bind --scopes operator.read >/dev/null 2>&1

COLS=80 ROWS=24 tui_start ./openclaw-console --url "$GW_URL" --token-file "$GW_TOKEN_FILE" --state-dir "$S" --config-dir "$C"
tui_wait 'connected' 20 >/dev/null 2>&1 || { fail bind_tui_connects "$(tui_text)"; exit 0; }
footer() { tui_text | tail -1; }
# the Connections footer: Q:Quit, no q:Quit
tui_wait 'Q:Quit' 5 >/dev/null 2>&1 && ! footer | grep -q 'q:Quit' && ok bind_footer_shows_generic_override ||
	fail bind_footer_shows_generic_override "$(footer)"
# the Pairing footer: A:Approve, no a:Approve
tui_keys 2
if tui_wait 'A:Approve' 5 >/dev/null 2>&1 && ! footer | grep -q 'a:Approve' && footer | grep -q 'x:Reject'; then
	ok bind_footer_shows_view_override
else
	fail bind_footer_shows_view_override "$(footer)"
fi
# the help overlay lists A (not a) for approve and Q (not q) for quit
tui_keys '?'
tui_wait 'Help: keys for pairing' 5 >/dev/null 2>&1
# page down until the Pairing group is on screen (the range in the bottom row moves)
range() { tui_text | tail -1 | awk '{print $1}'; }
i=0
while ! tui_text | grep -q ' approve ' && [ $i -lt 5 ]; do
	r=$(range)
	tui_keys PageDown
	j=0; while [ "$(range)" = "$r" ] && [ $j -lt 50 ]; do sleep 0.05; j=$((j + 1)); done
	i=$((i + 1))
done
help=$(tui_text)
if printf '%s\n' "$help" | grep -Eq '^ +A +approve '; then
	ok bind_help_shows_view_override
else
	fail bind_help_shows_view_override "$(printf '%s\n' "$help" | grep -E 'approve|Help:')"
fi
tui_keys End
tui_wait ' quit ' 5 >/dev/null 2>&1
if tui_text | grep -Eq '^ +Q, <F10> +quit '; then
	ok bind_help_shows_generic_override
else
	fail bind_help_shows_generic_override "$(tui_text | grep -E ' quit |Help:')"
fi
tui_keys Escape
tui_wait 'A:Approve' 5 >/dev/null 2>&1
# and the keys do what the screen says
tui_wait 'svc-bind' 10 >/dev/null 2>&1
tui_keys a
tui_wait 'Unknown key a, press \? for help' 5 >/dev/null 2>&1 && ok bind_unbound_key_is_unknown ||
	fail bind_unbound_key_is_unknown "$(tui_text | tail -2)"
tui_keys A
tui_wait 'Approve pairing request' 5 >/dev/null 2>&1 && tui_text | grep -q 'name *svc-bind' &&
	ok bind_override_key_acts || fail bind_override_key_acts "$(tui_text)"
tui_keys n
tui_keys Q
i=0; while { ! tui_dead || [ -z "$(tui_status)" ]; } && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
tui_dead && [ "$(tui_status)" = 0 ] && ok bind_quit_override_quits || fail bind_quit_override_quits "$(tui_text)"
