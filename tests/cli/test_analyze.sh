#!/bin/sh
# End-to-end tests of `ilonet analyze`: good inputs and their output files, malformed inputs
# (exit code, "ilonet: FILE:LINE: ..." message, no partial output), usage errors, help and
# version, default output directory, standard input, determinism and quiet/normal output.
# Run from the repository root: ILONET=bin/ilonet sh tests/cli/test_analyze.sh
# Fixtures are described in tests/data/README.md.
. tests/cli/lib.sh

BAD=$DATA/bad
EXP=$DATA/expected
TP=$DATA/triangle_pendant.csv
HEADER=id,label,kind,degree,strength,betweenness,closeness,harmonic,eigenvector,pagerank,coreness,cluster,clustering,constraint
DHEADER=id,label,kind,degree,in_degree,out_degree,strength,betweenness,closeness,harmonic,eigenvector,pagerank,coreness,cluster,clustering,constraint,hub,authority
NL='
'

# The binary by absolute path, for runs from another working directory.
case $ILONET in
/*) ILONET_ABS=$ILONET ;;
*/*) ILONET_ABS=$(pwd)/$ILONET ;;
*) ILONET_ABS=$(command -v "$ILONET") ;;
esac

# ---------------------------------------------------------------------------------------------
# Helpers (no `local` in POSIX sh: helper variables are prefixed to stay out of lib.sh's way)

# check NAME CONDITION-RESULT WHY: pass when the previous command succeeded.
check() {
    if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}

# same NAME FILE EXPECTED: FILE is byte-identical to EXPECTED.
same() {
    if cmp -s "$2" "$3"; then
        pass "$1"
    else
        fail "$1" "$2 differs from $3:$NL$(diff "$3" "$2" 2>&1 | head -n 20)"
    fi
}

# outputs NAME DIR: DIR holds exactly nodes.csv, clusters.csv and summary.json (no temp files).
outputs() {
    o_list=$(ls -A "$2" 2>/dev/null | sort | tr '\n' ' ')
    if [ "$o_list" = "clusters.csv nodes.csv summary.json " ]; then
        pass "$1"
    else
        fail "$1" "$2 holds: '$o_list'"
    fi
}

# good NAME DIR ARGS...: runs `analyze ARGS --out DIR`, expects exit 0 and the three files.
good() {
    g_name=$1 g_dir=$2
    shift 2
    run analyze "$@" --out "$g_dir"
    expect "$g_name: exit 0" 0
    outputs "$g_name: output files" "$g_dir"
}

# first_line NAME FILE EXPECTED: the first line of FILE is exactly EXPECTED.
first_line() {
    f_got=$(head -n 1 "$2" 2>/dev/null)
    if [ "$f_got" = "$3" ]; then pass "$1"; else fail "$1" "got '$f_got', expected '$3'"; fi
}

# json_value FILE KEY: the scalar after "KEY": in summary.json (jansson writes one per line).
json_value() {
    sed -n "s/^ *\"$2\": \(.*\)\$/\1/p" "$1" | sed 's/,$//' | head -n 1
}

# json_is NAME FILE KEY VALUE
json_is() {
    j_got=$(json_value "$2" "$3")
    if [ "$j_got" = "$4" ]; then pass "$1"; else fail "$1" "\"$3\" is '$j_got', expected '$4'"; fi
}

# field FILE ID N: field N of the nodes.csv row whose id is ID (ids without commas or quotes).
field() {
    awk -F, -v id="$2" -v n="$3" '$1 == id { print $n; exit }' "$1"
}

# field_is NAME FILE ID N VALUE
field_is() {
    fi_got=$(field "$2" "$3" "$4")
    if [ "$fi_got" = "$5" ]; then
        pass "$1"
    else
        fail "$1" "row $3 field $4 is '$fi_got', expected '$5'"
    fi
}

# stderr_lines: number of lines the last run wrote to stderr.
stderr_lines() {
    wc -l <"$TMP/stderr" | tr -d ' '
}

# one_line_error NAME PREFIX: stderr is exactly one line and starts with PREFIX.
one_line_error() {
    if [ "$(stderr_lines)" != 1 ]; then
        fail "$1" "expected one line on stderr, got: $ERR"
        return
    fi
    case $ERR in
    "$2"*) pass "$1" ;;
    *) fail "$1" "stderr does not start with '$2': $ERR" ;;
    esac
}

