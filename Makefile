# her2cn -- plain Makefile.  make [all|check|demo|validate|install|clean]  SAN=address,undefined
CC      ?= cc
PREFIX  ?= /usr/local
PKGS    := htslib
CPPFLAGS ?=
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wno-unused-parameter
ifdef WERROR
WARN    += -Werror
endif
ifdef SAN
CFLAGS  += -fsanitize=$(SAN) -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SAN)
BUILD   ?= build-san
endif
BUILD   ?= build
comma   := ,

# htslib: HTSLIB_CFLAGS/HTSLIB_LIBS when given (make or environment), else
# pkg-config (which honours PKG_CONFIG_PATH: a conda or self-built htslib),
# else -lhts. A -L directory of HTSLIB_LIBS goes into the binary's run path
# (a conda htslib runs without LD_LIBRARY_PATH). README "Install without root".
PKG_CONFIG ?= pkg-config
ifeq ($(origin HTSLIB_CFLAGS),undefined)
HTSLIB_CFLAGS := $(shell $(PKG_CONFIG) --cflags htslib 2>/dev/null)
endif
ifeq ($(origin HTSLIB_LIBS),undefined)
HTSLIB_LIBS := $(shell $(PKG_CONFIG) --libs htslib 2>/dev/null || echo -lhts)
endif
HTS_CFLAGS := $(HTSLIB_CFLAGS)
HTS_LIBS   := $(HTSLIB_LIBS) $(patsubst -L%,-Wl$(comma)-rpath$(comma)%,$(filter -L%,$(HTSLIB_LIBS)))
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

ALL_CFLAGS := $(WARN) $(CFLAGS) -Iinclude $(HTS_CFLAGS) -pthread
LIBS       := $(HTS_LIBS) -lm -pthread

LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(LIB_SRC))
TEST_SRC := $(wildcard tests/check_*.c) tests/runner.c tests/testutil.c
TEST_OBJ := $(patsubst tests/%.c,$(BUILD)/tests/%.o,$(TEST_SRC))
BIN := $(BUILD)/her2cn

.PHONY: all check unit e2e integration demo install clean deps bench validate \
        memcheck tsan fuzz fuzz-build replay validate-purity validate-assay facets-check dist \
        bench-cohort
# A sanitizer build (SAN=...) stays in its own directory: ./her2cn is always
# the plain binary, so `make SAN=address,undefined` never replaces it.
ifdef SAN
all: $(BIN)

her2cn:
	@echo "make: ./her2cn is the plain build; a SAN=$(SAN) build is $(BIN) (make $(BIN) SAN=$(SAN))" >&2; exit 1
else
all: her2cn

her2cn: $(BIN)
	cp $(BIN) her2cn
endif

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# Private headers (h2_cmd.h, h2_cli.h) sit beside the sources in src/; the
# sources find them by their quoted #include, the CLI tests through -Isrc.
$(BUILD)/tests/%.o: tests/%.c | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Isrc $(CHECK_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libher2cn.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

# src/remote.sym: the libcurl functions the binary exports so that htslib's
# libcurl plugin calls them (the timeout and redirect cap, src/remote.c)
$(BIN): $(BUILD)/main.o $(BUILD)/libher2cn.a src/remote.sym
	$(CC) $(LDFLAGS) -Wl,--dynamic-list=src/remote.sym -o $@ $(BUILD)/main.o $(BUILD)/libher2cn.a $(LIBS)

$(BUILD)/check_her2cn: $(TEST_OBJ) $(BUILD)/libher2cn.a
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LIBS)

$(BUILD) $(BUILD)/tests:
	mkdir -p $@

deps:
	scripts/install-deps.sh

# Fuzz harnesses (tests/fuzz/fuzz_*.c). `make check` replays their seed
# corpora and regression inputs with a plain driver (tests/fuzz/replay.c);
# `make fuzz` runs libFuzzer (clang) for FUZZ_TIME seconds per harness.
FUZZ_NAMES := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN := $(patsubst %,$(BUILD)/replay_%,$(FUZZ_NAMES))

$(BUILD)/replay_%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz_common.h $(BUILD)/libher2cn.a | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/fuzz/$*.c tests/fuzz/replay.c $(BUILD)/libher2cn.a $(LIBS)

replay: $(REPLAY_BIN)
	@for f in $(FUZZ_NAMES); do \
	    echo "replay $$f"; TMPDIR=$${TMPDIR:-/tmp} $(BUILD)/replay_$$f tests/fuzz/corpus/$$f \
	        $$(test -d tests/fuzz/regressions/$$f && echo tests/fuzz/regressions/$$f) || exit 1; \
	done

