#!/bin/sh
# Issue 7: make install / uninstall honour PREFIX and DESTDIR.
. tests/lib/common.sh
D=$(mktemp -d "${TMPDIR:-/tmp}/oc-install.XXXXXX")
cleanup_add "rm -rf '$D'"
make -s install DESTDIR="$D" PREFIX=/opt/occ >/dev/null 2>&1
for f in bin/openclaw-console share/man/man1/openclaw-console.1 \
	share/openclaw-console/themes/default.theme share/openclaw-console/themes/mono.theme \
	share/bash-completion/completions/openclaw-console share/zsh/site-functions/_openclaw-console; do
	[ -f "$D/opt/occ/$f" ] || missing="${missing:-} $f"
done
[ -z "${missing:-}" ] && [ -x "$D/opt/occ/bin/openclaw-console" ] && ok install_honours_prefix_and_destdir ||
	fail install_honours_prefix_and_destdir "missing:${missing:-} $(find "$D" -type f | head)"
"$D/opt/occ/bin/openclaw-console" --version | grep -q '^openclaw-console ' && ok installed_binary_runs ||
	fail installed_binary_runs "$("$D/opt/occ/bin/openclaw-console" --version 2>&1)"
make -s uninstall DESTDIR="$D" PREFIX=/opt/occ >/dev/null 2>&1
left=$(find "$D" -type f)
[ -z "$left" ] && ok uninstall_removes_every_file || fail uninstall_removes_every_file "$left"
