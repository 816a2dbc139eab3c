#!/bin/sh
# The benchmark generator (bench/gen.c): it builds with the project's warnings, is deterministic,
# writes the documented two-mode CSV files, and `ilonet analyze` projects its output onto the
# organisations with as many ties as an independent awk count of org pairs sharing a project.
# The generator is compiled here with $CC (a clean clone's `make test` has not built it), so this
# needs no python peers and no `make bench`.
# Run from the repository root: ILONET=bin/ilonet sh tests/cli/test_bench.sh
. tests/cli/lib.sh
LC_ALL=C
export LC_ALL

GEN=$TMP/gen
ROWS=2000

# check NAME STATUS WHY: pass when STATUS is 0.
check() {
    if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}

# The same warnings as the Makefile's WARN (bench/bench.mk builds it with those).
# shellcheck disable=SC2086
${CC:-cc} -std=c11 -Wall -Wextra -Werror -Wstrict-prototypes -Wwrite-strings -Wshadow \
    -Wno-unused-parameter -pedantic -O2 -o "$GEN" bench/gen.c 2>"$TMP/cc.err"
check "generator builds with -Wall -Wextra -Werror -pedantic" $? "$(cat "$TMP/cc.err")"
if [ ! -x "$GEN" ]; then
    finish
fi

# gen ARGS...: runs the generator (under TEST_WRAP, e.g. valgrind); sets RC.
gen() {
    # shellcheck disable=SC2086
    $TEST_WRAP "$GEN" "$@" 2>"$TMP/gen.err"
    RC=$?
}

E=$TMP/e.csv
N=$TMP/n.csv
gen --edges $ROWS --seed 7 --out "$E" --nodes "$N"
check "generator exits 0" "$RC" "exit $RC: $(cat "$TMP/gen.err")"
"$GEN" --edges $ROWS --seed 7 --out "$TMP/e2.csv" --nodes "$TMP/n2.csv"
cmp -s "$E" "$TMP/e2.csv" && cmp -s "$N" "$TMP/n2.csv"
check "same seed, same bytes (edges and nodes)" $? "two runs with --seed 7 differ"
"$GEN" --edges $ROWS --seed 7 >"$TMP/e3.csv"
cmp -s "$E" "$TMP/e3.csv"
check "stdout holds the same rows as --out" $? "stdout differs from --out"
"$GEN" --edges $ROWS --seed 8 --out "$TMP/e4.csv" --nodes "$TMP/n4.csv"
! cmp -s "$E" "$TMP/e4.csv"
check "another seed, other rows" $? "--seed 7 and --seed 8 gave the same file"

[ "$(head -n 1 "$E")" = "source,target,weight,year" ]
check "edges header" $? "got '$(head -n 1 "$E")'"
rows=$(($(wc -l <"$E") - 1))
[ "$rows" -eq $ROWS ]
check "exactly --edges rows" $? "$rows rows, expected $ROWS"
bad=$(sed 1d "$E" | grep -Ecv '^org[0-9]{5,},prj[0-9]{6,},[1-5],20(1[0-9]|2[0-4])$')
[ "$bad" -eq 0 ]
check "ids org/prj, weights 1-5, years 2010-2024" $? "$bad malformed rows: $(sed 1d "$E" |
    grep -Ev '^org[0-9]{5,},prj[0-9]{6,},[1-5],20(1[0-9]|2[0-4])$' | head -n 3)"

pairs=$(sed 1d "$E" | cut -d, -f1,2 | sort -u | wc -l)
[ "$pairs" -lt "$rows" ]
check "some organisation-project pairs repeat" $? "no duplicate pair in $rows rows"
triples=$(sed 1d "$E" | cut -d, -f1,2,4 | sort -u | wc -l)
[ "$triples" -eq "$rows" ]
check "a repeated pair is another year" $? "$((rows - triples)) rows repeat pair and year"