# bad NAME CODE PREFIX ARGS...: `analyze ARGS --out DIR` fails with CODE, a one-line message
# starting with PREFIX, nothing on stdout, and no file in DIR.
bad() {
    b_name=$1 b_code=$2 b_prefix=$3
    shift 3
    b_dir=$TMP/bad-$b_name
    run analyze "$@" --out "$b_dir"
    expect "$b_name: exit $b_code" "$b_code"
    one_line_error "$b_name: message" "$b_prefix"
    [ -z "$OUT" ] && pass "$b_name: stdout empty" || fail "$b_name: stdout empty" "$OUT"
    no_files "$b_name: no output" "$b_dir"
}

# usage NAME ARGS...: ilonet ARGS exits 2 with one "ilonet: " line on stderr, nothing on stdout.
usage() {
    u_name=$1
    shift
    run "$@"
    expect "usage $u_name: exit 2" 2
    one_line_error "usage $u_name: message" "ilonet: "
    [ -z "$OUT" ] && pass "usage $u_name: stdout empty" || fail "usage $u_name: stdout empty" "$OUT"
}

# ---------------------------------------------------------------------------------------------
# Triangle a-b-c plus pendant c-d, checked by hand against tests/data/expected/.
D=$TMP/tp
good "triangle" "$D" "$TP"
first_line "triangle: nodes.csv header" "$D/nodes.csv" "$HEADER"
same "triangle: nodes.csv as expected" "$D/nodes.csv" "$EXP/triangle_pendant.nodes.csv"
same "triangle: clusters.csv as expected" "$D/clusters.csv" "$EXP/triangle_pendant.clusters.csv"
field_is "triangle: betweenness of c is 2" "$D/nodes.csv" c 6 2
field_is "triangle: coreness of d is 1" "$D/nodes.csv" d 11 1
json_is "triangle: summary nodes" "$D/summary.json" nodes 4
json_is "triangle: summary edges" "$D/summary.json" edges 4
json_is "triangle: summary components" "$D/summary.json" components 1
json_is "triangle: summary directed" "$D/summary.json" directed false
json_is "triangle: summary seed" "$D/summary.json" seed 42
json_is "triangle: summary duplicates" "$D/summary.json" duplicate_edges_merged 0
json_is "triangle: summary self-loops" "$D/summary.json" self_loops_dropped 0
json_is "triangle: summary nodes added" "$D/summary.json" nodes_added_from_edges 0
if python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$D/summary.json" 2>/dev/null ||
    ! command -v python3 >/dev/null 2>&1; then
    pass "triangle: summary.json is valid JSON"
else
    fail "triangle: summary.json is valid JSON" "python3 json.load refused it"
fi

# Normal run: nothing on stdout, exactly one summary line on stderr.
[ -z "$OUT" ] && pass "plain run: stdout empty" || fail "plain run: stdout empty" "$OUT"
check "plain run: one stderr line" "$([ "$(stderr_lines)" = 1 ]; echo $?)" "stderr: $ERR"
case $ERR in
"ilonet: 4 nodes, 4 ties from 4 rows (0 merged, 0 self-loops dropped), "*"-> $D/")
    pass "plain run: summary line" ;;
*) fail "plain run: summary line" "$ERR" ;;
esac

# --quiet / -q: nothing at all on success.
run analyze "$TP" --quiet --out "$TMP/quiet"
expect "quiet: exit 0" 0
[ -z "$OUT$ERR" ] && pass "quiet: prints nothing" || fail "quiet: prints nothing" "out '$OUT' err '$ERR'"
same "quiet: same nodes.csv" "$TMP/quiet/nodes.csv" "$EXP/triangle_pendant.nodes.csv"
run analyze "$TP" -q -o "$TMP/quiet2"
[ "$RC" -eq 0 ] && [ -z "$OUT$ERR" ] && pass "-q -o: quiet" || fail "-q -o: quiet" "rc $RC '$OUT' '$ERR'"