# Unit tests (Check), fuzz corpus replay, then end-to-end tests of the binary.
check: $(BIN) $(BUILD)/check_her2cn replay
	REF_PATH=: H2_TESTDATA=testdata H2_BUILD=$(BUILD) $(BUILD)/check_her2cn
	REF_PATH=: H2_BIN=$(BIN) tests/e2e.sh
	python3 tests/snakemake_profile_keys.py workflow/profiles/*/config.v8+.yaml
	python3 tests/nf_meta_check.py workflow/nextflow/modules/her2cn/*/

unit: $(BUILD)/check_her2cn
	REF_PATH=: H2_TESTDATA=testdata H2_BUILD=$(BUILD) $(BUILD)/check_her2cn

e2e: $(BIN)
	REF_PATH=: H2_BIN=$(BIN) tests/e2e.sh

# Integration tests with MultiQC, Snakemake, cwltool, CNVkit and Chromium
# (installed by scripts/install-deps.sh --integration; .ci/run runs this).
integration: $(BIN)
	REF_PATH=: H2_BIN=$(BIN) tests/integration.sh

# Purity/ploidy fit on FACETS' stomach sample (GPL data read from the shared
# folder, never copied here; docs/PURITY.md). Not part of `make check`.
FACETS_CSV ?= ../shared/realdata/facets-stomach/stomach.csv.gz
$(BUILD)/fit_facets: tests/tools/fit_facets.c $(BUILD)/libher2cn.a | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libher2cn.a $(LIBS)

facets-check: $(BUILD)/fit_facets
	$(BUILD)/fit_facets $(FACETS_CSV)

# Benchmark against samtools, mosdepth and CNVkit (long; see docs/BENCHMARKS.md).
bench: $(BIN)
	scripts/bench.sh $(BIN)

# The Snakemake workflow on 200 simulated samples, --cores 2 (~40 min; docs/
# BENCHMARKS.md, "Cohort scale"); `scripts/bench-cohort.sh --quick` runs 10.
bench-cohort: $(BIN)
	scripts/bench-cohort.sh $(BIN)

# Valgrind memcheck: unit tests (one process) and every her2cn run of the
# end-to-end suite (tests/e2e.sh honours H2_WRAP); any error or definite
# leak makes valgrind exit 99, which fails the test that ran it. Unit tests
# run in one process (CK_FORK=no); children that tests fork on purpose (to
# write to /dev/full) exit without cleaning up and are not checked.
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite --show-leak-kinds=definite \
            --suppressions=$(CURDIR)/tests/valgrind.supp
# MEMCHECK_E2E: the e2e files (a glob) to run; .ci/run gives '[34]0-*' (the
# BAM and CRAM calls, which need no earlier file) to stay in its time budget.
MEMCHECK_E2E ?= *
memcheck: $(BIN) $(BUILD)/check_her2cn $(REPLAY_BIN)
	for f in $(FUZZ_NAMES); do $(VALGRIND) $(BUILD)/replay_$$f tests/fuzz/corpus/$$f || exit 1; done
	@# the unit tests and the e2e files in two shards, all three side by side
	@# (valgrind is single-threaded); the 9x files (the reliability matrix:
	@# error paths, 99-docs's table) run under ASan+UBSan+LeakSanitizer in
	@# make check SAN=..., not here (CI time)
	CK_FORK=no REF_PATH=: H2_TESTDATA=testdata H2_BUILD=$(BUILD) $(VALGRIND) --child-silent-after-fork=yes \
	    $(BUILD)/check_her2cn > $(BUILD)/memcheck-unit.log 2>&1 & pu=$$!; \
	REF_PATH=: H2_BIN=$(BIN) H2_WRAP="$(VALGRIND)" E2E_SKIP='9[0-9]-*' E2E_SHARD=1/2 \
	    E2E_ONLY='$(MEMCHECK_E2E)' tests/e2e.sh > $(BUILD)/memcheck-e2e-1.log 2>&1 & p1=$$!; \
	REF_PATH=: H2_BIN=$(BIN) H2_WRAP="$(VALGRIND)" E2E_SKIP='9[0-9]-*' E2E_SHARD=2/2 \
	    E2E_ONLY='$(MEMCHECK_E2E)' tests/e2e.sh > $(BUILD)/memcheck-e2e-2.log 2>&1; r2=$$?; \
	wait $$p1; r1=$$?; wait $$pu; ru=$$?; \
	cat $(BUILD)/memcheck-unit.log $(BUILD)/memcheck-e2e-1.log $(BUILD)/memcheck-e2e-2.log; \
	echo "memcheck: unit exit $$ru, e2e shards exit $$r1 $$r2"; \
	test $$ru -eq 0 && test $$r1 -eq 0 && test $$r2 -eq 0

