#!/bin/sh
# End-to-end tests of the analysis features of `ilonet analyze` (cluster methods, method
# comparison, stability, two-mode projection, structure measures, sampled betweenness, option
# checks), `ilonet ego` and `ilonet export`. Expected values are stated by hand in the comments
# or are published reference values (cited where used).
# Run from the repository root: ILONET=bin/ilonet sh tests/cli/test_network.sh
# Fixtures are described in tests/data/README.md (section "Network analysis inputs").
# About 60 runs of the binary, so that the script stays usable under TEST_WRAP=valgrind.
. tests/cli/lib.sh

NET=$DATA/network
KARATE=$DATA/karate.csv
TP=$DATA/triangle_pendant.csv
TM_EDGES=$NET/twomode_edges.csv
TM_NODES=$NET/twomode_nodes.csv
ILO_EDGES=datasets/ilo_partnerships/edges.csv
ILO_NODES=datasets/ilo_partnerships/nodes.csv
METHODS="louvain leiden labelprop walktrap infomap fastgreedy edgebetweenness components"
NL='
'
TAB=$(printf '\t')

# ---------------------------------------------------------------------------------------------
# Helpers (copied from test_analyze.sh where they exist there; no `local` in POSIX sh, so helper
# variables carry a prefix of their own)

# check NAME STATUS WHY: pass when STATUS is 0.
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

# first_line NAME FILE EXPECTED: the first line of FILE is exactly EXPECTED.
first_line() {
    f_got=$(head -n 1 "$2" 2>/dev/null)
    if [ "$f_got" = "$3" ]; then pass "$1"; else fail "$1" "got '$f_got', expected '$3'"; fi
}

# json_value FILE KEY: the scalar after the first "KEY": in a JSON file (one key per line).
json_value() {
    sed -n "s/^ *\"$2\": \(.*\)\$/\1/p" "$1" 2>/dev/null | sed 's/,$//' | head -n 1
}

# json_is NAME FILE KEY VALUE: the first "KEY" holds exactly VALUE.
json_is() {
    j_got=$(json_value "$2" "$3")
    if [ "$j_got" = "$4" ]; then pass "$1"; else fail "$1" "\"$3\" is '$j_got', expected '$4'"; fi
}

# json_num NAME FILE KEY VALUE: the first "KEY" is a number equal to VALUE within 1e-9
# (so 3 and 3.0 both match 3).
json_num() {
    jn_got=$(json_value "$2" "$3")
    if is_number "$jn_got" && awk -v a="$jn_got" -v b="$4" \
        'BEGIN { d = a - b; exit !(d < 1e-9 && d > -1e-9) }'; then
        pass "$1"
    else
        fail "$1" "\"$3\" is '$jn_got', expected $4"
    fi
}

# is_number TEXT: TEXT is a plain decimal number as JSON or CSV would write it.
is_number() {
    printf '%s\n' "$1" | grep -Eqx -- '-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?'
}

# colno FILE NAME: the 1-based column of NAME in FILE's CSV header (empty when absent).
colno() {
    head -n 1 "$1" 2>/dev/null | tr ',' '\n' | grep -nx -- "$2" | cut -d: -f1
}

# value FILE ID COLUMN: the COLUMN value of the row whose first field is ID (no quoted commas).
value() {
    v_col=$(colno "$1" "$3")
    [ -n "$v_col" ] || return 0
    awk -F, -v id="$2" -v n="$v_col" 'NR > 1 && $1 == id { print $n; exit }' "$1"
}

# value_is NAME FILE ID COLUMN EXPECTED
value_is() {
    vi_got=$(value "$2" "$3" "$4")
    if [ "$vi_got" = "$5" ]; then
        pass "$1"
    else
        fail "$1" "$4 of $3 is '$vi_got', expected '$5'"
    fi
}

# ids FILE: the first field of every data row, sorted, space-separated.
ids() {
    awk -F, 'NR > 1 { print $1 }' "$1" 2>/dev/null | sort | tr '\n' ' '
}

