# openclaw-console — plain GNU make.  `make`, `make check`, `make check-asan`, `make install`.
# Warnings are errors in `make check`, `check-unit`, `check-asan`, `check-fuzz` and `make dev`
# (so in CI, .ci/run), not in a plain `make`: a newer compiler's new warnings must not stop
# a user's build (STYLE.md 2, as htop does).  WERROR= on the command line turns it off.
PKGS      := ncursesw libwebsockets jansson libsodium
CORE_PKGS := jansson libsodium
WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wformat=2 -Wwrite-strings -Wundef -Wpointer-arith -Wimplicit-fallthrough \
             -Wno-format-truncation
WERROR    ?=
ifneq ($(filter check check-unit check-asan check-fuzz dev,$(MAKECMDGOALS)),)
WERROR    := -Werror
endif
CFLAGS    ?= -O2 -g
override CFLAGS   += -std=c11 $(WARN) $(WERROR) -MMD -MP
override CPPFLAGS += -I. $(shell pkg-config --cflags $(PKGS))
LIBS      := $(shell pkg-config --libs $(PKGS))
CORE_LIBS := $(shell pkg-config --libs $(CORE_PKGS))
PREFIX    ?= /usr/local
DESTDIR   ?=
VERSION   := 0.1.0
override CPPFLAGS += -DOC_VERSION='"$(VERSION)"'
# Built-in themes are looked up next to the binary, then here (tui/theme.c).
override CPPFLAGS += -DOC_DATADIR='"$(PREFIX)/share/openclaw-console"'

# Every object depends on .build-flags, which changes when the compiler or its flags do:
# a `make check` after a plain `make` recompiles with -Werror instead of reusing objects
# built without it (and the other way round).  A dry run (-n) leaves it alone.
BUILD_FLAGS := $(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS)
ifeq ($(findstring n,$(firstword -$(MAKEFLAGS))),)
ifneq ($(BUILD_FLAGS),$(file <.build-flags))
$(file >.build-flags,$(BUILD_FLAGS))
endif
endif

