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

HTS_CFLAGS := $(shell pkg-config --cflags htslib 2>/dev/null)
HTS_LIBS   := $(shell pkg-config --libs htslib 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

ALL_CFLAGS := $(WARN) $(CFLAGS) -Iinclude $(HTS_CFLAGS) -pthread
LIBS       := $(HTS_LIBS) -lm -pthread

LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(LIB_SRC))
TEST_SRC := $(wildcard tests/check_*.c) tests/runner.c
TEST_OBJ := $(patsubst tests/%.c,$(BUILD)/tests/%.o,$(TEST_SRC))
BIN := $(BUILD)/her2cn

.PHONY: all check unit e2e integration demo install clean deps bench validate
all: her2cn

her2cn: $(BIN)
	cp $(BIN) her2cn

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CHECK_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libher2cn.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BIN): $(BUILD)/main.o $(BUILD)/libher2cn.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/check_her2cn: $(TEST_OBJ) $(BUILD)/libher2cn.a
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LIBS)

$(BUILD) $(BUILD)/tests:
	mkdir -p $@

deps:
	scripts/install-deps.sh

# Unit tests (Check) then end-to-end tests of the real binary.
check: $(BIN) $(BUILD)/check_her2cn
	REF_PATH=: H2_TESTDATA=testdata H2_BUILD=$(BUILD) $(BUILD)/check_her2cn
	REF_PATH=: H2_BIN=$(BIN) tests/e2e.sh

unit: $(BUILD)/check_her2cn
	REF_PATH=: H2_TESTDATA=testdata H2_BUILD=$(BUILD) $(BUILD)/check_her2cn

e2e: $(BIN)
	REF_PATH=: H2_BIN=$(BIN) tests/e2e.sh

# Integration tests with MultiQC, Snakemake, cwltool, CNVkit and Chromium
# (installed by scripts/install-deps.sh --integration; .ci/run runs this).
integration: $(BIN)
	REF_PATH=: H2_BIN=$(BIN) tests/integration.sh

# Benchmark against samtools, mosdepth and CNVkit (long; see docs/BENCHMARKS.md).
bench: $(BIN)
	scripts/bench.sh $(BIN)

demo:
	scripts/install-deps.sh
	$(MAKE) her2cn
	scripts/demo.sh ./her2cn

# Validation study (~20-30 min on 2 cores): writes docs/VALIDATION.md.
validate: $(BIN)
	H2=$(BIN) scripts/validate.sh

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/her2cn
	install -m 644 docs/her2cn.1 $(DESTDIR)$(PREFIX)/share/man/man1/her2cn.1

clean:
	rm -rf build build-san her2cn

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d)