# in_unit_range NAME FILE COLUMN: every data row of FILE has a number in [0, 1] in COLUMN.
in_unit_range() {
    u_col=$(colno "$2" "$3")
    if [ -z "$u_col" ]; then
        fail "$1" "no $3 column in $2"
        return
    fi
    u_bad=$(awk -F, -v n="$u_col" 'NR > 1 && ($n !~ /^[0-9.eE+-]+$/ || $n + 0 < 0 || $n + 0 > 1) {
        print NR ": " $n }' "$2")
    if [ -z "$u_bad" ] && [ "$(wc -l <"$2" | tr -d ' ')" -gt 1 ]; then
        pass "$1"
    else
        fail "$1" "values outside [0, 1] or no rows: $u_bad"
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

# analyze NAME DIR ARGS...: `analyze ARGS -q --out DIR` exits 0 and writes nodes.csv,
# clusters.csv and summary.json.
analyze() {
    a_name=$1 a_dir=$2
    shift 2
    run analyze "$@" -q --out "$a_dir"
    if [ "$RC" -ne 0 ]; then
        fail "$a_name: exit 0" "exit $RC; stderr: $ERR"
    elif [ ! -f "$a_dir/nodes.csv" ] || [ ! -f "$a_dir/clusters.csv" ] ||
        [ ! -f "$a_dir/summary.json" ]; then
        fail "$a_name: exit 0" "missing files: $(ls -A "$a_dir" 2>&1 | tr '\n' ' ')"
    else
        pass "$a_name: exit 0"
    fi
}

# refused NAME ARGS...: `analyze ARGS --out DIR` exits 2 with one "ilonet: " line on stderr,
# nothing on stdout, and DIR is not created.
refused() {
    r_name=$1
    shift
    r_dir=$TMP/refused-$(printf '%s' "$r_name" | tr -c 'A-Za-z0-9' '_')
    run analyze "$@" --out "$r_dir"
    expect "$r_name: exit 2" 2
    one_line_error "$r_name: one-line message" "ilonet: "
    [ -z "$OUT" ] && pass "$r_name: stdout empty" || fail "$r_name: stdout empty" "$OUT"
    [ ! -e "$r_dir" ] && pass "$r_name: no output directory" ||
        fail "$r_name: no output directory" "$r_dir exists: $(ls -A "$r_dir" | tr '\n' ' ')"
}

# json_shape NAME FILE: a structural check of JSON without a parser: starts with { and ends
# with }, and outside string literals the braces and the brackets balance and never go below
# zero. Then python3 or jq, if installed, must also accept it.
json_shape() {
    js_bad=$(sed -E 's/"([^"\\]|\\.)*"/""/g' "$2" | awk '
        { for (i = 1; i <= length($0); i++) {
              c = substr($0, i, 1)
              if (c == "{") b++; if (c == "}") b--; if (c == "[") s++; if (c == "]") s--
              if (b < 0 || s < 0) { print "closes too early on line " NR; exit }
          } }
        END { if (b != 0 || s != 0) print "unbalanced: braces " b ", brackets " s }')
    js_first=$(sed -n '/[^ ]/{p;q;}' "$2" | tr -d ' ')
    js_last=$(sed -n '/[^ ]/h; ${x;p;}' "$2" | tr -d ' ')
    if [ -n "$js_bad" ] || [ "$js_first" != "{" ] || [ "$js_last" != "}" ]; then
        fail "$1" "not a JSON object: first '$js_first', last '$js_last' $js_bad"
    elif command -v python3 >/dev/null 2>&1 && ! python3 -m json.tool "$2" >/dev/null 2>&1; then
        fail "$1" "python3 -m json.tool refused it"
    elif command -v jq >/dev/null 2>&1 && ! jq . "$2" >/dev/null 2>&1; then
        fail "$1" "jq refused it"
    else
        pass "$1"
    fi
}

# ---------------------------------------------------------------------------------------------
# Cluster methods on Zachary's karate club (34 members, 78 ties). Each method: exit 0, a cluster
# for every member, the method and a numeric modularity in summary.json, and agreement between
# summary.json, nodes.csv and clusters.csv on the number of clusters.
for m in $METHODS; do
    D=$TMP/k-$m
    analyze "karate $m" "$D" "$KARATE" --cluster-method "$m"
    c=$(awk -F, 'NR > 1' "$D/nodes.csv" 2>/dev/null | wc -l | tr -d ' ')
    check "karate $m: 34 node rows" "$([ "$c" = 34 ]; echo $?)" "$c rows"
    col=$(colno "$D/nodes.csv" cluster)
    bad=$(awk -F, -v n="${col:-0}" 'NR > 1 && $n !~ /^[1-9][0-9]*$/ { print $1 }' "$D/nodes.csv")
    check "karate $m: every node has a cluster" "$([ -n "$col" ] && [ -z "$bad" ]; echo $?)" \
        "column '$col', nodes without a cluster: $bad"
    json_is "karate $m: cluster_method" "$D/summary.json" cluster_method "\"$m\""
    q=$(json_value "$D/summary.json" modularity)
    is_number "$q" && pass "karate $m: modularity is a number" ||
        fail "karate $m: modularity is a number" "'$q'"
    k=$(json_value "$D/summary.json" clusters)
    kn=$(awk -F, -v n="${col:-0}" 'NR > 1 { print $n }' "$D/nodes.csv" | sort -u | wc -l | tr -d ' ')
    kc=$(awk 'NR > 1' "$D/clusters.csv" | wc -l | tr -d ' ')
    check "karate $m: clusters agree" "$([ "$k" = "$kn" ] && [ "$k" = "$kc" ]; echo $?)" \
        "summary.json $k, distinct in nodes.csv $kn, rows of clusters.csv $kc"
done

# The maximum modularity of the karate club is 0.4198 (Brandes et al., "On Modularity
# Clustering", IEEE TKDE 20(2), 2008); Louvain, best of 50 tries, should reach it.
q=$(json_value "$TMP/k-louvain/summary.json" modularity)
awk -v q="$q" 'BEGIN { exit !(q >= 0.41 && q <= 0.4198 + 1e-4) }'
check "karate louvain: modularity >= 0.41 (optimum 0.4198)" $? "modularity '$q'"
# Published karate values for the deterministic methods: Girvan-Newman edge betweenness
# Q = 0.401 (Newman & Girvan, Phys. Rev. E 69, 026113, 2004) and greedy fastgreedy Q = 0.381
# (Newman, Phys. Rev. E 69, 066133, 2004).
q=$(json_value "$TMP/k-edgebetweenness/summary.json" modularity)
awk -v q="$q" 'BEGIN { exit !(q > 0.4005 && q < 0.4015) }'
check "karate edgebetweenness: modularity 0.401 (Newman & Girvan 2004)" $? "modularity '$q'"
q=$(json_value "$TMP/k-fastgreedy/summary.json" modularity)
awk -v q="$q" 'BEGIN { exit !(q > 0.3805 && q < 0.3815) }'
check "karate fastgreedy: modularity 0.381 (Newman 2004)" $? "modularity '$q'"
# The karate club is connected: components gives one cluster of modularity 0.
json_is "karate components: one cluster" "$TMP/k-components/summary.json" clusters 1
json_num "karate components: modularity 0" "$TMP/k-components/summary.json" modularity 0

# Determinism: the same seed (default 42) gives byte-identical tables for every method.
for m in $METHODS; do
    D=$TMP/k2-$m
    run analyze "$KARATE" --cluster-method "$m" -q --out "$D"
    same "determinism $m: nodes.csv" "$D/nodes.csv" "$TMP/k-$m/nodes.csv"
    same "determinism $m: clusters.csv" "$D/clusters.csv" "$TMP/k-$m/clusters.csv"
done

# Components on two disjoint triangles: 2 clusters of 3; modularity by hand: m = 6, each part
# has 3 internal ties and degree sum 6, Q = 2 * (3/6 - (6/12)^2) = 0.5.
D=$TMP/two-triangles
analyze "two triangles components" "$D" "$NET/two_triangles.csv" --cluster-method components
json_is "two triangles: 2 clusters" "$D/summary.json" clusters 2
json_num "two triangles: modularity 0.5" "$D/summary.json" modularity 0.5
grep -qx '[12],3,3,[ax],"a; b; c"' "$D/clusters.csv" && grep -qx '[12],3,3,[ax],"x; y; z"' \
    "$D/clusters.csv"
check "two triangles: clusters are the triangles" $? "$(cat "$D/clusters.csv")"

# Leiden's resolution: higher resolution, smaller and so more clusters (0.5 < 1 < 2).
analyze "leiden 0.5" "$TMP/leiden-0.5" "$KARATE" --cluster-method leiden --resolution 0.5
analyze "leiden 2.0" "$TMP/leiden-2" "$KARATE" --cluster-method leiden --resolution 2.0
k05=$(json_value "$TMP/leiden-0.5/summary.json" clusters)
k1=$(json_value "$TMP/k-leiden/summary.json" clusters)
k2=$(json_value "$TMP/leiden-2/summary.json" clusters)
check "leiden: resolution 0.5 gives fewer clusters than 2.0" \
    "$([ "${k05:-0}" -lt "${k2:-0}" ]; echo $?)" "0.5: '$k05', 2.0: '$k2'"
check "leiden: resolution 1 lies between" \
    "$([ "${k05:-0}" -le "${k1:-0}" ] && [ "${k1:-0}" -le "${k2:-0}" ]; echo $?)" \
    "0.5: '$k05', 1: '$k1', 2.0: '$k2'"
json_num "leiden 0.5: resolution recorded" "$TMP/leiden-0.5/summary.json" resolution 0.5
json_num "leiden 2.0: resolution recorded" "$TMP/leiden-2/summary.json" resolution 2

# --tries: recorded in summary.json (default 50, see analyze --help).
json_is "louvain: default tries 50" "$TMP/k-louvain/summary.json" cluster_tries 50
analyze "tries 1" "$TMP/tries1" "$KARATE" --tries 1
json_is "tries 1: recorded" "$TMP/tries1/summary.json" cluster_tries 1
bt=$(json_value "$TMP/k-louvain/summary.json" cluster_best_try)
check "louvain: best try within 0..49" "$([ "${bt:-x}" -ge 0 ] 2>/dev/null && [ "$bt" -lt 50 ]; echo $?)" \
    "cluster_best_try '$bt'"

# ---------------------------------------------------------------------------------------------
# --compare-methods: methods.csv with one row per method; the run's own (default) method agrees
# with itself (NMI 1, adjusted Rand 1).
D=$TMP/compare
analyze "compare methods" "$D" "$KARATE" --compare-methods
first_line "methods.csv header" "$D/methods.csv" "method,clusters,modularity,seconds,nmi,adjusted_rand,note"
c=$(awk 'NR > 1' "$D/methods.csv" 2>/dev/null | wc -l | tr -d ' ')
check "methods.csv: 8 rows" "$([ "$c" = 8 ]; echo $?)" "$c rows"
for m in $METHODS; do
    c=$(grep -c "^$m," "$D/methods.csv")
    check "methods.csv: one $m row" "$([ "$c" = 1 ]; echo $?)" "$c rows"
    # The same numbers as the run with --cluster-method (same seed, same tries).
    got=$(awk -F, -v m="$m" '$1 == m { print $2 " " $3 }' "$D/methods.csv")
    want="$(json_value "$TMP/k-$m/summary.json" clusters) $(json_value "$TMP/k-$m/summary.json" modularity)"
    awk -v g="$got" -v w="$want" 'BEGIN { split(g, a, " "); split(w, b, " ");
        exit !(a[1] == b[1] && a[2] - b[2] < 1e-9 && b[2] - a[2] < 1e-9) }'
    check "methods.csv: $m as its own run" $? "methods.csv '$got', --cluster-method $m '$want'"
done
grep -q '^louvain,[^,]*,[^,]*,[^,]*,1,1,' "$D/methods.csv"
check "methods.csv: louvain (default) nmi 1 and adjusted_rand 1" $? "$(grep '^louvain,' "$D/methods.csv")"
# One cluster against four: the one-cluster partition has zero entropy, so NMI 0; its pair
# index equals its expected index, so adjusted Rand 0.
grep -q '^components,1,0\(\.0*\)\?,[^,]*,0,0,' "$D/methods.csv"
check "methods.csv: components row 1 cluster, Q 0, nmi 0, adjusted_rand 0" $? \
    "$(grep '^components,' "$D/methods.csv")"
same "compare methods: nodes.csv as without it" "$D/nodes.csv" "$TMP/k-louvain/nodes.csv"
[ ! -e "$TMP/k-louvain/methods.csv" ] && pass "no methods.csv without --compare-methods" ||
    fail "no methods.csv without --compare-methods" "$TMP/k-louvain/methods.csv exists"

# ---------------------------------------------------------------------------------------------
# --stability 10: extra columns with shares in [0, 1], recorded runs, deterministic.
D=$TMP/stab
analyze "stability" "$D" "$KARATE" --stability 10
first_line "stability: nodes.csv header" "$D/nodes.csv" \
    "$(head -n 1 "$TMP/k-louvain/nodes.csv"),cluster_stability"
first_line "stability: clusters.csv header" "$D/clusters.csv" \
    "cluster,size,internal_weight,central_member,stability,members"
in_unit_range "stability: cluster_stability in [0, 1]" "$D/nodes.csv" cluster_stability
in_unit_range "stability: cluster stability in [0, 1]" "$D/clusters.csv" stability
json_is "stability: runs recorded" "$D/summary.json" cluster_stability_runs 10
json_is "no stability: runs null" "$TMP/k-louvain/summary.json" cluster_stability_runs null
ncol=$(colno "$TMP/k-louvain/nodes.csv" constraint)
cut -d, -f1-"${ncol:-1}" "$D/nodes.csv" >"$TMP/stab.cut"
same "stability: other columns as without it" "$TMP/stab.cut" "$TMP/k-louvain/nodes.csv"
run analyze "$KARATE" --stability 10 -q --out "$TMP/stab2"
same "stability determinism: nodes.csv" "$TMP/stab2/nodes.csv" "$D/nodes.csv"
same "stability determinism: clusters.csv" "$TMP/stab2/clusters.csv" "$D/clusters.csv"

# ---------------------------------------------------------------------------------------------
# Two-mode data: organisations A-D tied only to projects P1 (A, B, C), P2 (A, B), P3 (C, D).
# By hand, shared projects (count): A-B 2, A-C 1, B-C 1, C-D 1, so strength A 3, B 3, C 3, D 1.
# Newman weights, 1/(members - 1) per shared project (P1: 1/2, P2 and P3: 1): A-B 1.5, A-C 0.5,
# B-C 0.5, C-D 1, so strength A 2, B 2, C 2, D 1. Projects share organisations: P1-P2 2 (A, B),
# P1-P3 1 (C): strength P1 3, P2 2, P3 1. Best split of the count projection: {A, B} and
# {C, D}, Q = (2/5 - (6/10)^2) + (1/5 - (4/10)^2) = 0.08; {A, B} has internal weight 2.
D=$TMP/tm-auto
analyze "two-mode default" "$D" "$TM_EDGES" --nodes "$TM_NODES"
ids_got=$(ids "$D/nodes.csv")
check "two-mode default: only organisations" "$([ "$ids_got" = "A B C D " ]; echo $?)" "ids: $ids_got"
json_is "two-mode default: is two-mode" "$D/summary.json" is_two_mode true
json_is "two-mode default: projection onto the first mode" "$D/summary.json" analysed \
    '"projection onto the first mode"'
json_is "two-mode default: count weights" "$D/summary.json" projection_weight '"count"'
json_is "two-mode default: 4 ties" "$D/summary.json" edges 4
for s in A:3 B:3 C:3 D:1; do
    value_is "two-mode count: strength ${s%:*} = ${s#*:}" "$D/nodes.csv" "${s%:*}" strength "${s#*:}"
done
value_is "two-mode count: degree of C = 3" "$D/nodes.csv" C degree 3
grep -qx '[12],2,2,[AB],"[AB]; [AB]"' "$D/clusters.csv"
check "two-mode count: cluster {A, B} has internal weight 2" $? "$(cat "$D/clusters.csv")"
json_num "two-mode count: modularity 0.08" "$D/summary.json" modularity 0.08

D=$TMP/tm-none
analyze "two-mode none" "$D" "$TM_EDGES" --nodes "$TM_NODES" --project-onto none
ids_got=$(ids "$D/nodes.csv")
check "two-mode none: all 7 nodes" "$([ "$ids_got" = "A B C D P1 P2 P3 " ]; echo $?)" "ids: $ids_got"
json_is "two-mode none: analysed as loaded" "$D/summary.json" analysed '"the network as loaded"'
value_is "two-mode none: raw strength of A = 2" "$D/nodes.csv" A strength 2

D=$TMP/tm-projects
analyze "two-mode projects" "$D" "$TM_EDGES" --nodes "$TM_NODES" --project-onto projects
ids_got=$(ids "$D/nodes.csv")
check "two-mode projects: only projects" "$([ "$ids_got" = "P1 P2 P3 " ]; echo $?)" "ids: $ids_got"
json_is "two-mode projects: onto the second mode" "$D/summary.json" analysed \
    '"projection onto the second mode"'
for s in P1:3 P2:2 P3:1; do
    value_is "two-mode projects: strength ${s%:*} = ${s#*:}" "$D/nodes.csv" "${s%:*}" strength "${s#*:}"
done

D=$TMP/tm-newman
analyze "two-mode newman" "$D" "$TM_EDGES" --nodes "$TM_NODES" --projection-weight newman
json_is "two-mode newman: recorded" "$D/summary.json" projection_weight '"newman"'
for s in A:2 B:2 C:2 D:1; do
    value_is "two-mode newman: strength ${s%:*} = ${s#*:}" "$D/nodes.csv" "${s%:*}" strength "${s#*:}"
done
grep -qx '[12],2,1.5,[AB],"[AB]; [AB]"' "$D/clusters.csv"
check "two-mode newman: cluster {A, B} has internal weight 1.5" $? "$(cat "$D/clusters.csv")"

# No node of the second-mode kind: projecting is refused (usage error), nothing written.
refused "project a one-mode file" "$TP" --two-mode project --project-onto organisations

# The ILO dataset mixes organisation-organisation and organisation-project ties: analysed as
# loaded by default.
ILO=$TMP/ilo
analyze "ILO dataset" "$ILO" "$ILO_EDGES" --nodes "$ILO_NODES"
json_is "ILO: not strictly two-mode" "$ILO/summary.json" is_two_mode false
json_is "ILO: analysed as loaded" "$ILO/summary.json" analysed '"the network as loaded"'
json_is "ILO: all 45 nodes" "$ILO/summary.json" nodes 45

# ---------------------------------------------------------------------------------------------
# Structure measures. Triangle a-b-c plus pendant c-d (tests/data/expected/): local clustering
# a, b 1, c 1/3 (one tie among its three neighbours), d undefined (one neighbour). Burt's
# constraint sum_j (p_ij + sum_q p_iq p_qj)^2: a: (1/2 + 1/2*1/3)^2 + (1/2 + 1/2*1/2)^2 =
# 4/9 + 9/16 = 145/144; c: 2 * (1/3 + 1/3*1/2)^2 + (1/3)^2 = 11/18; d: 1.
D=$TMP/tp
analyze "triangle pendant" "$D" "$TP"
for s in a:1 b:1 c:0.333333333333 d:; do
    value_is "structure: clustering of ${s%:*}" "$D/nodes.csv" "${s%:*}" clustering "${s#*:}"
done
for s in a:1.00694444444 b:1.00694444444 c:0.611111111111 d:1; do
    value_is "structure: constraint of ${s%:*}" "$D/nodes.csv" "${s%:*}" constraint "${s#*:}"
done
grep -q '^  "structure": {' "$D/summary.json"
check "structure: summary.json has a structure object" $? "no \"structure\" object"
json_num "structure: triangle pendant diameter 2 hops (a-c-d)" "$D/summary.json" diameter_hops 2
json_num "structure: triangle pendant largest component 4" "$D/summary.json" largest_component 4

# Triangle a-b-c and path w-x-y-z: two components, the path is the larger (4 of 7 nodes) and
# the longer (diameter 3 hops). Average over the 9 connected pairs: triangle 3 * 1, path
# 1+1+1+2+2+3 = 10, so 13/9. Transitivity: 3 closed of 5 connected triples (a, b, c, x, y).
D=$TMP/tpath
analyze "triangle and path" "$D" "$NET/triangle_path.csv"
json_num "structure: diameter 3 hops" "$D/summary.json" diameter_hops 3
json_num "structure: largest component 4" "$D/summary.json" largest_component 4
json_num "structure: largest component share 4/7" "$D/summary.json" largest_component_share \
    0.571428571429
json_num "structure: average path length 13/9" "$D/summary.json" average_path_length 1.44444444444
json_num "structure: transitivity 3/5" "$D/summary.json" transitivity 0.6
json_is "structure: 2 components" "$D/summary.json" components 2

# ---------------------------------------------------------------------------------------------
# --betweenness-samples: recorded, seeded (same seed, same file), and an estimate, not exact.
sed -n '/"betweenness": {/,/}/p' "$TMP/k-louvain/summary.json" | grep -q '"method": "exact"'
check "betweenness: exact by default" $? "$(grep -A2 '"betweenness": {' "$TMP/k-louvain/summary.json")"
analyze "sampled betweenness" "$TMP/bs1" "$KARATE" --betweenness-samples 5
sed -n '/"betweenness": {/,/}/p' "$TMP/bs1/summary.json" >"$TMP/bs1.block"
grep -q '"method": "sampled"' "$TMP/bs1.block" && grep -q '"sources": 5$' "$TMP/bs1.block"
check "sampled betweenness: method sampled, 5 sources" $? "$(cat "$TMP/bs1.block")"
run analyze "$KARATE" --betweenness-samples 5 -q --out "$TMP/bs2"
same "sampled betweenness: same seed, same nodes.csv" "$TMP/bs2/nodes.csv" "$TMP/bs1/nodes.csv"
bc=$(colno "$TMP/bs1/nodes.csv" betweenness)
awk -F, -v n="${bc:-0}" '{ print $1, $n }' "$TMP/bs1/nodes.csv" | sort >"$TMP/bs1.b"
awk -F, -v n="${bc:-0}" '{ print $1, $n }' "$TMP/k-louvain/nodes.csv" | sort >"$TMP/exact.b"
! cmp -s "$TMP/bs1.b" "$TMP/exact.b"
check "sampled betweenness: differs from exact" $? "5 of 34 sources gave the exact values"

# ---------------------------------------------------------------------------------------------
# Bad usage: exit 2, one "ilonet: " line, no output directory.
refused "unknown cluster method" "$KARATE" --cluster-method louvian
refused "resolution 0" "$KARATE" --cluster-method leiden --resolution 0
refused "resolution -1" "$KARATE" --cluster-method leiden --resolution -1
refused "resolution abc" "$KARATE" --cluster-method leiden --resolution abc
refused "tries 0" "$KARATE" --tries 0
refused "stability 0" "$KARATE" --stability 0
refused "project-onto foo" "$TM_EDGES" --nodes "$TM_NODES" --project-onto foo
refused "projection-weight foo" "$TM_EDGES" --nodes "$TM_NODES" --projection-weight foo
refused "betweenness-samples 0" "$KARATE" --betweenness-samples 0

# Edge betweenness clustering is refused above its limit (read from analyze --help): a ring
# with one tie more than the limit, generated here.
run analyze --help
limit=$(printf '%s\n' "$OUT" | sed -n 's/.*edgebetweenness.*refused above \([0-9][0-9]*\) ties.*/\1/p' | head -n 1)
if [ -n "$limit" ]; then
    awk -v n=$((limit + 1)) 'BEGIN { print "source,target"; for (i = 0; i < n; i++) print "n" i ",n" (i + 1) % n }' \
        >"$TMP/ring.csv"
    refused "edgebetweenness over the limit" "$TMP/ring.csv" --cluster-method edgebetweenness
    case $ERR in
    *"$limit"*) pass "edgebetweenness over the limit: message names $limit" ;;
    *) fail "edgebetweenness over the limit: message names $limit" "$ERR" ;;
    esac
