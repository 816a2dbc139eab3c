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

finish
