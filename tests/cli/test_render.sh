#!/bin/sh
# End-to-end tests of `ilonet render`: the attributed DOT graph (colours, shapes, sizes, labels,
# focus, palettes), the filters (--top, --ego, --cluster, --kind, --min-weight), every output
# format (json, svg, pdf, png and its --dpi), the description beside the figure, determinism,
# UTF-8 names, bad input (exit code, one-line message, no partial output, earlier figure kept),
# --help and the large-graph defaults.
# Run from the repository root: ILONET=bin/ilonet sh tests/cli/test_render.sh
# Fixtures are described in tests/data/README.md. Under TEST_WRAP (valgrind) the large-graph and
# repeated-PDF checks are skipped.
. tests/cli/lib.sh

TP=$DATA/triangle_pendant.csv
NI=$DATA/nodes_isolate.csv
KE=$DATA/render/kinds_edges.csv
KN=$DATA/render/kinds_nodes.csv
WE=$DATA/render/weighted.csv
ILO_E=datasets/ilo_partnerships/edges.csv
ILO_N=datasets/ilo_partnerships/nodes.csv
NL='
'
TAB=$(printf '\t')

# The binary by absolute path, for runs from another working directory.
case $ILONET in
/*) ILONET_ABS=$ILONET ;;
*/*) ILONET_ABS=$(pwd)/$ILONET ;;
*) ILONET_ABS=$(command -v "$ILONET") ;;
esac

# ---------------------------------------------------------------------------------------------
# Helpers (no `local` in POSIX sh: helper variables are prefixed to stay out of lib.sh's way)

# check NAME STATUS WHY: pass when STATUS (the previous command's $?) is 0.
check() {
    if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}

# is NAME GOT WANT: GOT equals WANT.
is() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', expected '$3'"; fi
}

# has NAME FILE TEXT: FILE contains TEXT (fixed string).
has() {
    if grep -qF -- "$3" "$2" 2>/dev/null; then
        pass "$1"
    else
        fail "$1" "$2 lacks '$3'"
    fi
}

# lacks NAME FILE TEXT: FILE exists and does not contain TEXT.
lacks() {
    if [ ! -f "$2" ]; then
        fail "$1" "$2 is missing"
    elif grep -qF -- "$3" "$2"; then
        fail "$1" "$2 contains '$3'"
    else
        pass "$1"
    fi
}

# same NAME FILE1 FILE2: the two files exist and are byte-identical.
same() {
    if [ -f "$2" ] && [ -f "$3" ] && cmp -s "$2" "$3"; then
        pass "$1"
    else
        fail "$1" "$2 and $3 differ (or are missing): $(cmp "$2" "$3" 2>&1 | head -n 1)"
    fi
}

# files_are NAME DIR "LIST": DIR holds exactly the files of the space-separated sorted LIST.
files_are() {
    fa_got=$(ls -A "$2" 2>/dev/null | sort | tr '\n' ' ')
    if [ "$fa_got" = "$3 " ]; then pass "$1"; else fail "$1" "$2 holds '$fa_got', expected '$3'"; fi
}

# one_line_error NAME: stderr is exactly one line starting with "ilonet: ".
one_line_error() {
    ol_lines=$(wc -l <"$TMP/stderr" | tr -d ' ')
    if [ "$ol_lines" != 1 ]; then
        fail "$1" "expected one line on stderr, got $ol_lines: $ERR"
        return
    fi
    case $ERR in
    "ilonet: "*) pass "$1" ;;
    *) fail "$1" "stderr does not start with 'ilonet: ': $ERR" ;;
    esac
}

# good NAME ARGS...: `render -q ARGS` exits 0 with nothing on stdout or stderr.
good() {
    g_name=$1
    shift
    run render -q "$@"
    expect "$g_name: exit 0" 0
    if [ -n "$OUT$ERR" ]; then
        fail "$g_name: quiet" "stdout '$OUT', stderr '$ERR'"
    fi
}

# bad NAME CODE SUBSTRING ARGS...: `render ARGS --out $TMP/bad-NAME/x.svg` exits CODE with a
# one-line "ilonet: " message containing SUBSTRING, nothing on stdout, and no file written.
bad() {
    b_name=$1 b_code=$2 b_text=$3
    shift 3
    b_dir=$TMP/bad-$(printf '%s' "$b_name" | tr -c 'A-Za-z0-9' '_')
    run render "$@" --out "$b_dir/x.svg"
    expect "bad $b_name: exit $b_code" "$b_code" "$b_text"
    one_line_error "bad $b_name: one-line message"
    [ -z "$OUT" ] && pass "bad $b_name: stdout empty" || fail "bad $b_name: stdout empty" "$OUT"
    no_files "bad $b_name: no output" "$b_dir"
}

# DOT output of Graphviz after layout, as a table. Node rows: "N<TAB>id<TAB>attr<TAB>value"
# (one per attribute, plus "N<TAB>id<TAB>_node<TAB>"); edge rows: "E<TAB>from<TAB>to".
# Statements start with one tab, their attributes continue on lines with two tabs (the default
# attribute lists of graph, node and edge end with a line "<TAB>];").
DOT_AWK='
function unquote(s) {
    if (s ~ /^".*"$/) s = substr(s, 2, length(s) - 2)
    return s
}
function handle(s,   i, head, rest, n, parts, k, a, eq, id, ends) {
    i = index(s, "[")
    if (i == 0) { head = s; rest = "" } else { head = substr(s, 1, i - 1); rest = substr(s, i + 1) }
    sub(/[ \t;]+$/, "", head)
    if (head == "graph" || head == "node" || head == "edge") return
    if (head ~ / (--|->) /) {
        n = split(head, ends, / (--|->) /)
        printf "E\t%s\t%s\n", unquote(ends[1]), unquote(ends[2])
        return
    }
    id = unquote(head)
    printf "N\t%s\t_node\t\n", id
    n = split(rest, parts, "\n")
    for (k = 1; k <= n; k++) {
        a = parts[k]
        sub(/(,|\];)$/, "", a)
        eq = index(a, "=")
        if (eq == 0) continue
        printf "N\t%s\t%s\t%s\n", id, substr(a, 1, eq - 1), unquote(substr(a, eq + 1))
    }
}
/^\t\]/ { stmt = stmt "\n" substr($0, 2); next }
/^\t[^\t]/ { if (stmt != "") handle(stmt); stmt = substr($0, 2); next }
/^\t\t/ { stmt = stmt "\n" substr($0, 3); next }
/^}/ { if (stmt != "") handle(stmt); stmt = ""; next }
{ if (stmt != "") stmt = stmt "\n" $0 }
'
dot_table() { awk "$DOT_AWK" "$1"; }