else
    fail "edgebetweenness limit in analyze --help" "no 'refused above N ties' in the help"
fi

# ---------------------------------------------------------------------------------------------
# ego on the ILO dataset. UNCTAD's rows in edges.csv: ILO three times (weight 3), the MoU,
# WIF_2014, WIF_2018, WTO_Forum_2019, LDC_IPA_capacity_building and CSR_Roundtable once each:
# 7 neighbours, strength 9. All six non-ILO neighbours are projects, agreements or forums that
# ILO also joined; the partners through them are ILO (6), WAIPA (2), WTO, UN-OHRLLS, UNIDO,
# IPAs and OHCHR (1 each): 7.
EGO_KINDS=project,agreement,forum
run ego "$ILO_EDGES" UNCTAD --nodes "$ILO_NODES" --two-mode $EGO_KINDS
expect "ego UNCTAD: exit 0" 0
printf '%s\n' "$OUT" | grep -Eq '^ +degree +7 ' && printf '%s\n' "$OUT" | grep -Eq '^ +strength +9 '
check "ego UNCTAD: degree 7, strength 9" $? "$OUT"
first_tie=$(printf '%s\n' "$OUT" | sed -n '/^Ties:/{n;p;q;}')
case $first_tie in
*"(ILO) [ilo]"*) pass "ego UNCTAD: ILO is the first (strongest) tie" ;;
*) fail "ego UNCTAD: ILO is the first (strongest) tie" "first tie line: '$first_tie'" ;;
esac
printf '%s\n' "$OUT" | grep -Eq '^ +3 +International Labour Organization \(ILO\)'
check "ego UNCTAD: ILO tie weight 3" $? "$first_tie"
printf '%s\n' "$OUT" | grep -q "World Investment Forum"
check "ego UNCTAD: World Investment Forum listed" $? "$OUT"
printf '%s\n' "$OUT" | grep -q "^Partners through project, agreement, forum: 7 "
check "ego UNCTAD: 7 partners through shared nodes" $? "$(printf '%s\n' "$OUT" | grep '^Partners')"
printf '%s\n' "$OUT" | grep -q "(ILO) \[ilo\] -- via (6)"
check "ego UNCTAD: ILO shares all 6" $? "$OUT"