# --verbose: phases on stderr, stdout still empty.
run analyze "$TP" --verbose --out "$TMP/verbose"
expect "verbose: exit 0" 0
[ -z "$OUT" ] && [ "$(stderr_lines)" -gt 1 ] && pass "verbose: phases on stderr" ||
    fail "verbose: phases on stderr" "out '$OUT' err '$ERR'"

# The same graph as a TAB file gives byte-identical tables.
good "tab" "$TMP/tab" "$DATA/triangle_pendant_tab.tsv"
same "tab: nodes.csv as comma file" "$TMP/tab/nodes.csv" "$EXP/triangle_pendant.nodes.csv"
same "tab: clusters.csv as comma file" "$TMP/tab/clusters.csv" "$EXP/triangle_pendant.clusters.csv"
good "tab forced" "$TMP/tab2" "$DATA/triangle_pendant_tab.tsv" --delimiter tab
same "tab forced: nodes.csv" "$TMP/tab2/nodes.csv" "$EXP/triangle_pendant.nodes.csv"

# ---------------------------------------------------------------------------------------------
# Semicolons + CRLF + UTF-8 BOM + accents: same tables as the plain comma twin.
good "comma twin" "$TMP/intl" "$DATA/intl_comma.csv"
good "semicolon BOM CRLF" "$TMP/intl-semi" "$DATA/intl_semicolon_bom_crlf.csv"
same "semicolon: nodes.csv as comma twin" "$TMP/intl-semi/nodes.csv" "$TMP/intl/nodes.csv"
same "semicolon: clusters.csv as comma twin" "$TMP/intl-semi/clusters.csv" "$TMP/intl/clusters.csv"
good "semicolon forced" "$TMP/intl-semi2" "$DATA/intl_semicolon_bom_crlf.csv" --delimiter ';'
same "semicolon forced: nodes.csv" "$TMP/intl-semi2/nodes.csv" "$TMP/intl/nodes.csv"
first_line "semicolon: header (no BOM, no CR)" "$TMP/intl-semi/nodes.csv" "$HEADER"
if grep -q "$(printf '\r')" "$TMP/intl-semi/nodes.csv"; then
    fail "semicolon: no CR in output" "nodes.csv holds a carriage return"
else
    pass "semicolon: no CR in output"
fi
# Accented ids, written as UTF-8 bytes so this check does not depend on the script's encoding.
for n in 'Organizaci\303\263n Internacional del Trabajo' 'Soci\303\251t\303\251 G\303\251n\303\251rale' \
    'Minist\303\250re du Travail' 'Z\303\274rich Versicherung'; do
    bytes=$(printf "$n")
    c=$(grep -cF "$bytes,$bytes,," "$TMP/intl-semi/nodes.csv")
    check "accents: $bytes in nodes.csv" "$([ "$c" = 1 ]; echo $?)" "row '$bytes,$bytes,,' missing"
done
OIT=$(printf 'Organizaci\303\263n Internacional del Trabajo')
grep -qF "1,2,2.5,$OIT,\"$OIT; " "$TMP/intl-semi/clusters.csv"
check "accents: clusters.csv members" $? "$(cat "$TMP/intl-semi/clusters.csv")"
field_is "semicolon: weights summed into strength" "$TMP/intl-semi/nodes.csv" \
    "$(printf 'Minist\303\250re du Travail')" 5 6

# A forced delimiter that does not match the file: the header has no "source" column.
bad "wrong delimiter" 1 "ilonet: $DATA/intl_semicolon_bom_crlf.csv:1: " \
    "$DATA/intl_semicolon_bom_crlf.csv" --delimiter ,