# dot_nodes FILE: the node ids of a DOT file, sorted, space-separated.
dot_nodes() {
    dot_table "$1" | awk -F "$TAB" '$1 == "N" && $3 == "_node" { print $2 }' | sort | tr '\n' ' ' |
        sed 's/ $//'
}

# dot_ties FILE: the number of edge statements.
dot_ties() {
    dot_table "$1" | awk -F "$TAB" '$1 == "E" { n++ } END { print n + 0 }'
}

# dot_attr FILE ID ATTR: the value of node ID's attribute ATTR (empty when absent).
dot_attr() {
    dot_table "$1" | awk -F "$TAB" -v id="$2" -v a="$3" '$1 == "N" && $2 == id && $3 == a { print $4 }'
}

# dot_with FILE ATTR: the sorted ids of the nodes that carry ATTR.
dot_with() {
    dot_table "$1" | awk -F "$TAB" -v a="$2" '$1 == "N" && $3 == a { print $2 }' | sort |
        tr '\n' ' ' | sed 's/ $//'
}

# attr_is NAME FILE ID ATTR VALUE
attr_is() {
    ai_got=$(dot_attr "$2" "$3" "$4")
    if [ "$ai_got" = "$5" ]; then
        pass "$1"
    else
        fail "$1" "node $3 has $4='$ai_got', expected '$5'"
    fi
}

# nodes_are NAME FILE "IDS": the DOT file draws exactly these nodes (sorted, space-separated).
nodes_are() {
    na_got=$(dot_nodes "$2")
    if [ "$na_got" = "$3" ]; then pass "$1"; else fail "$1" "drew '$na_got', expected '$3'"; fi
}

# png_width FILE: the width in pixels from the PNG IHDR chunk.
png_width() {
    od -An -tu1 -j16 -N4 "$1" 2>/dev/null |
        awk '{ print ((($1 * 256 + $2) * 256 + $3) * 256 + $4) }'
}

# json_ok NAME FILE: FILE parses as JSON (skipped without python3).
HAVE_PY=0
command -v python3 >/dev/null 2>&1 && HAVE_PY=1
json_ok() {
    if [ "$HAVE_PY" = 0 ]; then
        pass "$1 (python3 missing: not checked)"
    elif python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$2" 2>/dev/null; then
        pass "$1"
    else
        fail "$1" "$2 is not valid JSON"
    fi
}

# svg_ok NAME FILE: FILE is well-formed XML with an <svg> root.
svg_ok() {
    if ! command -v xmllint >/dev/null 2>&1; then
        pass "$1 (xmllint missing: not checked)"
    elif xmllint --noout "$2" 2>"$TMP/xmllint.err" && grep -q '<svg' "$2"; then
        pass "$1"
    else
        fail "$1" "$2 is not well-formed SVG: $(head -n 3 "$TMP/xmllint.err")"
    fi
}

# ---------------------------------------------------------------------------------------------
# Help: every render option is documented.
run render --help
expect "help: exit 0" 0
for opt in --out --format --dpi --no-description --layout --seed --size-by --color-by --palette \
    --labels --focus --cluster-boxes --edge-types --title --caption --no-legend --top --ego \
    --radius --min-weight --kind --cluster; do
    if printf '%s\n' "$OUT" | grep -qe "$opt\\b"; then
        pass "help mentions $opt"
    else
        fail "help mentions $opt" "not in render --help"
    fi
done

# ---------------------------------------------------------------------------------------------
# Structure: triangle a-b-c plus pendant c-d. Louvain puts a,b in cluster 1 and c,d in cluster 2
# (see tests/data/expected/triangle_pendant.clusters.csv); PageRank c > a = b > d.
D=$TMP/tp
good "dot" "$TP" --out "$D/tp.dot"
files_are "dot: figure and description" "$D" "tp.dot tp.txt"
has "dot: an undirected graph" "$D/tp.dot" "graph network {"
nodes_are "dot: all nodes" "$D/tp.dot" "a b c d"
is "dot: all ties" "$(dot_ties "$D/tp.dot")" 4
attr_is "dot: cluster 1 (a) is Okabe-Ito orange" "$D/tp.dot" a fillcolor "#E69F00"
attr_is "dot: cluster 1 (b) is Okabe-Ito orange" "$D/tp.dot" b fillcolor "#E69F00"
attr_is "dot: cluster 2 (c) is Okabe-Ito sky blue" "$D/tp.dot" c fillcolor "#56B4E9"
attr_is "dot: cluster 2 (d) is Okabe-Ito sky blue" "$D/tp.dot" d fillcolor "#56B4E9"
attr_is "dot: no kinds: circles" "$D/tp.dot" d shape circle
is "dot: every node has an xlabel by default" "$(dot_with "$D/tp.dot" xlabel)" "a b c d"
is "dot: no focus without a node of kind ilo" "$(dot_with "$D/tp.dot" penwidth)" ""
# Sizes: the largest PageRank gets the largest diameter, 0.9 in (Graphviz rounds node sizes to
# whole points, so 0.9 +- 1/72); area follows PageRank, so c > a = b > d.
wc_=$(dot_attr "$D/tp.dot" c width)
wa_=$(dot_attr "$D/tp.dot" a width)
wb_=$(dot_attr "$D/tp.dot" b width)
wd_=$(dot_attr "$D/tp.dot" d width)
awk -v w="$wc_" 'BEGIN { d = w - 0.9; exit !(w != "" && d < 1 / 72 && d > -1 / 72) }'
check "dot: the top PageRank node is 0.9 in wide" $? "c has width '$wc_'"
awk -v c="$wc_" -v a="$wa_" -v b="$wb_" -v d="$wd_" \
    'BEGIN { exit !(c + 0 > a + 0 && a == b && a + 0 > d + 0 && d + 0 > 0) }'