run ego "$ILO_EDGES" UNCTD --nodes "$ILO_NODES"
expect "ego unknown node: exit 1" 1
one_line_error "ego unknown node: one-line message" "ilonet: "
case $ERR in
*"'UNCTAD'"*) pass "ego unknown node: suggests 'UNCTAD'" ;;
*) fail "ego unknown node: suggests 'UNCTAD'" "$ERR" ;;
esac
[ -z "$OUT" ] && pass "ego unknown node: stdout empty" || fail "ego unknown node: stdout empty" "$OUT"

# --radius 2 into a JSON file. The distance-2 nodes are computed here from edges.csv by a
# breadth-first search in awk (its ids have no quotes or commas).
EGO_JSON=$TMP/ego/unctad.json
run ego "$ILO_EDGES" UNCTAD --nodes "$ILO_NODES" --two-mode $EGO_KINDS --radius 2 --out "$EGO_JSON"
expect "ego --radius 2 --out: exit 0" 0
[ -z "$OUT" ] && pass "ego --out: stdout empty" || fail "ego --out: stdout empty" "$OUT"
json_shape "ego --out: valid JSON" "$EGO_JSON"
json_is "ego --out: radius 2" "$EGO_JSON" radius 2
awk -F, -v ego=UNCTAD '
    NR > 1 { a[NR] = $1; b[NR] = $2; n = NR }
    END {
        d[ego] = 0
        for (r = 1; r <= 2; r++) {
            for (i = 2; i <= n; i++) {
                if ((a[i] in d) && d[a[i]] == r - 1 && !(b[i] in d)) nd[b[i]] = r
                if ((b[i] in d) && d[b[i]] == r - 1 && !(a[i] in d)) nd[a[i]] = r
            }
            for (k in nd) d[k] = nd[k]
            for (k in d) delete nd[k]
        }
        for (k in d) if (d[k] == 2) print k
    }' "$ILO_EDGES" | sort >"$TMP/ego.d2.expected"
