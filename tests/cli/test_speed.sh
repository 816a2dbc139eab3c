#!/bin/sh
# End-to-end tests of the scale features: --timings lists every phase, progress output never
# reaches a stderr that is not a terminal, and the sampling threshold for large graphs.
# Run from the repository root: ILONET=bin/ilonet sh tests/cli/test_speed.sh
. tests/cli/lib.sh

check() {
    if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}

K=$DATA/karate.csv

# --timings: one line per phase, each with seconds and peak memory
run analyze "$K" --timings --stability 2 --out "$TMP/t" -q
expect "analyze --timings" 0
for phase in "load" "build graph" "centralities" "structure" "clusters" "cluster stability" \
    "write tables"; do
    printf '%s\n' "$ERR" | grep -Eq "^ilonet: timing: $phase +[0-9]+\.[0-9]{3} s   peak memory +[0-9.]+ MB$"
    check "--timings shows the phase '$phase'" $? "$ERR"
done
run analyze "$K" --stability 2 --out "$TMP/t2" -q
if [ -z "$ERR" ]; then pass "no timings without --timings"; else fail "no timings without --timings" "$ERR"; fi
diff -r "$TMP/t" "$TMP/t2" >/dev/null
check "timings leave the outputs alone" $? "$(diff -r "$TMP/t" "$TMP/t2" | head -n 5)"
run render "$K" --timings --layout fr --out "$TMP/t/k.svg" -q
expect "render --timings" 0
for phase in "load" "centralities" "clusters" "layout \\(igraph\\)" "layout and render \\(Graphviz\\)"; do
    printf '%s\n' "$ERR" | grep -Eq "^ilonet: timing: $phase +[0-9]+\.[0-9]{3} s"
    check "render --timings shows '$phase'" $? "$ERR"
done
# Two-mode data: the projection is a phase of its own
run analyze "$DATA/render/kinds_edges.csv" --nodes "$DATA/render/kinds_nodes.csv" \
    --project-onto organisations --timings --out "$TMP/t3" -q
printf '%s\n' "$ERR" | grep -Eq "^ilonet: timing: two-mode projection +[0-9]"
check "--timings shows the two-mode projection" $? "$ERR"

# Progress: a bar with an estimate on a terminal's stderr, nothing in a file. A graph whose
# structure phase takes a few seconds (4,000 nodes, 16,000 ties, seeded awk).
if [ -n "$TEST_WRAP" ] || ! command -v script >/dev/null; then
    pass "progress: skipped (under $TEST_WRAP, or no script(1))"
else
    awk 'BEGIN { srand(7); print "source,target";
        for (i = 0; i < 16000; i++) { a = int(rand() * 4000); b = int(rand() * 4000);
            if (a != b) print "n" a ",n" b } }' >"$TMP/big.csv"
    run analyze "$TMP/big.csv" --out "$TMP/big1"
    expect "progress: run with stderr in a file" 0
    if printf '%s' "$ERR" | grep -q "$(printf '\r')" || printf '%s' "$ERR" | grep -q '%'; then
        fail "progress: nothing when stderr is not a terminal" "$ERR"
    else
        pass "progress: nothing when stderr is not a terminal"
    fi
    script -qec "$ILONET analyze $TMP/big.csv --out $TMP/big2" /dev/null >"$TMP/tty.txt" 2>&1
    grep -q "ilonet: .* \[#*  *\] *[0-9]*%, about [0-9]* s left" "$TMP/tty.txt"
    check "progress: a bar with the time left on a terminal" $? "$(head -c 300 "$TMP/tty.txt")"
    diff -r "$TMP/big1" "$TMP/big2" >/dev/null
    check "progress: the same outputs either way" $? "differ"
fi

# Path measures: worker processes give the same bits; summary.json says how they were computed.
run analyze "$K" --jobs 1 --out "$TMP/j1" -q
expect "--jobs 1" 0
run analyze "$K" --jobs 3 --out "$TMP/j3" -q
expect "--jobs 3" 0
diff -r "$TMP/j1" "$TMP/j3" >/dev/null
check "--jobs 1 and --jobs 3 give the same files" $? "$(diff -r "$TMP/j1" "$TMP/j3" | head -n 5)"
run analyze "$K" --jobs 0
expect "--jobs 0" 2 "--jobs must be a whole number from 1 to 256"
python3 - "$TMP/j1/summary.json" <<'EOF2'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["path_measures"] == {"measures": ["betweenness", "closeness", "harmonic"], "method": "exact"}, s["path_measures"]
assert s["structure"]["paths_estimated_from_sources"] is None, s["structure"]
EOF2
check "small networks: exact path measures, recorded" $? "see above"
run analyze "$K" --betweenness-samples 10 --out "$TMP/s10" -q
expect "--betweenness-samples 10" 0
python3 - "$TMP/s10/summary.json" <<'EOF2'
import json, sys
s = json.load(open(sys.argv[1]))
p = s["path_measures"]
assert p["method"] == "sampled" and p["sources"] == 10 and p["chosen"] == "--betweenness-samples", p
EOF2
check "sampled path measures are recorded with their sources" $? "see above"
run analyze "$K" --exact --out "$TMP/ex" -q
expect "--exact" 0
diff -r "$TMP/ex" "$TMP/j1" >/dev/null
check "--exact on a small network changes nothing" $? "differs"

# The size rule: 60,000 nodes (mostly isolates, so it stays quick) x 17,464 ties is above 1e9,
# so the path measures are estimated from ceil(1e9 / 17464) = 57,261 sources, and summary.json's
# path figures from 500; --exact keeps everything exact.
case "$TEST_WRAP" in
*valgrind*) pass "size rule: skipped under valgrind" ;;
*)
    awk 'BEGIN { print "id"; for (i = 0; i < 60000; i++) print "n" i }' >"$TMP/iso_nodes.csv"
    awk 'BEGIN { srand(5); print "source,target"; n = 0;
        while (n < 17500) { a = int(rand() * 3000); b = int(rand() * 3000);
            if (a != b) { print "n" a ",n" b; n++ } } }' >"$TMP/iso_edges.csv"
    run analyze "$TMP/iso_edges.csv" --nodes "$TMP/iso_nodes.csv" --tries 1 --out "$TMP/iso"
    expect "size rule: sampled above 1e9" 0 \
        "warning: 60000 nodes x 17464 ties is above 1e+09: betweenness, closeness and harmonic are estimated from 57261 sampled source nodes"
    python3 - "$TMP/iso/summary.json" <<'EOF2'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["path_measures"]["sources"] == 57261, s["path_measures"]
assert s["path_measures"]["chosen"] == "automatically (large network)", s["path_measures"]
assert s["structure"]["paths_estimated_from_sources"] == 500, s["structure"]
EOF2
    check "size rule: recorded in summary.json" $? "see above"
    run analyze "$TMP/iso_edges.csv" --nodes "$TMP/iso_nodes.csv" --tries 1 --exact --out "$TMP/iso2"
    expect "size rule: --exact" 0
    case "$ERR" in *"sampled source"*) fail "size rule: --exact does not sample" "$ERR" ;;
    *) pass "size rule: --exact does not sample" ;; esac
    python3 -c "
import json, sys; s = json.load(open('$TMP/iso2/summary.json'))
sys.exit(s['path_measures']['method'] != 'exact' or s['structure']['paths_estimated_from_sources'] is not None)"
    check "size rule: --exact is recorded as exact" $? "$(cat "$TMP/iso2/summary.json")"
    ;;
esac

finish
