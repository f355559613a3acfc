#!/bin/sh
# The documentation cannot drift from the program: the man page lints clean, names every
# command of --help, and lists every key of `list-keys` in its KEYS section.
. tests/lib/common.sh
MAN=man/openclaw-console.1
OC=./openclaw-console
# The built-in key table, whatever the user's own config file binds.
H=$(mktemp -d "${TMPDIR:-/tmp}/oc-docs.XXXXXX")
cleanup_add "rm -rf '$H'"
HOME=$H XDG_CONFIG_HOME=$H/.config
export HOME XDG_CONFIG_HOME

w=$(groff -man -ww -z "$MAN" 2>&1)
[ -z "$w" ] && ok man_page_groff_clean || fail man_page_groff_clean "$w"
if command -v mandoc >/dev/null; then
	w=$(mandoc -Tlint "$MAN" 2>&1)
	[ -z "$w" ] && ok man_page_mandoc_lint_clean || fail man_page_mandoc_lint_clean "$w"
fi

# Plain text of the man page source: "\-" -> "-", font escapes dropped.
plain=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\e/\\/g' "$MAN")
cmds=$($OC --help | sed -n '/^commands:/,/^$/p' | awk 'NR>1 && NF {print $1}')
[ -n "$cmds" ] || fail help_lists_commands "no commands in --help"
missing=""
for c in $cmds; do
	printf '%s\n' "$plain" | grep -Eq "^\.(B|BR|BI) \"?$c( |\"|$)" || missing="$missing $c"
	$OC "$c" --help >/dev/null 2>&1 || missing="$missing $c(--help)"
done
[ -z "$missing" ] && ok man_page_documents_every_command || fail man_page_documents_every_command "missing:$missing"

keys=$(printf '%s\n' "$plain" | sed -n '/^\.SH KEYS/,/^\.SH /p')
missing=""
for k in $($OC list-keys | awk -F'\t' '{print $2}' | sort -u); do
	printf '%s\n' "$keys" | grep -Fq -- "$k" || missing="$missing $k"
done
[ -z "$missing" ] && ok man_page_lists_every_key || fail man_page_lists_every_key "missing:$missing"

# Every release make check tests is in the README's and the man page's release tables.
missing=""
for v in $(tests/deps.sh versions); do
	grep -q "$v" README.md || missing="$missing README:$v"
	printf '%s\n' "$plain" | grep -q "$v" || missing="$missing man:$v"
done
[ -z "$missing" ] && ok docs_name_every_tested_release || fail docs_name_every_tested_release "missing:$missing"