sed -n '/"distance": 2,/,/^ *}$/p' "$EGO_JSON" | sed -n 's/^ *"id": "\(.*\)",$/\1/p' | sort \
    >"$TMP/ego.d2.got"
same "ego --radius 2: the distance-2 nodes" "$TMP/ego.d2.got" "$TMP/ego.d2.expected"
grep -qx 'WTO' "$TMP/ego.d2.got" && grep -qx 'WAIPA' "$TMP/ego.d2.got"
check "ego --radius 2: WTO and WAIPA at distance 2" $? "$(tr '\n' ' ' <"$TMP/ego.d2.got")"

run ego "$ILO_EDGES" UNCTAD --nodes "$ILO_NODES" --radius 0
expect "ego --radius 0: exit 2" 2
one_line_error "ego --radius 0: one-line message" "ilonet: "
run ego "$ILO_EDGES" --nodes "$ILO_NODES"
expect "ego without NODE: exit 2" 2
one_line_error "ego without NODE: one-line message" "ilonet: "

# ---------------------------------------------------------------------------------------------
# export of the ILO dataset: the format from the extension, then the same with --format and a
# neutral name (byte-identical, which also shows that two exports agree).
EX=$TMP/export
TIES=$(json_value "$ILO/summary.json" edges)
for f in graphml:graphml gml:gml net:pajek tsv:edgelist; do
    ext=${f%:*} fmt=${f#*:}
    run export "$ILO_EDGES" --nodes "$ILO_NODES" -q --out "$EX/ilo.$ext"
    expect "export .$ext: exit 0" 0
    [ -s "$EX/ilo.$ext" ] && pass "export .$ext: file written" ||
        fail "export .$ext: file written" "no $EX/ilo.$ext"
    run export "$ILO_EDGES" --nodes "$ILO_NODES" -q --format "$fmt" --out "$EX/ilo-$fmt.out"
    expect "export --format $fmt: exit 0" 0
    same "export --format $fmt: same bytes as .$ext" "$EX/ilo-$fmt.out" "$EX/ilo.$ext"
done

G=$EX/ilo.graphml
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$G" 2>"$TMP/xmllint.err"
    check "graphml: xmllint accepts it" $? "$(head -n 5 "$TMP/xmllint.err")"
else
    echo "skip graphml: xmllint not installed"
fi
for a in pagerank clustering; do
    grep -q "<key id=\"[^\"]*\" for=\"node\" attr.name=\"$a\"" "$G"
    check "graphml: node key $a" $? "no <key ... attr.name=\"$a\">"
done
grep -q '<node id="ILO">' "$G"
check "graphml: node ILO" $? "no <node id=\"ILO\">"
c=$(grep -c '<node ' "$G")
check "graphml: 45 nodes" "$([ "$c" = 45 ]; echo $?)" "$c"
c=$(grep -c '<edge ' "$G")
check "graphml: one edge per tie ($TIES)" "$([ "$c" = "$TIES" ]; echo $?)" "$c"

T=$EX/ilo.tsv
first_line "edgelist: header" "$T" "source${TAB}target${TAB}weight"
c=$(awk 'NR > 1' "$T" | wc -l | tr -d ' ')
check "edgelist: one line per tie ($TIES)" "$([ "$c" = "$TIES" ]; echo $?)" "$c lines"
# ILO-UNCTAD is three rows of weight 1 in edges.csv, merged into one tie of weight 3.
grep -Eq "^(ILO${TAB}UNCTAD|UNCTAD${TAB}ILO)${TAB}3(\.0*)?\$" "$T"
check "edgelist: ILO-UNCTAD weight 3" $? "$(grep UNCTAD "$T" | grep ILO)"

first_line "pajek: vertices line" "$EX/ilo.net" "*Vertices 45"
c=$(sed -n '/^\*Edges/,$p' "$EX/ilo.net" | awk 'NR > 1' | wc -l | tr -d ' ')
check "pajek: one edge line per tie ($TIES)" "$([ "$c" = "$TIES" ]; echo $?)" "$c lines"

c=$(grep -c '^ *edge \[' "$EX/ilo.gml")
check "gml: one edge per tie ($TIES)" "$([ "$c" = "$TIES" ]; echo $?)" "$c"
c=$(LC_ALL=C tr -d '\000-\177' <"$EX/ilo.gml" | wc -c | tr -d ' ')
check "gml: pure ASCII (the dataset has accents and dashes)" "$([ "$c" = 0 ]; echo $?)" \
    "$c non-ASCII bytes"

# Refusals: unknown extension, unknown --format, output over the input; nothing left behind.
run export "$TP" --out "$TMP/exbad1/tp.xyz"
expect "export unknown extension: exit 2" 2
one_line_error "export unknown extension: one-line message" "ilonet: "
[ ! -e "$TMP/exbad1" ] && pass "export unknown extension: no file, no folder" ||
    fail "export unknown extension: no file, no folder" "$TMP/exbad1 exists"
run export "$TP" --format foo --out "$TMP/exbad2/tp.graphml"
expect "export unknown --format: exit 2" 2
one_line_error "export unknown --format: one-line message" "ilonet: "
[ ! -e "$TMP/exbad2" ] && pass "export unknown --format: no file, no folder" ||
    fail "export unknown --format: no file, no folder" "$TMP/exbad2 exists"
mkdir -p "$TMP/exsame"
cp "$TP" "$TMP/exsame/edges.tsv"
run export "$TMP/exsame/edges.tsv" --out "$TMP/exsame/edges.tsv"
expect "export over the input: exit 2" 2
one_line_error "export over the input: one-line message" "ilonet: "
same "export over the input: input unchanged" "$TMP/exsame/edges.tsv" "$TP"
c=$(ls -A "$TMP/exsame" | tr '\n' ' ')
check "export over the input: no temp files" "$([ "$c" = "edges.tsv " ]; echo $?)" "holds: $c"

# ---------------------------------------------------------------------------------------------
# A projected run still reports the file as loaded: 9 rows, 2 of them duplicates.
(cat "$DATA/network/twomode_edges.csv"; echo A,P1; echo P1,A) >"$TMP/dup.csv"
D=$TMP/dupproj
run analyze "$TMP/dup.csv" --nodes "$DATA/network/twomode_nodes.csv" --out "$D"
expect "projection of a file with duplicates: exit 0" 0
json_is "projection: edge_rows counts the file's rows" "$D/summary.json" edge_rows 9
json_is "projection: duplicates of the file counted" "$D/summary.json" duplicate_edges_merged 2
json_is "projection: ties of the file recorded" "$D/summary.json" loaded_ties 7
case $ERR in
*"4 nodes, 4 ties from 9 rows (2 merged"*) pass "projection: summary line counts the file's rows" ;;
*) fail "projection: summary line counts the file's rows" "$ERR" ;;
esac
run analyze "$DATA/karate.csv" --resolution 2 --out "$TMP/res-louvain"
expect "--resolution with louvain: exit 0 and a warning" 0 "only applies to --cluster-method leiden"