check "dot: width grows with PageRank" $? "widths c=$wc_ a=$wa_ b=$wb_ d=$wd_"
# area proportional: (d/c)^2 = pagerank(d)/pagerank(c) = 0.1363/0.3535 = 0.386 (+- rounding)
awk -v c="$wc_" -v d="$wd_" 'BEGIN { r = (d / c) ^ 2; exit !(r > 0.34 && r < 0.43) }'
check "dot: node area proportional to PageRank" $? "widths c=$wc_ d=$wd_"

# --format dot overrides the extension; the description still replaces it.
good "format dot" "$TP" --format dot --out "$TMP/fmt/figure.out"
files_are "format dot: files" "$TMP/fmt" "figure.out figure.txt"
has "format dot: DOT written" "$TMP/fmt/figure.out" "graph network {"
good "gv extension" "$TP" --out "$TMP/gv/figure.gv" --no-description
has "gv extension: DOT written" "$TMP/gv/figure.gv" "graph network {"

# Size by none: every node the same size.
good "size none" "$TP" --size-by none --out "$TMP/sn.dot"
is "size none: one width" "$(dot_table "$TMP/sn.dot" | awk -F "$TAB" '$3 == "width" { print $4 }' |
    sort -u | wc -l | tr -d ' ')" 1
good "size degree" "$TP" --size-by degree --out "$TMP/sd.dot"
awk -v c="$(dot_attr "$TMP/sd.dot" c width)" -v d="$(dot_attr "$TMP/sd.dot" d width)" \
    'BEGIN { r = (d / c) ^ 2; exit !(r > 0.29 && r < 0.38) }'
check "size degree: area follows degree (1 vs 3)" $? "widths $(dot_with "$TMP/sd.dot" width)"

# Colours agree with the clusters of the JSON positions, for karate's four clusters.
K=$TMP/karate
good "karate dot" "$DATA/karate.csv" --out "$K/k.dot"
good "karate json" "$DATA/karate.csv" --out "$K/k.json"
if [ "$HAVE_PY" = 1 ]; then
    python3 -c 'import json, sys
for n in json.load(open(sys.argv[1]))["nodes"]:
    print(n["id"], n["cluster"])' "$K/k.json" >"$K/clusters"
    dot_table "$K/k.dot" | awk -F "$TAB" '$3 == "fillcolor" { print $2, $4 }' >"$K/colors"
    awk 'BEGIN { split("#E69F00 #56B4E9 #009E73 #F0E442 #0072B2 #D55E00 #CC79A7", p, " ") }
         NR == FNR { cl[$1] = $2; next }
         { n++; if (!($1 in cl) || p[cl[$1]] != $2) { print $1, $2, cl[$1]; bad++ } }
         END { exit !(n == 34 && bad == 0) }' "$K/clusters" "$K/colors" >"$K/wrong"
    check "karate: fill colour is the Okabe-Ito colour of the cluster" $? \
        "mismatches: $(tr '\n' ';' <"$K/wrong")"
fi

# Palettes and colour by kind.
good "dark2" "$TP" --palette dark2 --out "$TMP/dark2.dot"
attr_is "dark2: cluster 1" "$TMP/dark2.dot" a fillcolor "#1B9E77"
attr_is "dark2: cluster 2" "$TMP/dark2.dot" d fillcolor "#D95F02"
lacks "dark2: no Okabe-Ito colour left" "$TMP/dark2.dot" "#E69F00"
good "set2" "$TP" --palette set2 --out "$TMP/set2.dot"
attr_is "set2: cluster 1" "$TMP/set2.dot" b fillcolor "#66C2A5"
attr_is "set2: cluster 2" "$TMP/set2.dot" c fillcolor "#FC8D62"

# Shapes by kind; the node of kind 'ilo' is the default focus.
S=$TMP/kinds
good "kinds" "$KE" --nodes "$KN" --out "$S/k.dot"
attr_is "shape: kind ilo is a circle" "$S/k.dot" hub shape circle
attr_is "shape: kind org is a circle" "$S/k.dot" org2 shape circle
attr_is "shape: kind project is a box" "$S/k.dot" proj shape box
attr_is "shape: kind agreement is a diamond" "$S/k.dot" agr shape diamond
attr_is "shape: kind forum is a hexagon" "$S/k.dot" frm shape hexagon
attr_is "focus: the node of kind ilo by default" "$S/k.dot" hub penwidth 3
is "focus: only one thick outline" "$(dot_with "$S/k.dot" penwidth)" "hub"
attr_is "labels: from the label column, wrapped" "$S/k.dot" org2 xlabel 'Second\nOrganisation'
good "focus" "$KE" --nodes "$KN" --focus org3 --out "$S/f.dot"
attr_is "focus: --focus node has penwidth 3" "$S/f.dot" org3 penwidth 3
is "focus: no other thick outline" "$(dot_with "$S/f.dot" penwidth)" "org3"
run render "$KE" --nodes "$KN" --focus nobody --out "$TMP/bad-focus/f.svg"
expect "focus: unknown node: exit 2" 2 "nobody"
no_files "focus: unknown node: no output" "$TMP/bad-focus"

