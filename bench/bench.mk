# make bench: ilonet against python-igraph, graph-tool and networkx on generated two-mode
# networks (bench/README.md). Included by the root Makefile; uses its BUILD, WARN, CFLAGS, ILONET.

BENCH_GEN     := $(BUILD)/bench/gen
BENCH_RUNS    ?= 3
BENCH_SIZES   ?= 20k 200k 2M
BENCH_TIMEOUT ?= 3600
BENCH_PEERS   ?= python_igraph graph_tool networkx
BENCH_SEED    ?= 1
# Debian's interpreter: the python3-* packages install there, whatever python3 is first in PATH.
BENCH_PYTHON  ?= /usr/bin/python3
BENCH_PKGS    := python3-igraph python3-graph-tool python3-networkx time

.PHONY: bench bench-deps bench-gen bench-paths

# The generator: libc only, the project's warnings.
$(BENCH_GEN): bench/gen.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(WARN) $(CFLAGS) $(SANFLAGS) -o $@ $<

bench-gen: $(BENCH_GEN)

# The peers and GNU time (for peak memory); not part of `make deps`.
bench-deps:
	@missing=""; for p in $(BENCH_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make bench-deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

BENCH_ENV = ILONET=$(ILONET) BENCH_GEN=$(BENCH_GEN) BENCH_RUNS=$(BENCH_RUNS) \
	BENCH_SIZES="$(BENCH_SIZES)" BENCH_TIMEOUT=$(BENCH_TIMEOUT) BENCH_PEERS="$(BENCH_PEERS)" \
	BENCH_SEED=$(BENCH_SEED) BENCH_PYTHON=$(BENCH_PYTHON)

# Whole-process timings, medians of BENCH_RUNS, written to bench/RESULTS.md.
bench: $(ILONET) $(BENCH_GEN)
	$(BENCH_ENV) $(BENCH_PYTHON) bench/run.py full

# Exact betweenness + closeness + harmonic only, on the 20k network.
bench-paths: $(ILONET) $(BENCH_GEN)
	$(BENCH_ENV) $(BENCH_PYTHON) bench/run.py paths