# ---------------------------------------------------------------------------------------------
# Every method on the ILO dataset: a number of clusters between 1 and 45 and a modularity in
# [-0.5, 1]; the published Louvain partition is the run's own (nmi 1), and its modularity is
# the one summary.json reports.
ILO_E=datasets/ilo_partnerships/edges.csv
ILO_N=datasets/ilo_partnerships/nodes.csv
D=$TMP/ilo-methods
analyze "ILO: compare methods" "$D" "$ILO_E" --nodes "$ILO_N" --compare-methods
for m in louvain leiden labelprop walktrap infomap fastgreedy edgebetweenness components; do
    row=$(awk -F, -v m="$m" '$1 == m' "$D/methods.csv")
    if printf '%s\n' "$row" | awk -F, '{ exit !($2 >= 1 && $2 <= 45 && $3 != "" && $3 >= -0.5 && $3 <= 1) }'; then
        pass "ILO: $m gives a partition and a modularity"
    else
        fail "ILO: $m gives a partition and a modularity" "row: '$row'"
    fi
done
q=$(awk -F, '$1 == "louvain" { print $3 }' "$D/methods.csv")
json_num "ILO: louvain row is the published partition" "$D/summary.json" modularity "$q"
value_is "ILO: louvain row agrees with itself" "$D/methods.csv" louvain nmi 1

finish