# Colour by kind: kinds by frequency (org twice) then name, so org takes the first colour.
good "color by kind" "$KE" --nodes "$KN" --color-by kind --out "$S/c.dot"
attr_is "color by kind: most frequent kind first colour" "$S/c.dot" org2 fillcolor "#E69F00"
attr_is "color by kind: same kind, same colour" "$S/c.dot" org3 fillcolor "#E69F00"
is "color by kind: five kinds, five colours" "$(dot_table "$S/c.dot" |
    awk -F "$TAB" '$3 == "fillcolor" { print $4 }' | sort -u | wc -l | tr -d ' ')" 5
# frm (forum) shares org2's cluster and colour by cluster, but not its colour by kind
is "color by kind: frm and org2 share a cluster colour" \
    "$(dot_attr "$S/k.dot" frm fillcolor)" "$(dot_attr "$S/k.dot" org2 fillcolor)"
if [ "$(dot_attr "$S/c.dot" frm fillcolor)" != "$(dot_attr "$S/c.dot" org2 fillcolor)" ]; then
    pass "color by kind: forum and org differ"
else
    fail "color by kind: forum and org differ" "both $(dot_attr "$S/c.dot" frm fillcolor)"
fi
has "color by kind: legend names the kinds" "$S/c.dot" "Colour: kind of body"

# Labels: all (default), none, top:N.
good "labels none" "$TP" --labels none --out "$TMP/ln.dot"
is "labels none: no xlabel" "$(dot_with "$TMP/ln.dot" xlabel)" ""
good "labels top:1" "$TP" --labels top:1 --out "$TMP/l1.dot"
is "labels top:1: only the top node" "$(dot_with "$TMP/l1.dot" xlabel)" "c"
good "labels top:5 karate" "$DATA/karate.csv" --labels top:5 --out "$TMP/l5.dot"
is "labels top:5: the five highest PageRank" "$(dot_with "$TMP/l5.dot" xlabel)" "1 2 3 33 34"
good "labels all" "$DATA/karate.csv" --labels all --out "$TMP/la.dot"
is "labels all: 34 labels" "$(dot_table "$TMP/la.dot" |
    awk -F "$TAB" '$3 == "xlabel" { n++ } END { print n + 0 }')" 34

# Legend, title, caption, edge types, cluster boxes, directed graphs.
good "no legend" "$TP" --no-legend --out "$TMP/nl.dot"
lacks "no legend: no table label" "$TMP/nl.dot" "<TABLE"
has "legend by default" "$D/tp.dot" "Colour: collaboration cluster"
good "edge types" "$KE" --nodes "$KN" --edge-types --out "$S/e.dot"
has "edge types: dashed ties" "$S/e.dot" "style=dashed"
has "edge types: dotted ties" "$S/e.dot" "style=dotted"
has "edge types: legend" "$S/e.dot" "Lines:"
lacks "edge types: off by default" "$S/k.dot" "style=dashed"
good "cluster boxes" "$TP" --layout dot --cluster-boxes --out "$TMP/cb.dot"
has "cluster boxes: subgraph" "$TMP/cb.dot" "subgraph cluster_1"
has "cluster boxes: labelled" "$TMP/cb.dot" "Cluster 2"
good "cluster boxes fdp" "$TP" --layout fdp --cluster-boxes --out "$TMP/cbf.dot"
has "cluster boxes fdp: subgraph" "$TMP/cbf.dot" "subgraph cluster_2"
lacks "cluster boxes: off by default" "$D/tp.dot" "subgraph"
run render "$TP" --cluster-boxes --out "$TMP/cbn.dot"
expect "cluster boxes with neato: exit 0 and a warning" 0 "--cluster-boxes needs"
good "directed" "$DATA/directed.csv" --directed --out "$TMP/dir.dot"
has "directed: digraph" "$TMP/dir.dot" "digraph network {"
has "directed: arcs" "$TMP/dir.dot" " -> "
T_TITLE='R&D <2024> "network"'
good "title" "$TP" --title "$T_TITLE" --caption 'Source: test & co' --out "$TMP/title.svg"
svg_ok "title: SVG with escaped title is well-formed" "$TMP/title.svg"
has "title: in the SVG" "$TMP/title.svg" "R&amp;D &lt;2024&gt;"
has "title: in the description" "$TMP/title.txt" "$T_TITLE"
has "caption: in the description" "$TMP/title.txt" "Source: test & co"

# Default messages: one line on stderr naming the counts, nothing on stdout.
run render "$TP" --out "$TMP/msg.svg"
expect "messages: exit 0" 0 "drew 4 nodes and 4 ties"
[ -z "$OUT" ] && pass "messages: stdout empty" || fail "messages: stdout empty" "$OUT"

