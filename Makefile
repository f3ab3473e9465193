# shipgate: container security gate for CI.
#
#   make               build build/shipgate
#   make demo          install missing packages, build, scan the demo repository
#   make test          install missing packages, build, run every test
#   make test SAN=1    the same under AddressSanitizer + UBSan (build-san/)
#   make install PREFIX=/usr/local
#   make fuzz FUZZ_SECONDS=60   libFuzzer targets under ASan+UBSan (clang)
#   make lint          banned functions, public-header hygiene
#
# Dependencies are Debian packages found with pkg-config, installed with
# apt-get only when missing: the build libraries for every target that
# builds, and in addition Check and the test tools for `make test`.
# `make deps` installs both.

CC       ?= cc
PREFIX   ?= /usr/local
SAN      ?= 0
V        ?= 0

LIB_PKGS  = jansson libarchive libgit2 yaml-0.1 sqlite3 libcrypto
TEST_PKGS = $(LIB_PKGS) check
DEB_PKGS  = pkg-config libjansson-dev libarchive-dev libgit2-dev \
            libyaml-dev libsqlite3-dev libssl-dev
TEST_DEB  = check
# Tools the tests call: shellcheck and jq (action scripts), xmllint and
# jsonschema (report conformance, also through ../shared/tools/validate-reports),
# rpm (the oracle our rpmdb reader is compared with).
TEST_TOOLS = shellcheck:shellcheck jq:jq xmllint:libxml2-utils \
             jsonschema:python3-jsonschema rpm:rpm

ifeq ($(SAN),1)
BUILD    ?= build-san
OPT       = -O1 -g -fno-omit-frame-pointer \
            -fsanitize=address,undefined -fno-sanitize-recover=undefined
SANLD     = -fsanitize=address,undefined
else
BUILD    ?= build
OPT       = -O2 -g
SANLD     =
endif

WARN      = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wformat=2 -Wno-unused-parameter \
            -Wno-missing-field-initializers
CSTD      = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread
# Recursive: evaluated after `deps` has made pkg-config able to answer.
LIB_CFLAGS  = $(shell pkg-config --cflags $(LIB_PKGS) 2>/dev/null)
LIB_LIBS    = $(shell pkg-config --libs $(LIB_PKGS) 2>/dev/null) -pthread
# shipgate itself is not linked with libgit2, libarchive, SQLite and
# libcrypto: it loads them on first use (src/util/dynlib.h), so commands
# that need none do not map and relocate them at start.  Tests and tools
# that call them directly link all of LIB_LIBS.
LINK_PKGS   = jansson yaml-0.1
LINK_LIBS   = $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null) -ldl -pthread
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
CFLAGS_ALL  = $(CSTD) $(OPT) $(WARN) $(CFLAGS)

ifeq ($(V),1)
Q =
else
Q = @
endif