# The pure core: no curses, no libwebsockets (see check-layers).  NET_LWS is the lws side:
# the event loop, the socket, the client, and gwcall.c, which sends through the client.
NET_LWS   := net/evloop.c net/ws.c net/client.c net/gwcall.c
CORE_SRC  := $(wildcard auth/*.c) $(filter-out $(NET_LWS),$(wildcard net/*.c))
TUI_SRC   := $(wildcard tui/*.c)
CORE_OBJ  := $(CORE_SRC:.c=.o)
APP_OBJ   := $(TUI_SRC:.c=.o) $(NET_LWS:.c=.o) $(CORE_OBJ)
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:.c=)

all: openclaw-console

# What CI builds: everything with -Werror (set above for this goal).
dev: all unit

$(APP_OBJ) $(UNIT_SRC:.c=.o) bench/scale.o: .build-flags

openclaw-console: $(APP_OBJ)
	$(CC) $(LDFLAGS) $(CFLAGS) $^ $(LIBS) -o $@

# Unit tests link against the pure core only: pulling curses or lws into it breaks the link.
tests/unit/test_%: tests/unit/test_%.o $(CORE_OBJ)
	$(CC) $(LDFLAGS) $(CFLAGS) $^ $(CORE_LIBS) -o $@

unit: $(UNIT_BIN)

# check and demo install what is missing first (Debian packages, the cached test gateway),
# then build in a fresh make so pkg-config sees the new packages.
check: deps
	@$(MAKE) --no-print-directory WERROR="$(WERROR)" all unit check-layers asan-build
	@tests/run

deps:
	@tests/deps.sh all

check-unit: unit check-layers
	@tests/run unit

# The unit, CLI integration (real gateway) and TUI (tmux) tests under AddressSanitizer +
# UndefinedBehaviorSanitizer, built in a copy of the tree (.asan/) so the normal build
# stays as it is.  `make check` runs this too, as the "asan" group of tests/run.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

asan-build:
	@rm -rf .asan && mkdir .asan
	@cp -r Makefile README.md auth net tui themes man tests completion .asan/
	@rm -f .asan/*/*.o .asan/*/*.d .asan/tests/*/*.o .asan/tests/*/*.d
	@$(MAKE) --no-print-directory -C .asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
		WERROR="$(WERROR)" all unit >/dev/null

check-asan: deps
	@$(MAKE) --no-print-directory WERROR="$(WERROR)" asan-build
	@tests/run asan

check-layers:
	@tests/check-layers

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/openclaw-console/themes
	install -m 0755 openclaw-console $(DESTDIR)$(PREFIX)/bin/openclaw-console
	install -m 0644 man/openclaw-console.1 $(DESTDIR)$(PREFIX)/share/man/man1/openclaw-console.1
	install -m 0644 themes/*.theme $(DESTDIR)$(PREFIX)/share/openclaw-console/themes/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 0644 completion/openclaw-console.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/openclaw-console
	install -m 0644 completion/_openclaw-console $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_openclaw-console

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/openclaw-console $(DESTDIR)$(PREFIX)/share/man/man1/openclaw-console.1
	rm -rf $(DESTDIR)$(PREFIX)/share/openclaw-console
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/openclaw-console \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_openclaw-console

demo: deps
	@$(MAKE) --no-print-directory all
	@tests/demo

clean:
	rm -f openclaw-console bench/scale $(UNIT_BIN) */*.o */*.d tests/*/*.o tests/*/*.d .build-flags

.PHONY: all dev deps unit check check-unit check-asan asan-build check-layers install uninstall demo clean
-include $(wildcard */*.d tests/*/*.d)

# libFuzzer targets (clang): `make fuzz` builds tests/fuzz/fuzz_{frame,files,logline} with
# the pure core compiled in; `make check-fuzz` runs each for FUZZ_SECS seconds from the seed
# corpus in tests/fuzz/corpus/<target>/ and fails on any crash, leak or timeout.  Crashers
# go to tests/fuzz/regressions/<target>/, which tests/unit/test_fuzz_regress replays.
FUZZ_CC      ?= clang
FUZZ_SECS    ?= 60
FUZZ_WORK    ?= $(or $(TMPDIR),/tmp)/oc-fuzz
FUZZ_TARGETS := frame files logline theme config
FUZZ_BIN     := $(FUZZ_TARGETS:%=tests/fuzz/fuzz_%)
FUZZ_FLAGS   := -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=undefined -Wno-unknown-warning-option

tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(CORE_SRC) $(wildcard auth/*.h net/*.h) .build-flags
	$(FUZZ_CC) -std=c11 $(WARN) $(WERROR) $(CPPFLAGS) $(FUZZ_FLAGS) $< $(CORE_SRC) $(CORE_LIBS) -o $@

fuzz: $(FUZZ_BIN)

check-fuzz: fuzz
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_WORK)/$$t tests/fuzz/regressions/$$t || exit 1; \
		echo "fuzz_$$t: $(FUZZ_SECS) s"; \
		tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECS) -timeout=10 -max_len=65536 \
			-rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=tests/fuzz/regressions/$$t/ \
			$(FUZZ_WORK)/$$t tests/fuzz/corpus/$$t >$(FUZZ_WORK)/$$t.log 2>&1 \
		|| { tail -60 $(FUZZ_WORK)/$$t.log; echo "FAIL fuzz_$$t (log: $(FUZZ_WORK)/$$t.log)"; exit 1; }; \
		grep -E '^stat::number_of_executed_units|^Done' $(FUZZ_WORK)/$$t.log; \
		echo "ok fuzz_$$t"; \
	done

.PHONY: fuzz check-fuzz

# In-process scale benchmark (issue #8): not part of all or check.  bench/run.sh is the
# side-by-side benchmark against a real gateway.
BENCH_OBJ := bench/scale.o $(filter-out tui/main.o,$(APP_OBJ))

bench/scale: $(BENCH_OBJ)
	$(CC) $(LDFLAGS) $(CFLAGS) $^ $(LIBS) -o $@

bench: bench/scale
	bench/scale

.PHONY: bench