# ---------------------------------------------------------------------------------------------
# Filters (measures and clusters stay those of the whole network).
F=$TMP/filters
good "top 2" "$TP" --top 2 --out "$F/top2.dot"
nodes_are "top 2: c and the first of a=b" "$F/top2.dot" "a c"
is "top 2: one tie" "$(dot_ties "$F/top2.dot")" 1
good "top 2 by degree" "$KE" --nodes "$KN" --size-by degree --top 1 --out "$F/topdeg.dot"
nodes_are "top 1 by degree: the hub" "$F/topdeg.dot" "hub"
good "ego c" "$TP" --ego c --radius 1 --out "$F/egoc.dot"
nodes_are "ego c radius 1: everything" "$F/egoc.dot" "a b c d"
good "ego d" "$TP" --ego d --radius 1 --out "$F/egod.dot"
nodes_are "ego d radius 1: c and d" "$F/egod.dot" "c d"
is "ego d radius 1: one tie" "$(dot_ties "$F/egod.dot")" 1
good "ego d default radius" "$TP" --ego d --out "$F/egod1.dot"
nodes_are "ego d default radius 1" "$F/egod1.dot" "c d"
good "ego d radius 2" "$TP" --ego d --radius 2 --out "$F/egod2.dot"
nodes_are "ego d radius 2: everything" "$F/egod2.dot" "a b c d"
good "ego org3 radius 2" "$KE" --nodes "$KN" --ego org3 --radius 2 --out "$F/ego3.dot"
nodes_are "ego org3 radius 2" "$F/ego3.dot" "frm org2 org3"
good "cluster 1" "$TP" --cluster 1 --out "$F/c1.dot"
nodes_are "cluster 1: a and b" "$F/c1.dot" "a b"
attr_is "cluster 1: colour kept" "$F/c1.dot" a fillcolor "#E69F00"
good "cluster 2" "$TP" --cluster 2 --out "$F/c2.dot"
nodes_are "cluster 2: c and d" "$F/c2.dot" "c d"
attr_is "cluster 2: colour of cluster 2, not of the first drawn" "$F/c2.dot" c fillcolor "#56B4E9"
bad "cluster 3 (none left)" 2 "no node is left" "$TP" --cluster 3
good "kind project" "$TP" --nodes "$NI" --kind project --out "$F/kp.dot"
nodes_are "kind project: c" "$F/kp.dot" "c"
good "kind project+agreement" "$KE" --nodes "$KN" --kind project --kind agreement --out "$F/kpa.dot"
nodes_are "kind repeatable: project and agreement" "$F/kpa.dot" "agr proj"
is "kind repeatable: their tie" "$(dot_ties "$F/kpa.dot")" 1
good "kind + top" "$TP" --nodes "$NI" --kind org --top 2 --out "$F/kt.dot"
nodes_are "filters combine: kind org, top 2" "$F/kt.dot" "a b"
good "cluster + top" "$TP" --cluster 2 --top 1 --out "$F/ct.dot"
nodes_are "filters combine: cluster 2, top 1" "$F/ct.dot" "c"
# weighted.csv: heavy triangle a-b 5, b-c 4, a-c 3; light chain c-d 1, d-e 1.
# The two-mode view: only ties between the second mode and the rest.
good "two-mode view" "$KE" --nodes "$KN" --two-mode-view --out "$F/tm.dot"
nodes_are "two-mode view: projects and their partners" "$F/tm.dot" "agr hub proj"
is "two-mode view: hub-proj and proj-agr" "$(dot_ties "$F/tm.dot")" 2
good "two-mode view, two kinds" "$KE" --nodes "$KN" --two-mode-view --two-mode project,agreement \
    --out "$F/tm2.dot"
nodes_are "two-mode view, two kinds: proj-agr joins one mode" "$F/tm2.dot" "agr hub proj"
is "two-mode view, two kinds: hub-proj and hub-agr" "$(dot_ties "$F/tm2.dot")" 2
good "two-mode view of forums" "$KE" --nodes "$KN" --two-mode-view --two-mode forum --out "$F/tm3.dot"
nodes_are "two-mode view of forums" "$F/tm3.dot" "frm hub org2"
run render "$KE" --nodes "$KN" --two-mode-view --two-mode nothing --out "$TMP/tm-none/f.svg"
expect "two-mode view without second-mode nodes: exit 2" 2 "no node is left"
no_files "two-mode view without second-mode nodes: no output" "$TMP/tm-none"
good "min-weight 2" "$WE" --min-weight 2 --out "$F/mw2.dot"
nodes_are "min-weight 2: d and e lose every tie and go" "$F/mw2.dot" "a b c"
is "min-weight 2: heavy ties only" "$(dot_ties "$F/mw2.dot")" 3
good "min-weight 4" "$WE" --min-weight 4 --out "$F/mw4.dot"
nodes_are "min-weight 4: ties of weight >= 4" "$F/mw4.dot" "a b c"
is "min-weight 4: two ties" "$(dot_ties "$F/mw4.dot")" 2
good "min-weight 4.5" "$WE" --min-weight 4.5 --out "$F/mw45.dot"
nodes_are "min-weight 4.5: a and b" "$F/mw45.dot" "a b"
good "min-weight 1" "$WE" --min-weight 1 --out "$F/mw1.dot"
is "min-weight 1: every tie" "$(dot_ties "$F/mw1.dot")" 5
has "filtered description: a selection" "$F/mw2.txt" "a selection from the full network of 5 nodes and 5 ties"
has "filtered description: counts drawn" "$F/mw2.txt" "3 nodes"

# ---------------------------------------------------------------------------------------------
# JSON positions.
J=$TMP/json
good "json" "$TP" --out "$J/tp.json"
json_ok "json: parses" "$J/tp.json"
if [ "$HAVE_PY" = 1 ]; then
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
ns = d["nodes"]
assert sorted(n["id"] for n in ns) == ["a", "b", "c", "d"], ns
for n in ns:
    assert isinstance(n["x"], (int, float)) and isinstance(n["y"], (int, float)), n
    assert n["width"] > 0 and n["height"] > 0, n
assert len({(n["x"], n["y"]) for n in ns}) == 4, "nodes share a position"
assert len(d["edges"]) == 4, d["edges"]
assert d["layout"] == "neato" and d["seed"] == 42, d
' "$J/tp.json" 2>"$J/err"
    check "json: nodes with x, y, sizes; ties; layout and seed" $? "$(tail -n 1 "$J/err")"
    good "json filtered" "$TP" --ego d --format json --out "$J/ego.data"
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(n["id"] for n in d["nodes"]) == ["c", "d"], d["nodes"]
assert [(e["source"], e["target"]) for e in d["edges"]] in ([("d", "c")], [("c", "d")]), d["edges"]
' "$J/ego.data" 2>"$J/err"
    check "json: --format json, ego d ids" $? "$(tail -n 1 "$J/err")"
fi

