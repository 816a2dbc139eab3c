# libFuzzer harnesses for the input loaders; included by the main Makefile (see tests/fuzz/README.md).
#   make fuzz            build every tests/fuzz/fuzz_*.c and fuzz each for FUZZ_SECONDS (default 60)
#   make fuzz-regress    replay the seed corpus and saved crash inputs once, without fuzzing
# Needs clang and its compiler-rt (Debian: clang libclang-rt-dev, i.e. libclang-rt-14-dev).

FUZZ_CC      ?= clang
FUZZ_DIR     ?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 10
FUZZ_MAX_LEN ?= 4096
FUZZ_FLAGS   ?=
# Extra compiler flags (e.g. -fsanitize-recover=CHECK to fuzz past a known, reported bug) and the
# sanitizer environment of every run (e.g. a UBSan suppressions file for that check).
FUZZ_EXTRA_CFLAGS ?=
FUZZ_RUN_ENV ?= UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

FUZZ_NAMES   := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)
FUZZ_LIB_SRC := $(wildcard src/*.c)
FUZZ_LIB_OBJ := $(FUZZ_LIB_SRC:src/%.c=$(FUZZ_DIR)/lib/%.o)
FUZZ_LIB     := $(FUZZ_DIR)/libilonet.a
FUZZ_SAN     := address,undefined
# -fno-sanitize-recover makes UBSan findings crashes that libFuzzer saves and counts.
FUZZ_CFLAGS   = $(WARN) -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all -Iinclude \
                $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(FUZZ_EXTRA_CFLAGS)
FUZZ_LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm
# The same options for fuzzing and replay; a run fails on any crash, leak, UB or timeout.
FUZZ_RUN_OPTS = -timeout=$(FUZZ_TIMEOUT) -dict=tests/fuzz/ilonet.dict -print_final_stats=1

.PHONY: fuzz fuzz-build fuzz-regress fuzz-check-cc

# libFuzzer ships in compiler-rt, which Debian packages apart from clang.
fuzz-check-cc:
	@command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz: $(FUZZ_CC) not found (make deps-dev)"; exit 1; }
	@rt=$$($(FUZZ_CC) -print-file-name=libclang_rt.fuzzer-$$(uname -m).a); [ -f "$$rt" ] || \
	  { echo "make fuzz: libFuzzer missing: install libclang-rt-dev (make deps-dev)"; exit 1; }

fuzz-build: fuzz-check-cc
	$(Q)$(MAKE) --no-print-directory $(FUZZ_BINS)

$(FUZZ_DIR)/lib/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $< (fuzz)")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -MMD -MP -c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $< $(FUZZ_LIB) $(FUZZ_LIBS)

# Fuzzes a working copy of each seed corpus (new inputs stay in build/, never in tests/), one
# harness after the other on one core; inputs that fail go to $(FUZZ_DIR)/artifacts/NAME/.
fuzz: fuzz-build
	@status=0; for n in $(FUZZ_NAMES); do \
	  mkdir -p $(FUZZ_DIR)/corpus-$$n $(FUZZ_DIR)/artifacts/$$n; \
	  cp -R tests/fuzz/corpus/$$n/. $(FUZZ_DIR)/corpus-$$n/; \
	  echo "make fuzz: $$n for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_RUN_ENV) $(FUZZ_DIR)/$$n $(FUZZ_RUN_OPTS) -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=$(FUZZ_MAX_LEN) -artifact_prefix=$(FUZZ_DIR)/artifacts/$$n/ $(FUZZ_FLAGS) \
	    $(FUZZ_DIR)/corpus-$$n || { status=1; \
	    echo "make fuzz: $$n FAILED; the input is in $(FUZZ_DIR)/artifacts/$$n/"; }; \
	done; exit $$status

# Each seed and each saved crash input (tests/fuzz/crashes/NAME/) runs once: -runs=0 executes
# the corpus directories given and stops before any mutation, writing nothing.
fuzz-regress: fuzz-build
	@status=0; for n in $(FUZZ_NAMES); do \
	  dirs=tests/fuzz/corpus/$$n; \
	  [ -d tests/fuzz/crashes/$$n ] && dirs="$$dirs tests/fuzz/crashes/$$n"; \
	  mkdir -p $(FUZZ_DIR)/artifacts/$$n; \
	  echo "make fuzz-regress: $$n over $$dirs"; \
	  $(FUZZ_RUN_ENV) $(FUZZ_DIR)/$$n $(FUZZ_RUN_OPTS) -runs=0 \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$n/ $(FUZZ_FLAGS) $$dirs \
	    || { status=1; echo "make fuzz-regress: $$n FAILED"; }; \
	done; exit $$status

-include $(FUZZ_LIB_OBJ:.o=.d)