# ---------------------------------------------------------------------------------------------
# Duplicate rows (both directions), a self-loop and weights.
D=$TMP/dup
good "duplicates" "$D" "$DATA/duplicates_loops.csv"
json_is "duplicates: merged rows" "$D/summary.json" duplicate_edges_merged 3
json_is "duplicates: self-loops dropped" "$D/summary.json" self_loops_dropped 1
json_is "duplicates: nodes added" "$D/summary.json" nodes_added_from_edges 0
json_is "duplicates: edge rows" "$D/summary.json" edge_rows 6
json_is "duplicates: ties" "$D/summary.json" edges 2
json_is "duplicates: weight column" "$D/summary.json" weight_column '"weight"'
field_is "duplicates: strength a = 1+2+0.5" "$D/nodes.csv" a 5 3.5
field_is "duplicates: strength b = 3.5+2" "$D/nodes.csv" b 5 5.5
field_is "duplicates: strength c = 1+1" "$D/nodes.csv" c 5 2
field_is "duplicates: degree b" "$D/nodes.csv" b 4 2
case $ERR in
*"warning: 1 self-loop"*) pass "duplicates: self-loop warning" ;;
*) fail "duplicates: self-loop warning" "$ERR" ;;
esac
case $ERR in
*"6 rows (3 merged, 1 self-loops dropped)"*) pass "duplicates: summary line counts" ;;
*) fail "duplicates: summary line counts" "$ERR" ;;
esac
D=$TMP/dup-directed
good "duplicates directed" "$D" "$DATA/duplicates_loops.csv" --directed
json_is "duplicates directed: only same-direction rows merge" "$D/summary.json" \
    duplicate_edges_merged 1
json_is "duplicates directed: self-loops dropped" "$D/summary.json" self_loops_dropped 1
json_is "duplicates directed: ties" "$D/summary.json" edges 4

# ---------------------------------------------------------------------------------------------
# Nodes file: labels, kinds, a carried column and an isolate.
D=$TMP/nodes
good "nodes file" "$D" "$TP" --nodes "$DATA/nodes_isolate.csv"
first_line "nodes file: header with carried column" "$D/nodes.csv" "$HEADER,country"
field_is "nodes file: label" "$D/nodes.csv" a 2 Alpha
field_is "nodes file: kind" "$D/nodes.csv" c 3 project
field_is "nodes file: carried value" "$D/nodes.csv" d 15 DE
field_is "nodes file: empty carried value" "$D/nodes.csv" c 15 ""
field_is "isolate: degree 0" "$D/nodes.csv" e 4 0
field_is "isolate: closeness empty" "$D/nodes.csv" e 7 ""
field_is "isolate: own cluster" "$D/nodes.csv" e 12 3
if grep -qi -e nan -e inf "$D/nodes.csv" "$D/clusters.csv"; then
    fail "isolate: no nan/inf in tables" "$(grep -i -e nan -e inf "$D/nodes.csv" "$D/clusters.csv")"
else
    pass "isolate: no nan/inf in tables"
fi
json_is "nodes file: components" "$D/summary.json" components 2
json_is "nodes file: nodes" "$D/summary.json" nodes 5
json_is "nodes file: nodes added" "$D/summary.json" nodes_added_from_edges 0
json_is "nodes file: nodes_file" "$D/summary.json" nodes_file "\"$DATA/nodes_isolate.csv\""

# Nodes file without d: d is added from the edges, with a warning (refused under --strict below).
D=$TMP/partial
good "partial nodes" "$D" "$TP" --nodes "$DATA/nodes_partial.csv"
json_is "partial nodes: nodes added" "$D/summary.json" nodes_added_from_edges 1
field_is "partial nodes: label falls back to id" "$D/nodes.csv" d 2 d
field_is "partial nodes: kind empty" "$D/nodes.csv" d 3 ""
case $ERR in
*"warning: 1 edge endpoint not in the nodes file"*) pass "partial nodes: warning" ;;
*) fail "partial nodes: warning" "$ERR" ;;
esac

# ---------------------------------------------------------------------------------------------
# Quoted fields with commas, doubled quotes and a newline.
D=$TMP/quoted
good "quoted" "$D" "$DATA/quoted.csv"
json_is "quoted: three rows (one spans two lines)" "$D/summary.json" edge_rows 3
json_is "quoted: three nodes" "$D/summary.json" nodes 3
grep -qxF '"Acme, Inc.","Acme, Inc.",,2,2,0,1,1,1,0.333333333333,2,1,1,1.125' "$D/nodes.csv"
check "quoted: comma id re-quoted" $? "$(cat "$D/nodes.csv")"
grep -qF '"c ""the third""","c ""the third""",,2,' "$D/nodes.csv"
check "quoted: quote id re-quoted" $? "$(cat "$D/nodes.csv")"
c=$(wc -l <"$D/nodes.csv" | tr -d ' ')
check "quoted: 3 rows + header" "$([ "$c" = 4 ]; echo $?)" "$c lines"