# Every layout engine draws the small graph.
for lay in neato fdp sfdp dot circo twopi fr kk drl mds; do
    run render -q "$TP" --layout "$lay" --out "$TMP/lay/$lay.json"
    if [ "$RC" -eq 0 ] && grep -q "\"layout\": \"$lay\"" "$TMP/lay/$lay.json" &&
        [ "$(grep -c '"x":' "$TMP/lay/$lay.json")" = 4 ]; then
        pass "layout $lay"
    else
        fail "layout $lay" "exit $RC, stderr: $ERR"
    fi
done

# ---------------------------------------------------------------------------------------------
# SVG, PDF, PNG.
G=$TMP/fmts
good "svg" "$TP" --out "$G/tp.svg"
svg_ok "svg: well-formed XML" "$G/tp.svg"
is "svg: four node groups" "$(grep -c 'class="node"' "$G/tp.svg")" 4
is "svg: four tie groups" "$(grep -c 'class="edge"' "$G/tp.svg")" 4
good "pdf" "$TP" --out "$G/tp.pdf"
if command -v pdfinfo >/dev/null 2>&1; then
    pdfinfo "$G/tp.pdf" >"$G/pdfinfo" 2>&1 && ! grep -qi error "$G/pdfinfo" &&
        grep -q '^Pages: *1$' "$G/pdfinfo"
    check "pdf: valid, one page" $? "$(head -n 3 "$G/pdfinfo")"
else
    head -c 5 "$G/tp.pdf" | grep -q '^%PDF-'
    check "pdf: PDF header (pdfinfo missing)" $? "no %PDF- header"
fi
good "png 72" "$TP" --dpi 72 --out "$G/tp72.png"
good "png 144" "$TP" --dpi 144 --out "$G/tp144.png"
good "png default" "$TP" --out "$G/tp300.png"
is "png: signature" "$(od -An -tx1 -N8 "$G/tp72.png" | tr -d ' \n')" "89504e470d0a1a0a"
w72=$(png_width "$G/tp72.png")
w144=$(png_width "$G/tp144.png")
w300=$(png_width "$G/tp300.png")
awk -v a="${w72:-0}" -v b="${w144:-0}" 'BEGIN { d = b - 2 * a; exit !(a > 100 && d <= 2 && d >= -2) }'
check "png: --dpi 144 is twice as wide as --dpi 72" $? "widths $w72 and $w144"
awk -v a="${w72:-0}" -v b="${w300:-0}" 'BEGIN { d = b - a * 300 / 72; exit !(a > 100 && d <= 3 && d >= -3) }'
check "png: default is 300 dpi" $? "widths $w72 (72 dpi) and $w300 (default)"

# ---------------------------------------------------------------------------------------------
# The description beside the figure.
DS=$TMP/desc
good "description" "$TP" --out "$DS/fig.svg"
files_are "description: FILE.txt beside FILE.svg" "$DS" "fig.svg fig.txt"
has "description: node and tie counts" "$DS/fig.txt" "of 4 nodes"
has "description: tie count" "$DS/fig.txt" "and 4 ties"
has "description: cluster count" "$DS/fig.txt" "into 2 collaboration clusters"
has "description: source" "$DS/fig.txt" "$TP"
lacks "description: not a selection" "$DS/fig.txt" "a selection"
good "no description" "$TP" --no-description --out "$TMP/nodesc/fig.svg"
files_are "no description: the figure only" "$TMP/nodesc" "fig.svg"
good "description with dots" "$TP" --out "$TMP/dots/my.fig.v1.png" --dpi 30
files_are "description: only the last extension replaced" "$TMP/dots" "my.fig.v1.png my.fig.v1.txt"

# ---------------------------------------------------------------------------------------------
# UTF-8 names survive into the SVG and the description.
U=$TMP/utf8
good "accents" "$DATA/intl_comma.csv" --out "$U/intl.svg"
svg_ok "accents: SVG well-formed" "$U/intl.svg"
has "accents: Organización in the SVG" "$U/intl.svg" "Organización"
has "accents: Zürich in the SVG" "$U/intl.svg" "Zürich Versicherung"
has "accents: Société in the SVG" "$U/intl.svg" "Société Générale"
has "accents: in the description" "$U/intl.txt" "Organización Internacional del Trabajo"
good "accents dot" "$DATA/intl_comma.csv" --out "$U/intl.dot"
nodes_are "accents: node ids" "$U/intl.dot" \
    "Ministère du Travail Organización Internacional del Trabajo Société Générale Zürich Versicherung"

# ---------------------------------------------------------------------------------------------
# Determinism on the ILO dataset: two runs give byte-identical files.
R=$TMP/det
for fmt in svg png dot json; do
    run render -q "$ILO_E" --nodes "$ILO_N" --out "$R/one/ilo.$fmt"
    rc1=$RC
    run render -q "$ILO_E" --nodes "$ILO_N" --out "$R/two/ilo.$fmt"
    if [ "$rc1" -ne 0 ] || [ "$RC" -ne 0 ]; then
        fail "$fmt deterministic" "exit $rc1 and $RC: $ERR"
        continue
    fi
    same "$fmt deterministic" "$R/one/ilo.$fmt" "$R/two/ilo.$fmt"
    same "$fmt description deterministic" "$R/one/ilo.txt" "$R/two/ilo.txt"