# Heavy tails: the busiest organisation far above the mean; projects bounded at 200 members.
awk -F, 'NR > 1 { n[$1]++ } END { max = 0; for (o in n) { if (n[o] > max) max = n[o]; k++ }
    exit !(max >= 10 * (NR - 1) / k) }' "$E"
check "busiest organisation has 10x the mean rows" $? "no heavy tail of organisations"
sed 1d "$E" | cut -d, -f1,2 | sort -u | awk -F, '{ m[$2]++ } END { for (p in m) if (m[p] > max)
    max = m[p]; exit !(max >= 2 && max <= 200) }'
check "projects have 2 to 200 members" $? "largest project out of bounds"

[ "$(head -n 1 "$N")" = "id,label,kind" ]
check "nodes header" $? "got '$(head -n 1 "$N")'"
dup_ids=$(sed 1d "$N" | cut -d, -f1 | sort | uniq -d | wc -l)
[ "$dup_ids" -eq 0 ]
check "nodes ids are unique" $? "$dup_ids ids listed twice"
kinds=$(sed 1d "$N" | awk -F, '!(($1 ~ /^org/ && $3 == "organisation") ||
    ($1 ~ /^prj/ && $3 == "project"))' | wc -l)
[ "$kinds" -eq 0 ]
check "kind organisation for org ids, project for prj ids" $? "$kinds rows with another kind"
sed 1d "$E" | tr ',' '\n' | grep -E '^(org|prj)' | sort -u >"$TMP/edge_ids"
sed 1d "$N" | cut -d, -f1 | sort >"$TMP/node_ids"
missing=$(comm -23 "$TMP/edge_ids" "$TMP/node_ids" | wc -l)
[ "$missing" -eq 0 ]
check "nodes file covers every edge id" $? "$missing ids missing"
extra=$(comm -13 "$TMP/edge_ids" "$TMP/node_ids" | wc -l)
[ "$extra" -eq 0 ]
check "nodes file lists no id without ties" $? "$extra isolates"

gen --edges 12x
[ "$RC" -eq 2 ]
check "bad --edges is a usage error" $? "exit $RC"
gen --seed 3
[ "$RC" -eq 2 ]
check "--edges is required" $? "exit $RC"

# ilonet on it: strictly two-mode, so the default analysis is the organisations' projection.
# Independent count of its ties: distinct organisation pairs that share a project (awk).
orgs=$(grep -c ',organisation$' "$N")
shared=$(sed 1d "$E" | cut -d, -f1,2 | sort -u | sort -t, -k2,2 | awk -F, '
    $2 != prj { for (i = 1; i < k; i++) for (j = i + 1; j <= k; j++) print m[i] "," m[j]; k = 0; prj = $2 }
    { m[++k] = $1 }
    END { for (i = 1; i < k; i++) for (j = i + 1; j <= k; j++) print m[i] "," m[j] }' |
    sort -u | wc -l)
run analyze "$E" --nodes "$N" --out "$TMP/out"
expect "ilonet analyze: exit 0" 0
S=$TMP/out/summary.json
grep -q '"analysed": "projection onto the first mode"' "$S"
check "ilonet projects onto the organisations" $? "$(grep '"analysed"' "$S")"
grep -q '"is_two_mode": true' "$S"
check "ilonet sees strictly two-mode data" $? "$(grep '"is_two_mode"' "$S")"
grep -q "^  \"nodes\": $orgs,\$" "$S"
check "projection has every organisation ($orgs)" $? "$(grep '^  "nodes"' "$S")"
grep -q "^  \"edges\": $shared,\$" "$S"
check "projection has the $shared pairs sharing a project" $? "$(grep '^  "edges"' "$S")"
grep -q "^  \"duplicate_edges_merged\": $((rows - pairs)),\$" "$S"
check "ilonet merged the $((rows - pairs)) repeated pairs" $? \
    "$(grep '"duplicate_edges_merged"' "$S")"
prj_rows=$(grep -c '^prj' "$TMP/out/nodes.csv")
[ "$prj_rows" -eq 0 ]
check "no project in the projected nodes.csv" $? "$prj_rows project rows"

finish