# ---------------------------------------------------------------------------------------------
# Directed ties, checked by hand against tests/data/expected/.
D=$TMP/directed
good "directed" "$D" "$DATA/directed.csv" --directed
first_line "directed: header with in/out degree" "$D/nodes.csv" "$DHEADER"
same "directed: nodes.csv as expected" "$D/nodes.csv" "$EXP/directed.nodes.csv"
same "directed: clusters.csv as expected" "$D/clusters.csv" "$EXP/directed.clusters.csv"
json_is "directed: directed" "$D/summary.json" directed true
json_is "directed: path mode" "$D/summary.json" path_mode '"out"'
json_is "directed: clustered as undirected" "$D/summary.json" clustered_as_undirected true
case $ERR in
*"warning: Louvain needs undirected ties"*) pass "directed: Louvain warning" ;;
*) fail "directed: Louvain warning" "$ERR" ;;
esac
for m in in all; do
    good "directed --mode $m" "$TMP/directed-$m" "$DATA/directed.csv" --directed --mode $m
    json_is "directed --mode $m: path mode" "$TMP/directed-$m/summary.json" path_mode "\"$m\""
    first_line "directed --mode $m: header" "$TMP/directed-$m/nodes.csv" "$DHEADER"
done
field_is "directed --mode all: betweenness of a" "$TMP/directed-all/nodes.csv" a 8 2
good "undirected same file" "$TMP/undirected" "$DATA/directed.csv"
first_line "undirected: no in/out degree" "$TMP/undirected/nodes.csv" "$HEADER"
json_is "undirected: b->a merged into a-b" "$TMP/undirected/summary.json" duplicate_edges_merged 1
run analyze "$TP" --mode in --out "$TMP/mode-undirected"
expect "--mode without --directed: exit 0" 0 "warning: --mode only matters with --directed"

# Weight options and column names.
good "weight as distance" "$TMP/distance" "$DATA/intl_comma.csv" --weight-is distance
json_is "weight as distance: recorded" "$TMP/distance/summary.json" weight_is '"distance"'
good "explicit weight column" "$TMP/wcol" "$DATA/intl_comma.csv" --weight-col weight
same "explicit weight column: same nodes.csv" "$TMP/wcol/nodes.csv" "$TMP/intl/nodes.csv"
bad "missing weight column" 1 "ilonet: $TP:1: no \"w\" column" "$TP" --weight-col w
good "target column option" "$TMP/tcol" "$BAD/missing_target.csv" --target-col dest
good "source/target column options" "$TMP/stcol" "$DATA/directed.csv" --source-col target \
    --target-col source --directed
field_is "source/target swapped: out-degree of d" "$TMP/stcol/nodes.csv" d 6 1

# ---------------------------------------------------------------------------------------------
# Determinism: the same run twice gives byte-identical files; another seed still works.
DET_IN=$DATA/karate.csv
[ -f "$DET_IN" ] || DET_IN=$TP
good "determinism run 1" "$TMP/det1" "$DET_IN"
good "determinism run 2" "$TMP/det2" "$DET_IN"
for f in nodes.csv clusters.csv summary.json; do
    same "determinism: $f" "$TMP/det2/$f" "$TMP/det1/$f"
done
good "determinism with nodes 1" "$TMP/detn1" "$TP" --nodes "$DATA/nodes_isolate.csv" --seed 7
good "determinism with nodes 2" "$TMP/detn2" "$TP" --nodes "$DATA/nodes_isolate.csv" --seed 7
for f in nodes.csv clusters.csv summary.json; do
    same "determinism with nodes: $f" "$TMP/detn2/$f" "$TMP/detn1/$f"
done
good "other seed" "$TMP/seed" "$DET_IN" --seed 12345
json_is "other seed: recorded" "$TMP/seed/summary.json" seed 12345
good "seed 0" "$TMP/seed0" "$TP" --seed 0