done
svg_ok "ilo: SVG well-formed" "$R/one/ilo.svg"
json_ok "ilo: JSON parses" "$R/one/ilo.json"
is "ilo: 45 nodes drawn" "$(dot_nodes "$R/one/ilo.dot" | wc -w | tr -d ' ')" 45
attr_is "ilo: ILO (kind ilo) is the focus" "$R/one/ilo.dot" ILO penwidth 3
has "ilo: short labels used" "$R/one/ilo.dot" "xlabel=<<B>ILO</B>>"
has "ilo: description counts" "$R/one/ilo.txt" "45 nodes"
if [ -z "$TEST_WRAP" ]; then
    for i in 1 2 3; do
        run render -q "$ILO_E" --nodes "$ILO_N" --out "$R/pdf$i/ilo.pdf"
        [ "$RC" -eq 0 ] || fail "pdf deterministic: run $i" "exit $RC: $ERR"
    done
    if cmp -s "$R/pdf1/ilo.pdf" "$R/pdf2/ilo.pdf" && cmp -s "$R/pdf1/ilo.pdf" "$R/pdf3/ilo.pdf"; then
        pass "pdf deterministic"
    else
        fail "pdf deterministic" "three renders differ: $(cmp "$R/pdf1/ilo.pdf" "$R/pdf2/ilo.pdf" 2>&1 |
            head -n 1); $(cmp "$R/pdf1/ilo.pdf" "$R/pdf3/ilo.pdf" 2>&1 | head -n 1)"
    fi
    if command -v pdfinfo >/dev/null 2>&1; then
        for i in 1 2 3; do
            pdfinfo "$R/pdf$i/ilo.pdf" >"$R/pdfinfo" 2>&1 && ! grep -qi error "$R/pdfinfo"
            check "ilo pdf $i: valid" $? "$(grep -i error "$R/pdfinfo" | head -n 2)"
        done
    fi
    same "pdf description deterministic" "$R/pdf1/ilo.txt" "$R/pdf2/ilo.txt"
    # PNG text is rasterised by cairo too: three more runs at 72 dpi (cheap) must agree.
    for i in 1 2 3; do
        run render -q "$ILO_E" --nodes "$ILO_N" --dpi 72 --no-description --out "$R/png$i/ilo.png"
        [ "$RC" -eq 0 ] || fail "png deterministic at 72 dpi: run $i" "exit $RC: $ERR"
    done
    if cmp -s "$R/png1/ilo.png" "$R/png2/ilo.png" && cmp -s "$R/png1/ilo.png" "$R/png3/ilo.png"; then
        pass "png deterministic at 72 dpi (3 runs)"
    else
        fail "png deterministic at 72 dpi (3 runs)" "three renders differ: $(md5sum "$R"/png*/ilo.png |
            cut -c1-8 | tr '\n' ' ')"
    fi
fi
run render -q "$ILO_E" --nodes "$ILO_N" --seed 7 --out "$R/seed7/ilo.json"
if cmp -s "$R/one/ilo.json" "$R/seed7/ilo.json"; then
    fail "seed: another seed, another layout" "--seed 7 gave the same positions as 42"
else
    pass "seed: another seed, another layout"
fi

# ---------------------------------------------------------------------------------------------
# Bad input: exit code, one-line message, nothing written.
bad "unknown layout" 2 "unknown layout 'spring'" "$TP" --layout spring
bad "unknown size-by" 2 "unknown measure 'size'" "$TP" --size-by size
bad "unknown ego node" 2 '"zz" is not a node' "$TP" --ego zz
bad "top 0" 2 "--top" "$TP" --top 0
bad "top negative" 2 "--top" "$TP" --top -3
bad "dpi 0" 2 "--dpi" "$TP" --dpi 0
bad "dpi text" 2 "--dpi" "$TP" --dpi high
bad "labels top:x" 2 "--labels" "$TP" --labels top:x
bad "labels top:0" 2 "--labels" "$TP" --labels top:0
bad "labels some" 2 "--labels" "$TP" --labels some
bad "radius 0" 2 "--radius" "$TP" --ego c --radius 0
bad "min-weight 0" 2 "--min-weight" "$TP" --min-weight 0
bad "min-weight text" 2 "--min-weight" "$TP" --min-weight heavy
bad "cluster 0" 2 "--cluster" "$TP" --cluster 0
bad "color-by size" 2 "--color-by" "$TP" --color-by size
bad "palette viridis" 2 "--palette" "$TP" --palette viridis
bad "format gif" 2 "--format" "$TP" --format gif
bad "kind none left" 2 "no node is left" "$TP" --kind nothing
bad "missing edges file" 3 "no_such_file.csv" "$DATA/no_such_file.csv"
bad "zero weight" 1 "zero_weight.csv:3" "$DATA/bad/zero_weight.csv"
bad "unknown option" 2 "--sparkle" "$TP" --sparkle

# Unknown extension without --format.
XD=$TMP/xyz
run render "$TP" --out "$XD/out.xyz"
expect "bad extension: exit 2" 2 "out.xyz"
one_line_error "bad extension: one-line message"
no_files "bad extension: no output" "$XD"
run render "$TP" --out "$XD/noext"
expect "no extension: exit 2" 2 "noext"
no_files "no extension: no output" "$XD"

# Missing --out: run from an empty folder so a stray default output would show.
MO=$TMP/missing-out
mkdir -p "$MO"
TP_ABS=$(pwd)/$TP
(cd "$MO" && $TEST_WRAP "$ILONET_ABS" render "$TP_ABS" >"$TMP/stdout" 2>"$TMP/stderr")
RC=$?
ERR=$(cat "$TMP/stderr")
OUT=$(cat "$TMP/stdout")
expect "missing --out: exit 2" 2 "--out"
one_line_error "missing --out: one-line message"
no_files "missing --out: nothing written" "$MO"
run render "$TP" --out ""
expect "empty --out: exit 2" 2 "--out"
run render "$TP" --out
expect "--out without a value: exit 2" 2

