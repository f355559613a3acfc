#!/bin/sh
# Shell completion: the bash script parses, registers itself, completes commands,
# subcommands, options and theme names, and knows every command --help lists.
. tests/lib/common.sh
B=completion/openclaw-console.bash

D=$(mktemp -d "${TMPDIR:-/tmp}/oc-comp.XXXXXX")
cleanup_add "rm -rf '$D'"
mkdir "$D/home"
bash -n "$B" 2>"$D/err" && ok completion_bash_parses || fail completion_bash_parses "$(cat "$D/err")"

# complete LINE: the candidates bash offers for the last word of LINE (joined by spaces)
complete_line() {
	HOME=$D/home bash --norc --noprofile -c '
		. "$1"
		line=$2
		read -ra COMP_WORDS <<<"$line"
		case $line in *" ") COMP_WORDS+=("");; esac
		COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
		COMP_LINE=$line; COMP_POINT=${#line}
		_openclaw_console openclaw-console "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' sh "$B" "$1"
}

reg=$(bash --norc --noprofile -c ". $B; complete -p openclaw-console" 2>&1)
case $reg in *"-F _openclaw_console openclaw-console"*) ok completion_registered ;;
	*) fail completion_registered "$reg" ;; esac

got=$(complete_line "openclaw-console dev")
[ "$got" = "devices " ] && ok completion_command_prefix || fail completion_command_prefix "got '$got'"
got=$(complete_line "openclaw-console devices ")
[ "$got" = "approve help list reject remove revoke " ] && ok completion_devices_subcommands ||
	fail completion_devices_subcommands "got '$got'"
got=$(complete_line "openclaw-console devices approve abc --y")
[ "$got" = "--yes " ] && ok completion_devices_approve_yes || fail completion_devices_approve_yes "got '$got'"
got=$(complete_line "openclaw-console --url ws://x trusted p")
[ "$got" = "policy " ] && ok completion_trusted_after_option_value || fail completion_trusted_after_option_value "got '$got'"
got=$(complete_line "openclaw-console --theme s")
[ "$got" = "solarized-dark " ] && ok completion_theme_names || fail completion_theme_names "got '$got'"
got=$(complete_line "openclaw-console --the")
[ "$got" = "--theme " ] && ok completion_global_options || fail completion_global_options "got '$got'"

# every command of --help completes (the list cannot drift from the program)
cmds=$(./openclaw-console --help | sed -n '/^commands:/,/^$/p' | awk 'NR>1 && NF {print $1}')
missing=""
[ -n "$cmds" ] || missing=" (no commands in --help)"
for c in $cmds; do
	case " $(complete_line "openclaw-console ") " in *" $c "*) ;; *) missing="$missing $c" ;; esac
done
[ -z "$missing" ] && ok completion_knows_every_command || fail completion_knows_every_command "missing:$missing"