LIB_SRC  := $(sort $(shell find src -name '*.c'))
CMD_SRC  := $(sort $(wildcard cmd/shipgate/*.c))
TEST_SRC := $(sort $(shell find tests -name '*.c' -not -path 'tests/tools/*'))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CMD_OBJ  := $(CMD_SRC:%.c=$(BUILD)/obj/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/obj/%.o)
DEPS_OK  := $(BUILD)/.deps-ok
TEST_DEPS_OK := $(BUILD)/.test-deps-ok

.PHONY: all deps test demo install lint fuzz clean docs check-docs bench
all: $(BUILD)/shipgate

# ---- dependencies -----------------------------------------------------------

deps: $(DEPS_OK) $(TEST_DEPS_OK)

# $(call apt_install,WHAT,PACKAGES): install, or say what to run when not root
define apt_install
if [ "$$(id -u)" != 0 ]; then \
  echo "deps: missing $(1) and not root; run: apt-get install -y $(2)" >&2; exit 2; fi; \
export DEBIAN_FRONTEND=noninteractive; \
apt-get install -y -q $(2) >/dev/null 2>&1 || \
{ apt-get update -q >/dev/null && apt-get install -y -q $(2) >/dev/null; } || exit 2
endef

# the build libraries: all `make` and `make demo` need
$(DEPS_OK):
	$(Q)mkdir -p $(BUILD)
	$(Q)if command -v pkg-config >/dev/null 2>&1 && \
	    pkg-config --exists $(LIB_PKGS); then :; else \
	  echo "deps: installing $(DEB_PKGS)"; \
	  $(call apt_install,packages,$(DEB_PKGS)); \
	  pkg-config --exists $(LIB_PKGS) || { echo "deps: pkg-config still cannot find: $(LIB_PKGS)" >&2; exit 2; }; \
	fi
	$(Q)touch $@

# Check and the tools the tests call: `make test` only
$(TEST_DEPS_OK): $(DEPS_OK)
	$(Q)if pkg-config --exists $(TEST_PKGS); then :; else \
	  echo "deps: installing $(TEST_DEB)"; \
	  $(call apt_install,packages,$(TEST_DEB)); \
	  pkg-config --exists $(TEST_PKGS) || { echo "deps: pkg-config still cannot find: $(TEST_PKGS)" >&2; exit 2; }; \
	fi
	$(Q)for t in $(TEST_TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  $(call apt_install,test tools,$$missing); \
	fi
	$(Q)touch $@

# ---- build ------------------------------------------------------------------

$(BUILD)/obj/src/%.o: src/%.c $(DEPS_OK)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -Iinclude -Isrc $(LIB_CFLAGS) -MMD -MP -c $< -o $@

# The CLI is the library's first client: public headers only.
$(BUILD)/obj/cmd/%.o: cmd/%.c $(DEPS_OK)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -Iinclude -MMD -MP -c $< -o $@

$(BUILD)/obj/tests/%.o: tests/%.c $(TEST_DEPS_OK) $(BUILD)/gen/suites.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -Iinclude -Isrc -Itests -I$(BUILD)/gen $(TEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libshipgate.a: $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/shipgate: $(CMD_OBJ) $(BUILD)/libshipgate.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(SANLD) -o $@ $(CMD_OBJ) $(BUILD)/libshipgate.a $(LINK_LIBS) -lm

# Every `Suite *x_suite(void)` in tests/ is run; no list to keep by hand.
$(BUILD)/gen/suites.h: $(TEST_SRC)
	@mkdir -p $(dir $@)
	$(Q)grep -ho '^Suite \*[a-z0-9_]*_suite(void)' $(TEST_SRC) | sort -u | \
	  sed 's/^Suite \*\([a-z0-9_]*\)_suite(void)/SUITE(\1)/' > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/runner: $(TEST_OBJ) $(BUILD)/libshipgate.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(SANLD) -o $@ $(TEST_OBJ) $(BUILD)/libshipgate.a $(TEST_LIBS) $(LIB_LIBS) -lm

$(BUILD)/mkrepo: tests/tools/mkrepo.c $(DEPS_OK)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) $(SANLD) -Iinclude -Isrc $(LIB_CFLAGS) -o $@ $< $(LIB_LIBS)

# Fixture image writer (tests only).  A one-shot generator that leaves its
# memory to exit, so it is built without sanitizers even under SAN=1.
$(BUILD)/mkimage: tests/tools/mkimage.c $(DEPS_OK)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CSTD) -O2 -g $(WARN) $(CFLAGS) $(LIB_CFLAGS) -o $@ $< $(LIB_LIBS)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- test -------------------------------------------------------------------

# Tests find the binary, the sources and ../shared through the environment.
test: $(TEST_DEPS_OK) $(BUILD)/shipgate $(BUILD)/tests/runner $(BUILD)/mkrepo $(BUILD)/mkimage
	$(Q)SG_BIN=$(CURDIR)/$(BUILD)/shipgate SG_MKREPO=$(CURDIR)/$(BUILD)/mkrepo \
	  SG_MKIMAGE=$(CURDIR)/$(BUILD)/mkimage SG_SAN=$(SAN) \
	  SG_SRCDIR=$(CURDIR) SG_BUILD=$(CURDIR)/$(BUILD) \
	  SG_SHARED=$(abspath $(CURDIR)/../shared) \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(BUILD)/tests/runner

# ---- demo -------------------------------------------------------------------

DEMO_OUT = $(BUILD)/demo
DEMO_IMAGE = registry.acme.example/shop/api:1.8.0
# The demo repository, plus an image of its api service (built from a spec by
# mkimage) and a database of the bundled, fictional demo advisories, so every
# stage shows: Dockerfile, Compose, image, vulnerability scan.
demo: $(BUILD)/shipgate $(BUILD)/mkrepo $(BUILD)/mkimage
	$(Q)rm -rf $(DEMO_OUT) && mkdir -p $(DEMO_OUT)
	$(Q)$(BUILD)/mkrepo $(DEMO_OUT)/repo testdata/demo
	$(Q)$(BUILD)/mkimage testdata/demo-image/image.spec $(DEMO_OUT)/shop-api.tar
	$(Q)$(BUILD)/shipgate db import -q --db $(DEMO_OUT)/vuln.db demo=testdata/vulndb/demo
	$(Q)$(BUILD)/shipgate scan $(DEMO_OUT)/repo \
	  --image $(DEMO_IMAGE)=$(DEMO_OUT)/shop-api.tar --db $(DEMO_OUT)/vuln.db \
	  --sarif $(DEMO_OUT)/shipgate.sarif --junit $(DEMO_OUT)/shipgate.junit.xml \
	  --markdown $(DEMO_OUT)/shipgate.md --json $(DEMO_OUT)/shipgate.json; \
	  rc=$$?; echo; echo "demo: exit code $$rc (the demo repository has findings on purpose; make demo always exits 0)"; \
	  echo "demo: reports in $(DEMO_OUT)/: shipgate.sarif shipgate.junit.xml shipgate.md shipgate.json"

# ---- docs -------------------------------------------------------------------

# docs/rules.md is generated from the rule descriptors; a test (suite
# `docs`) fails when the committed file differs from the binary's output.
docs: $(BUILD)/shipgate
	$(Q)$(BUILD)/shipgate rules --format markdown > docs/rules.md.tmp && \
	  mv docs/rules.md.tmp docs/rules.md && echo "docs: wrote docs/rules.md"

check-docs: $(BUILD)/shipgate
	$(Q)$(BUILD)/shipgate rules --format markdown | cmp -s - docs/rules.md || \
	  { echo "docs/rules.md is stale: run 'make docs'"; exit 1; }

# ---- fuzz -------------------------------------------------------------------

# Every fuzz/fuzz_<name>.c is a libFuzzer target linked with the whole
# library under ASan+UBSan; the library is compiled once into build-fuzz/obj.
# `make fuzz` runs each target for FUZZ_SECONDS (or FUZZ_RUNS executions)
# and prints one line per target (executions, exec/s, crashes); `make -j2
# fuzz` runs two at a time.  `make fuzz-<name>` runs one.  Seeds:
# FUZZ_SEEDS_<name>, the ones fuzz/seeds.sh writes into build-fuzz/seeds-<name>
# (mode-byte and generated binary seeds), and the corpus the fuzzer grows
# in build-fuzz/corpus-<name>.  Crashing inputs land in build-fuzz/crash-<name>/
# and fail the target.  Not part of `make test`.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?= -1
FUZZ_MAX_LEN ?= 16384
FUZZ_TARGETS := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_FLAGS    = $(CSTD) -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_ARGS    ?=
FUZZ_OBJ     := $(LIB_SRC:%.c=build-fuzz/obj/%.o)
FUZZ_SEEDS_dockerfile = testdata/dockerfile testdata/rules
FUZZ_SEEDS_shell      = fuzz/corpus/shell
FUZZ_SEEDS_compose    = fuzz/corpus/compose testdata/compose
FUZZ_SEEDS_version    = fuzz/corpus/version
FUZZ_SEEDS_report     = fuzz/corpus/report
FUZZ_SEEDS_policy     = testdata/policy/valid testdata/policy/invalid testdata/e2e/policy
FUZZ_MAX_LEN_image    = 65536
# operations read 1 KiB, texts 4 KiB (fuzz_findings.c)
FUZZ_MAX_LEN_findings = 4096
# Every rule runs on every input: 4 KiB inputs give 1.6x the executions of
# 16 KiB ones (362 vs 230/s) and reach the same grammar; inputs past the
# parser's limits are the hostile suite's.
FUZZ_MAX_LEN_dockerfile = 4096

build-fuzz/obj/src/%.o: src/%.c $(DEPS_OK)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -Iinclude -Isrc \
	  $(LIB_CFLAGS) -MMD -MP -c $< -o $@

build-fuzz/fuzz_%: fuzz/fuzz_%.c $(FUZZ_OBJ)
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -Iinclude -Isrc $(LIB_CFLAGS) \
	  $< $(FUZZ_OBJ) -o $@ $(LIB_LIBS) -lm

build-fuzz/seeds-%: fuzz/seeds.sh
	$(Q)fuzz/seeds.sh $* $@

fuzz-%: build-fuzz/fuzz_% build-fuzz/seeds-%
	$(Q)fuzz/run.sh $* $(FUZZ_SECONDS) $(FUZZ_RUNS) \
	  $(or $(FUZZ_MAX_LEN_$*),$(FUZZ_MAX_LEN)) $(FUZZ_ARGS) \
	  build-fuzz/seeds-$* $(wildcard $(FUZZ_SEEDS_$*))

fuzz: $(FUZZ_TARGETS:%=fuzz-%)

# the fuzzer binaries, seeds and objects are not intermediate files
.PRECIOUS: build-fuzz/fuzz_% build-fuzz/seeds-% build-fuzz/obj/src/%.o

-include $(shell find build-fuzz/obj -name '*.d' 2>/dev/null)

# ---- install, lint, clean ---------------------------------------------------

install: $(BUILD)/shipgate
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/shipgate/schemas
	install -m 0755 $(BUILD)/shipgate $(DESTDIR)$(PREFIX)/bin/shipgate
	install -m 0644 schemas/*.json $(DESTDIR)$(PREFIX)/share/shipgate/schemas/

# calls, not words: "gets" in a comment is English
BANNED = strcpy|strcat|sprintf|vsprintf|strtok|gets|atoi|atol|sscanf
lint:
	@! grep -rnE '\b($(BANNED))\s*\(' --include='*.c' --include='*.h' src cmd tests fuzz \
	  | grep -v 'BANNED' || { echo "lint: banned function used (see above)"; exit 1; }
	@! grep -rn '#include "' cmd | grep -v '"cmd.h"\|"opt.h"' || \
	  { echo "lint: cmd/ may include only <shipgate/...> headers"; exit 1; }
	@# the fuzz targets are built by clang only under `make fuzz`: check
	@# them here with the project's warnings, as errors
	$(Q)for f in fuzz/*.c; do \
	  $(CC) $(CSTD) $(WARN) -Werror -fsyntax-only -Iinclude -Isrc $(LIB_CFLAGS) $$f || exit 1; \
	done
	@echo "lint: ok"

clean:
	rm -rf build build-san build-fuzz