# The figure (or its description) must never replace an input file.
IN=$TMP/inputs
mkdir -p "$IN"
cp "$TP" "$IN/edges.csv"
cp "$NI" "$IN/nodes.csv"
run render "$IN/edges.csv" --format svg --out "$IN/edges.csv"
expect "out is the edges file: exit 2" 2 "edges.csv"
one_line_error "out is the edges file: one-line message"
same "out is the edges file: input intact" "$IN/edges.csv" "$TP"
files_are "out is the edges file: nothing written" "$IN" "edges.csv nodes.csv"
run render "$IN/edges.csv" --nodes "$IN/nodes.csv" --format svg --out "$IN/nodes.csv"
expect "out is the nodes file: exit 2" 2 "nodes.csv"
same "out is the nodes file: input intact" "$IN/nodes.csv" "$NI"
files_are "out is the nodes file: nothing written" "$IN" "edges.csv nodes.csv"
run render "$IN/edges.csv" --format svg --out "$IN/./edges.csv"
expect "out is the edges file by another name: exit 2" 2 "edges.csv"
same "out is the edges file by another name: input intact" "$IN/edges.csv" "$TP"
files_are "out is the edges file by another name: nothing written" "$IN" "edges.csv nodes.csv"
cp "$TP" "$IN/ties.txt"
run render "$IN/ties.txt" --out "$IN/ties.svg"
if [ "$RC" -ne 0 ]; then
    pass "description would replace the edges file: refused"
else
    fail "description would replace the edges file: refused" "exit 0, $IN/ties.txt replaced"
fi
same "description would replace the edges file: input intact" "$IN/ties.txt" "$TP"
run render -q "$IN/ties.txt" --no-description --out "$IN/ties.svg"
expect "no description, so ties.txt is no output: exit 0" 0
same "no description: ties.txt intact" "$IN/ties.txt" "$TP"
cp "$TP" "$IN/edges.csv"

# Output under a regular file: I/O error, exit 3.
RF=$TMP/regular
mkdir -p "$RF"
: >"$RF/afile"
run render "$TP" --out "$RF/afile/x.svg"
expect "out under a regular file: exit 3" 3 "afile"
one_line_error "out under a regular file: one-line message"
files_are "out under a regular file: nothing written" "$RF" "afile"
[ ! -s "$RF/afile" ] && pass "out under a regular file: file untouched" ||
    fail "out under a regular file: file untouched" "afile is no longer empty"
# The output folder is created when missing, several levels deep.
good "nested out folder" "$TP" --out "$TMP/new/deeper/fig.svg"
files_are "nested out folder: created" "$TMP/new/deeper" "fig.svg fig.txt"

# A failed render leaves the earlier figure and description byte-identical, and no temp file.
KEEP=$TMP/keep
good "keep: first figure" "$TP" --out "$KEEP/fig.svg"
cp "$KEEP/fig.svg" "$TMP/keep.svg"
cp "$KEEP/fig.txt" "$TMP/keep.txt"
run render "$DATA/bad/zero_weight.csv" --out "$KEEP/fig.svg"
expect "keep: data error: exit 1" 1 "zero_weight.csv:3"
run render "$TP" --ego nobody --out "$KEEP/fig.svg"
expect "keep: usage error after the analysis: exit 2" 2 "nobody"
run render "$TP" --size-by nothing --out "$KEEP/fig.svg"
expect "keep: unknown measure: exit 2" 2 "nothing"
same "keep: earlier figure intact" "$KEEP/fig.svg" "$TMP/keep.svg"
same "keep: earlier description intact" "$KEEP/fig.txt" "$TMP/keep.txt"
files_are "keep: no temp files" "$KEEP" "fig.svg fig.txt"
# The description cannot be written (a folder has its name): exit 3, the figure is not replaced.
KD=$TMP/keep-desc
good "keep-desc: first figure" "$TP" --no-description --out "$KD/fig.svg"
cp "$KD/fig.svg" "$TMP/keep-desc.svg"
mkdir "$KD/fig.txt"
run render "$TP" --cluster 1 --out "$KD/fig.svg"
expect "keep-desc: description blocked: exit 3" 3 "fig.txt"
one_line_error "keep-desc: one-line message"
same "keep-desc: earlier figure intact" "$KD/fig.svg" "$TMP/keep-desc.svg"
files_are "keep-desc: no temp files" "$KD" "fig.svg fig.txt"
# ...and a good render into the same path replaces both.
good "keep: replaced by a new figure" "$TP" --out "$KEEP/fig.svg" --cluster 1
has "keep: new description" "$KEEP/fig.txt" "a selection"
files_are "keep: still two files" "$KEEP" "fig.svg fig.txt"

# ---------------------------------------------------------------------------------------------
# Large graphs: above 1000 drawn nodes the defaults become the fr layout and the top 30 labels.
if [ -z "$TEST_WRAP" ]; then
    L=$TMP/large
    mkdir -p "$L"
    # a ring of 1200 nodes plus a chord from every 7th node
    awk 'BEGIN { n = 1200; print "source,target"
                 for (i = 0; i < n; i++) {
                     print "n" i ",n" (i + 1) % n
                     if (i % 7 == 0) print "n" i ",n" (i * 37 + 11) % n } }' >"$L/big.csv"
    run render "$L/big.csv" --out "$L/out/big.svg"
    expect "large: exit 0" 0
    if printf '%s\n' "$ERR" | grep -qw fr && printf '%s\n' "$ERR" | grep -q 'top 30'; then
        pass "large: stderr says fr and top 30 labels"
    else
        fail "large: stderr says fr and top 30 labels" "$ERR"
    fi
    svg_ok "large: SVG well-formed" "$L/out/big.svg"
    is "large: 1200 nodes drawn" "$(grep -c 'class="node"' "$L/out/big.svg")" 1200
    is "large: 30 node labels" "$(awk '/class="node"/ { on = 1 } /^<!--/ { on = 0 }
        on && /<text/ { n++ } END { print n + 0 }' "$L/out/big.svg")" 30
    has "large: description counts" "$L/out/big.txt" "1200 nodes"
    # explicit choices win, and stderr stays quiet about defaults
    run render "$L/big.csv" --labels none --layout fr --out "$L/out/big2.svg"
    expect "large: explicit layout and labels: exit 0" 0
    if printf '%s\n' "$ERR" | grep -q 'top 30'; then
        fail "large: explicit choices, no default notice" "$ERR"
    else
        pass "large: explicit choices, no default notice"
    fi
fi

finish
