# ilonet: plain Makefile. `make run` and `make test` install what is missing first.
# Objects go to $(BUILD); V=1 shows commands. SAN=1 builds with AddressSanitizer + UBSan.

CC      ?= cc
CFLAGS  ?= -O2 -g
BUILD   ?= build
BIN     ?= bin
PKGS    := igraph libcgraph libgvc jansson zlib inih nettle
DEPS_PKGS := gcc make pkg-config libigraph-dev libgraphviz-dev libcsv-dev libjansson-dev \
             libcmocka-dev zlib1g-dev libinih-dev nettle-dev python3 valgrind fonts-dejavu-core libxml2-utils poppler-utils

WARN    := -std=c11 -Wall -Wextra -Werror -Wstrict-prototypes -Wwrite-strings -Wshadow \
           -Wno-unused-parameter -pedantic
ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SANFLAGS) -Iinclude $(PKG_CFLAGS) -MMD -MP
LDLIBS_ALL = $(SANFLAGS) $(PKG_LIBS)

ifneq ($(V),1)
Q := @
endif

LIB_SRC  := $(wildcard src/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
TEST_SRC := $(wildcard tests/unit/test_*.c)
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/lib/%.o)
CLI_OBJ  := $(CLI_SRC:src/cli/%.c=$(BUILD)/cli/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIB      := $(BUILD)/libilonet.a
ILONET   := $(BIN)/ilonet$(if $(filter 1,$(SAN)),-san,)

DATASET  := datasets/ilo_partnerships
RUN_OUT  := output/ilo_partnerships

.PHONY: all deps deps-dev build check test test-asan test-valgrind check-asan check-valgrind run clean \
        lint format

all: $(ILONET)

# Installs every Debian package the build, tests and `make run` need, when missing.
deps:
	@missing=""; for p in $(DEPS_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Extra tools for CI and development (a second compiler), not needed to build or run.
DEV_PKGS := clang libclang-rt-dev
deps-dev:
	@missing=""; for p in $(DEV_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(Q)$(MAKE) --no-print-directory all

$(BUILD)/lib/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/cli/%.o: src/cli/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(ILONET): $(CLI_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS_ALL) -lcmocka

# The suite itself, without installing anything (used by test, test-asan, test-valgrind).
check: $(ILONET) $(TEST_BIN)
	$(Q)LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  ILONET=$(ILONET) TEST_WRAP="$(TEST_WRAP)" sh tests/run_tests.sh $(TEST_BIN)

test: deps
	$(Q)$(MAKE) --no-print-directory check

test-asan: deps
	$(Q)$(MAKE) --no-print-directory check SAN=1 BUILD=build/asan

VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
            --show-leak-kinds=definite --suppressions=$(CURDIR)/tests/valgrind.supp
test-valgrind: deps
	$(Q)$(MAKE) --no-print-directory check TEST_WRAP="$(VALGRIND)"

# The names the hostile-input work uses for the same two runs.
check-asan: test-asan
check-valgrind: test-valgrind

# The main job: the ILO report set of datasets/ilo_partnerships/report.ini (figures, tables and
# run.json) into output/ilo_partnerships/.
run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(ILONET) batch $(DATASET)/report.ini --out $(RUN_OUT)

# Banned functions (unbounded or error-blind), as in curl's checksrc.
lint:
	@! grep -nE '\b(sprintf|vsprintf|strcpy|strcat|atoi|atol|strtok|gets)\s*\(' src/*.c src/cli/*.c tests/unit/*.c \
	  || { echo "make lint: banned function used"; exit 1; }
	@echo "make lint: ok"

format:
	clang-format -i src/*.c src/cli/*.c include/ilonet/*.h tests/unit/*.c tests/unit/*.h

clean:
	rm -rf build bin

# make fuzz / make fuzz-regress: libFuzzer harnesses for the loaders (clang).
-include tests/fuzz/fuzz.mk
-include bench/bench.mk

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_BIN:=.d)