# ---------------------------------------------------------------------------------------------
# Standard input.
run analyze - --out "$TMP/stdin" <"$TP"
expect "stdin: exit 0" 0
outputs "stdin: output files" "$TMP/stdin"
same "stdin: nodes.csv as file input" "$TMP/stdin/nodes.csv" "$EXP/triangle_pendant.nodes.csv"
same "stdin: clusters.csv as file input" "$TMP/stdin/clusters.csv" "$EXP/triangle_pendant.clusters.csv"
run analyze - --out "$TMP/stdin-bad" <"$BAD/zero_weight.csv"
expect "stdin bad: exit 1" 1
one_line_error "stdin bad: message names <stdin>" "ilonet: <stdin>:3: "
no_files "stdin bad: no output" "$TMP/stdin-bad"

# Default output directory output/<stem>/, run in a scratch directory so the repo is untouched.
mkdir -p "$TMP/cwd"
cp "$TP" "$TMP/cwd/"
(cd "$TMP/cwd" && $TEST_WRAP "$ILONET_ABS" analyze triangle_pendant.csv) >"$TMP/stdout" 2>"$TMP/stderr"
RC=$?
ERR=$(cat "$TMP/stderr")
expect "default out dir: exit 0" 0 "-> output/triangle_pendant/"
outputs "default out dir: output/triangle_pendant/" "$TMP/cwd/output/triangle_pendant"
same "default out dir: nodes.csv" "$TMP/cwd/output/triangle_pendant/nodes.csv" \
    "$EXP/triangle_pendant.nodes.csv"
(cd "$TMP/cwd" && $TEST_WRAP "$ILONET_ABS" analyze - -q) <"$TP" >"$TMP/stdout" 2>"$TMP/stderr"
RC=$?
ERR=$(cat "$TMP/stderr")
expect "default out dir for stdin: exit 0" 0
outputs "default out dir for stdin: output/stdin/" "$TMP/cwd/output/stdin"
c=$(ls -A "$TMP/cwd/output" | tr '\n' ' ')
check "default out dir: nothing else created" "$([ "$c" = "stdin triangle_pendant " ]; echo $?)" \
    "output/ holds: $c"

# ---------------------------------------------------------------------------------------------
# Malformed inputs: exit 1, "ilonet: FILE:LINE: ..." (or "FILE: ..." when no line is at fault),
# no output at all.
bad "empty file" 1 "ilonet: $BAD/empty.csv: the file is empty" "$BAD/empty.csv"
bad "header only" 1 "ilonet: $BAD/header_only.csv: no edges after the header" "$BAD/header_only.csv"
bad "missing target column" 1 "ilonet: $BAD/missing_target.csv:1: no \"target\" column" \
    "$BAD/missing_target.csv"
bad "non-numeric weight" 1 "ilonet: $BAD/weight_text.csv:3: weight \"heavy\" is not a number" \
    "$BAD/weight_text.csv"
bad "decimal comma weight" 1 "ilonet: $BAD/weight_decimal_comma.csv:2: weight \"12,5\"" \
    "$BAD/weight_decimal_comma.csv"
bad "zero weight" 1 "ilonet: $BAD/zero_weight.csv:3: " "$BAD/zero_weight.csv"
bad "negative weight" 1 "ilonet: $BAD/negative_weight.csv:4: " "$BAD/negative_weight.csv"
bad "NaN weight" 1 "ilonet: $BAD/nan_weight.csv:2: " "$BAD/nan_weight.csv"
bad "inf weight" 1 "ilonet: $BAD/inf_weight.csv:3: " "$BAD/inf_weight.csv"
bad "unterminated quote" 1 "ilonet: $BAD/unterminated_quote.csv:3: unterminated quoted field" \
    "$BAD/unterminated_quote.csv"
bad "stray quote" 1 "ilonet: $BAD/stray_quote.csv:3: malformed quoting" "$BAD/stray_quote.csv"
bad "wrong field count" 1 "ilonet: $BAD/field_count.csv:3: 3 fields but the header has 2" \
    "$BAD/field_count.csv"
bad "line after multi-line fields" 1 "ilonet: $BAD/multiline_then_bad.csv:7: " \
    "$BAD/multiline_then_bad.csv"
