#!/bin/sh
# Issue 14.7: a plain `make` builds despite compiler warnings (a newer compiler's new ones
# must not stop a user's build), while `make check` (so .ci/run), `check-unit`,
# `check-asan`, `check-fuzz` and `make dev` keep -Werror, for the program, the unit tests,
# the ASan build and the fuzz targets alike.  The real Makefile runs in a scratch tree of
# stub sources, each with one warning, and stub deps/check-layers/run scripts.
. tests/lib/common.sh
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES CFLAGS CPPFLAGS LDFLAGS WERROR
W=$(mktemp -d "${TMPDIR:-/tmp}/oc-werror.XXXXXX")
cleanup_add "rm -rf '$W'"
cp Makefile "$W/" || exit 1
[ -f .ci/run ] && mkdir "$W/.ci" && cp .ci/run "$W/.ci/"
cd "$W" || exit 1
mkdir -p auth net tui themes man completion tests/unit tests/fuzz
: >README.md
for s in deps.sh check-layers; do printf '#!/bin/sh\nexit 0\n' >tests/$s; done
printf '#!/bin/sh\necho "0 passed, 0 failed"\n' >tests/run
chmod +x tests/deps.sh tests/check-layers tests/run
printf 'int main(void) { return 0; }\n' >tui/main.c
for f in $(sed -n 's/^NET_LWS *:= *//p' Makefile); do printf 'typedef int oc_stub;\n' >"$f"; done	# named in the Makefile
for t in frame files logline theme config; do : >tests/fuzz/fuzz_$t.c; done
: >tests/fuzz/fuzz.h
# warn FILE [GUARD]: a function with an unused variable (under #ifdef GUARD, if given)
warn() {
	{
		echo 'int oc_warn(void);'
		echo 'int oc_warn(void) {'
		[ -n "${2:-}" ] && echo "#ifdef $2"
		echo '	int unused;'
		[ -n "${2:-}" ] && echo '#endif'
		echo '	return 0; }'
	} >"$1"
}
run() { out=$("$@" 2>&1); }

# 1. the program: plain make warns and builds; check, dev and CI stop at the warning
warn tui/warn.c
if run make all && printf '%s' "$out" | grep -q 'unused variable' && ! printf '%s' "$out" | grep -q -- '-Werror'; then
	ok werror_plain_make_builds_despite_warnings
else
	fail werror_plain_make_builds_despite_warnings "$out"
fi
# (the objects of the plain build are there: check must recompile them, not reuse them)
if ! run make check && printf '%s' "$out" | grep -q 'Werror=unused-variable'; then
	ok werror_check_fails_on_a_warning
else
	fail werror_check_fails_on_a_warning "$out"
fi
if ! run make dev && printf '%s' "$out" | grep -q 'Werror=unused-variable'; then
	ok werror_make_dev_fails_on_a_warning
else
	fail werror_make_dev_fails_on_a_warning "$out"
fi
if [ -x .ci/run ]; then
	if ! run .ci/run && printf '%s' "$out" | grep -q 'Werror=unused-variable'; then
		ok werror_ci_run_fails_on_a_warning
	else
		fail werror_ci_run_fails_on_a_warning "$out"
	fi
fi
run make all && ok werror_plain_make_builds_again || fail werror_plain_make_builds_again "$out"
rm -f tui/warn.*

# 2. the unit tests
warn tests/unit/test_warn.c
printf 'int main(void) { return oc_warn(); }\n' >>tests/unit/test_warn.c
run make unit && ok werror_plain_unit_builds_despite_warnings || fail werror_plain_unit_builds_despite_warnings "$out"
if ! run make check-unit && printf '%s' "$out" | grep -q 'Werror=unused-variable'; then
	ok werror_check_unit_fails_on_a_warning
else
	fail werror_check_unit_fails_on_a_warning "$out"
fi
rm -f tests/unit/test_warn*

# 3. the ASan build (a warning only the sanitizer build sees)
warn tui/asan.c __SANITIZE_ADDRESS__
run make asan-build && ok werror_plain_asan_build_despite_warnings || fail werror_plain_asan_build_despite_warnings "$out"
if ! run make check-asan && printf '%s' "$out" | grep -q 'Werror=unused-variable'; then
	ok werror_check_asan_fails_on_a_warning
else
	fail werror_check_asan_fails_on_a_warning "$out"
fi
if ! run make check && printf '%s' "$out" | grep -q 'Werror=unused-variable'; then
	ok werror_check_fails_on_an_asan_warning
else
	fail werror_check_fails_on_an_asan_warning "$out"
fi
rm -rf tui/asan.* .asan

# 4. the fuzz targets (clang and libFuzzer: the commands, not a build)
if make -n check-fuzz 2>&1 | grep 'fuzz_frame\.c' | grep -q -- '-Werror' &&
   ! make -n fuzz 2>&1 | grep 'fuzz_frame\.c' | grep -q -- '-Werror'; then
	ok werror_check_fuzz_builds_with_werror
else
	fail werror_check_fuzz_builds_with_werror "$(make -n check-fuzz 2>&1 | grep fuzz_frame)"
fi