FUZZ_CC    ?= clang
FUZZ_TIME  ?= 60
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
FUZZ_OBJ   := $(patsubst src/%.c,build-fuzz/%.o,$(LIB_SRC))
build-fuzz/%.o: src/%.c
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 -D_GNU_SOURCE -O1 -g $(FUZZ_FLAGS) -Iinclude $(HTS_CFLAGS) -c -o $@ $<
build-fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(FUZZ_OBJ)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined -Iinclude $(HTS_CFLAGS) \
	    -o $@ $< $(FUZZ_OBJ) $(LIBS)
fuzz-build: $(patsubst %,build-fuzz/%,$(FUZZ_NAMES))
fuzz:
	scripts/install-deps.sh fuzz
	$(MAKE) fuzz-build
	scripts/fuzz.sh $(FUZZ_TIME) $(FUZZ_NAMES)

# Mutation pass over every text input and the BAM/SAM header (docs/FUZZ.md;
# not in make check: ~30-60 min on 2 shared cores): the plain binary makes the
# seeds, the ASan+UBSan binary in build-san/ runs FUZZ_CASES cases per input.
.PHONY: fuzz-inputs
FUZZ_CASES ?= 160
fuzz-inputs:
	$(MAKE) SAN=address,undefined build-san/her2cn
	$(MAKE) build/her2cn
	scripts/fuzz_inputs.py --bin build-san/her2cn --plain build/her2cn \
	    --out build-san/fuzz-inputs --cases $(FUZZ_CASES)

# ThreadSanitizer build in build-tsan/: the unit tests (threaded counting)
# and tests/tsan.sh (simulate -@4; call BAM, CRAM, panel with -@1..-@8, -@64).
tsan:
	$(MAKE) SAN=thread BUILD=build-tsan build-tsan/her2cn build-tsan/check_her2cn
	REF_PATH=: TSAN_OPTIONS="halt_on_error=1 exitcode=66" H2_TESTDATA=testdata H2_BUILD=build-tsan build-tsan/check_her2cn
	H2_BIN=build-tsan/her2cn tests/tsan.sh

demo:
	scripts/install-deps.sh
	$(MAKE) her2cn
	scripts/demo.sh ./her2cn

# Validation study (~20-30 min on 2 cores): writes docs/VALIDATION.md.
validate: $(BIN)
	H2=$(BIN) scripts/validate.sh
	H2=$(BIN) scripts/validate-purity.sh
	H2=$(BIN) scripts/validate-assay.sh

# Assay situations (capture data without -t, the chr17 control, tumour-only
# panels, GC extremes, breakpoints in the gene): docs/VALIDATION-ASSAY.md.
validate-assay: $(BIN)
	H2=$(BIN) scripts/validate-assay.sh

# The clean grid (docs/VALIDATION-PURITY.md), then issue 19's realistic-noise
# and real-profile arms (docs/VALIDATION-PURITY-ARMS.md; several hours on 2
# cores: ARMS=noise or SEEDS=3 for less; the real data is read from
# ../shared/realdata, or REALDATA=DIR).
ARMS ?= all
SEEDS ?= 10
validate-purity: $(BIN)
	H2=$(BIN) scripts/validate-purity.sh
	H2=$(BIN) scripts/validate-purity.sh --arms $(ARMS) --seeds $(SEEDS)

# Release tarball dist/her2cn-VERSION.tar.gz (builds and tests on its own) and
# dist/recipe/ (the Bioconda recipe with its url and sha256 filled in). The
# version has one home, H2_VERSION in include/her2cn.h; set H2_HOME (and
# H2_URL, where the tarball is published) for a release.
H2_VERSION := $(shell sed -n 's/^\#define H2_VERSION "\(.*\)"/\1/p' include/her2cn.h)
H2_HOME ?= https://example.org/her2cn
H2_URL  ?= $(H2_HOME)/releases/her2cn-$(H2_VERSION).tar.gz
DISTDIR ?= dist
dist:
	scripts/dist.sh "$(DISTDIR)" "$(H2_VERSION)" "$(H2_URL)" "$(H2_HOME)"

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/her2cn
	install -m 644 docs/her2cn.1 $(DESTDIR)$(PREFIX)/share/man/man1/her2cn.1

clean:
	rm -rf build build-san build-tsan build-fuzz her2cn

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d)