bad "empty source" 1 "ilonet: $BAD/empty_source.csv:3: empty source" "$BAD/empty_source.csv"
bad "Latin-1 byte" 1 "ilonet: $BAD/latin1.csv:3: invalid UTF-8 (byte 0xE9" "$BAD/latin1.csv"
bad "UTF-16 with BOM" 1 "ilonet: $BAD/utf16.csv:1: the file is UTF-16" "$BAD/utf16.csv"
bad "duplicate node id" 1 "ilonet: $BAD/nodes_duplicate_id.csv:4: duplicate id \"a\"" \
    "$TP" --nodes "$BAD/nodes_duplicate_id.csv"
bad "strict: endpoint not in nodes" 1 "ilonet: $TP:5: target \"d\" is not in the nodes file" \
    "$TP" --nodes "$BAD/nodes_strict_missing.csv" --strict
bad "nodes file as edges" 1 "ilonet: $BAD/nodes_strict_missing.csv:1: no \"source\" column" \
    "$BAD/nodes_strict_missing.csv"

# Missing files: exit 3.
run analyze nonexistent.csv --out "$TMP/missing"
expect "missing input: exit 3" 3
check "missing input: message" \
    "$([ "$ERR" = "ilonet: nonexistent.csv: cannot open: No such file or directory" ]; echo $?)" "$ERR"
no_files "missing input: no output" "$TMP/missing"
bad "missing nodes file" 3 "ilonet: $TMP/nonexistent-nodes.csv: cannot open: No such file" \
    "$TP" --nodes "$TMP/nonexistent-nodes.csv"
: >"$TMP/a-file"
run analyze "$TP" --out "$TMP/a-file"
expect "out is a file: exit 3" 3
one_line_error "out is a file: message" "ilonet: $TMP/a-file: "
check "out is a file: left alone" "$([ -f "$TMP/a-file" ] && [ ! -s "$TMP/a-file" ]; echo $?)" \
    "$TMP/a-file changed"

# ---------------------------------------------------------------------------------------------
# Earlier good output survives failed runs into the same directory.
D=$TMP/keep
good "keep: first run" "$D" "$TP" --nodes "$DATA/nodes_isolate.csv"
mkdir -p "$TMP/keep.save"
cp "$D"/* "$TMP/keep.save/"
for args in "$BAD/zero_weight.csv" "$BAD/unterminated_quote.csv" "$BAD/latin1.csv" \
    "$BAD/empty.csv" "nonexistent.csv" "$TP --nodes $BAD/nodes_duplicate_id.csv" \
    "$TP --nodes $BAD/nodes_strict_missing.csv --strict" "$TP --mode bogus"; do
    # shellcheck disable=SC2086
    run analyze $args --out "$D"
    [ "$RC" -ne 0 ] && pass "keep: '$args' fails" || fail "keep: '$args' fails" "exit 0"
    for f in nodes.csv clusters.csv summary.json; do
        same "keep: $f unchanged after '$args'" "$D/$f" "$TMP/keep.save/$f"
    done
    outputs "keep: no temp files after '$args'" "$D"
done

# A failure while replacing the files (summary.json is a directory here) must not leave a mix of
# new and old files: "on failure nothing in the directory changes" (pipeline.h).
D=$TMP/commit
good "commit: first run" "$D" "$TP"
cp "$D/nodes.csv" "$TMP/commit.nodes.save"
cp "$D/clusters.csv" "$TMP/commit.clusters.save"
rm "$D/summary.json"
mkdir -p "$D/summary.json/blocker"
run analyze "$DATA/directed.csv" --out "$D"
expect "commit failure: exit 3" 3 "summary.json"
same "commit failure: nodes.csv unchanged" "$D/nodes.csv" "$TMP/commit.nodes.save"
same "commit failure: clusters.csv unchanged" "$D/clusters.csv" "$TMP/commit.clusters.save"
c=$(ls -A "$D" | tr '\n' ' ')
check "commit failure: no temp files" "$([ "$c" = "clusters.csv nodes.csv summary.json " ]; echo $?)" \
    "$D holds: $c"

# ---------------------------------------------------------------------------------------------
# Usage errors: exit 2, one "ilonet: " line, nothing written.
usage "unknown option" analyze "$TP" --bogus --out "$TMP/u1"
usage "unknown short option" analyze "$TP" -x --out "$TMP/u1"
usage "missing value" analyze "$TP" --out
usage "missing value -o" analyze "$TP" -o
usage "--mode bogus" analyze "$TP" --mode bogus --out "$TMP/u1"
usage "--weight-is bogus" analyze "$TP" --weight-is bogus --out "$TMP/u1"
usage "--seed -1" analyze "$TP" --seed -1 --out "$TMP/u1"
usage "--seed ' -1'" analyze "$TP" --seed " -1" --out "$TMP/u-seed"
usage "--seed 1x" analyze "$TP" --seed 1x --out "$TMP/u1"
usage "--seed overflow" analyze "$TP" --seed 99999999999999999999999 --out "$TMP/u1"
usage "--delimiter x" analyze "$TP" --delimiter x --out "$TMP/u1"
usage "no input file" analyze --out "$TMP/u1"
usage "no input file, no options" analyze
usage "two input files" analyze "$TP" "$TP" --out "$TMP/u1"
usage "unknown command" frobnicate
no_files "usage errors: no output" "$TMP/u1"
run analyze "$TP" -xq --out "$TMP/u-xq"
expect "bundled unknown option names it" 2 "unknown option '-x"
run
expect "no command: exit 2" 2
case $ERR in
Usage:*) pass "no command: help on stderr" ;;
*) fail "no command: help on stderr" "$ERR" ;;
esac

# --help and --version: exit 0, on stdout, nothing on stderr.
for args in "--help" "-h" "help" "analyze --help" "analyze -h" "--version" "-V" "analyze --version"; do
    # shellcheck disable=SC2086
    run $args
    expect "'$args': exit 0" 0
    [ -n "$OUT" ] && [ -z "$ERR" ] && pass "'$args': stdout only" ||
        fail "'$args': stdout only" "out '$OUT' err '$ERR'"
done
run --version
case $OUT in
"ilonet "[0-9]*" (igraph "*) pass "version line" ;;
*) fail "version line" "$OUT" ;;
esac
run --help
case $OUT in
"Usage: ilonet COMMAND"*analyze*) pass "main help" ;;
*) fail "main help" "$OUT" ;;
esac
run analyze --help
for opt in --nodes --out --source-col --target-col --weight-col --delimiter --strict --directed \
    --mode --weight-is --seed --verbose --quiet --help --version; do
    printf '%s\n' "$OUT" | grep -q -- "$opt" && pass "analyze --help mentions $opt" ||
        fail "analyze --help mentions $opt" "not found"
done

# --- old Mac "CSV (Macintosh)" files end lines with a lone CR: line numbers must still count
printf 'source,target\rA,B\rB,C\r' >"$TMP/mac.csv"
run analyze "$TMP/mac.csv" --out "$TMP/mac_out"
expect "CR-only line ends load" 0
printf 'source,target\rA,B\r,C\r' >"$TMP/mac_bad.csv"
run analyze "$TMP/mac_bad.csv" --out "$TMP/mac_bad_out"
expect "CR-only file error names line 3" 1 "$TMP/mac_bad.csv:3: empty source"

# --- an output path that is a directory fails before any file is replaced
mkdir -p "$TMP/dirclash/summary.json"
run analyze tests/data/triangle_pendant.csv --out "$TMP/dirclash"
expect "output name taken by a directory" 3 "summary.json: cannot replace: is a directory"
[ ! -e "$TMP/dirclash/nodes.csv" ] && pass "no nodes.csv beside the clash" ||
    fail "no nodes.csv beside the clash" "nodes.csv was written"

# --- --out pointing at the data folder must not replace the input nodes.csv (regression)
mkdir -p "$TMP/datadir"
cp tests/data/triangle_pendant.csv "$TMP/datadir/edges.csv"
printf 'id,label\na,A\nb,B\nc,C\nd,D\n' >"$TMP/datadir/nodes.csv"
cp "$TMP/datadir/nodes.csv" "$TMP/nodes_before.csv"
run analyze "$TMP/datadir/edges.csv" --nodes "$TMP/datadir/nodes.csv" --out "$TMP/datadir/."
expect "output would overwrite the nodes file" 2 "would overwrite the input file"
cmp -s "$TMP/datadir/nodes.csv" "$TMP/nodes_before.csv" && pass "input nodes.csv intact" ||
    fail "input nodes.csv intact" "it was replaced"

finish
