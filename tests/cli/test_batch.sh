#!/bin/sh
# End-to-end tests of `ilonet batch` (manifest checks with line numbers, parallel = serial
# byte for byte, a failing job doesn't stop the others, run.json hashes, --check) and of
# analyze/render over several inputs.
# Run from the repository root: ILONET=bin/ilonet sh tests/cli/test_batch.sh
. tests/cli/lib.sh

NL='
'
case $ILONET in
/*) ILONET_ABS=$ILONET ;;
*/*) ILONET_ABS=$(pwd)/$ILONET ;;
*) ILONET_ABS=$(command -v "$ILONET") ;;
esac
ILONET=$ILONET_ABS

check() {
    if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}

# A manifest folder with its own data, so relative paths are tested from elsewhere.
M=$TMP/m
mkdir -p "$M/data"
cp "$DATA/triangle_pendant.csv" "$M/data/edges.csv"
cp "$DATA/render/kinds_edges.csv" "$M/data/kinds_edges.csv"
cp "$DATA/render/kinds_nodes.csv" "$M/data/kinds_nodes.csv"
printf 'source,target,weight\na,b,1\nb,c,abc\n' >"$M/data/bad.csv"

cat >"$M/report.ini" <<'EOF'
; a small report set
[batch]
output = out

[defaults]
input = data/edges.csv
seed = 7

[analysis tables]
output = tables

[figure whole]
output = figs/whole.svg
title = "Whole network; all ties"
layout = fr

[figure kinds]
input = data/kinds_edges.csv
nodes = data/kinds_nodes.csv
output = figs/kinds.json
color-by = kind
kind = organisation, project

[ego a]
node = a
output = ego/a.json

[export net]
output = net.graphml
EOF

# batch_file NAME CONTENT: writes $M/NAME.ini with the given body.
batch_file() {
    printf '%s\n' "$2" >"$M/$1.ini"
}

# ---------------------------------------------------------------------------------------------
# A valid manifest, run from another folder: relative inputs resolve against the manifest.

cd "$TMP" || exit 1
run batch m/report.ini --jobs 2
cd - >/dev/null || exit 1
expect "batch runs every job" 0
for f in tables/nodes.csv tables/clusters.csv tables/summary.json figs/whole.svg figs/whole.txt \
    figs/kinds.json figs/kinds.txt ego/a.json net.graphml run.json; do
    if [ -s "$M/out/$f" ]; then pass "batch wrote $f"; else fail "batch wrote $f" "missing"; fi
done
printf '%s' "$OUT" | grep -q '^whole  *figure  *done' && printf '%s' "$OUT" | grep -q '^a  *ego  *done'
check "batch prints a table of jobs" $? "$OUT"
printf '%s' "$ERR" | grep -q '\[[0-9]/5\]'
check "no progress lines when stderr is not a terminal" $((1 - $?)) "$ERR"

# run.json: the SHA-256 of every input and output, settings with the seed, no absolute path
python3 - "$M/out" <<'EOF'
import hashlib, json, os, sys
root = sys.argv[1]
r = json.load(open(os.path.join(root, "run.json")))
assert r["versions"]["igraph"] and r["versions"]["graphviz"], r["versions"]
jobs = {j["name"]: j for j in r["jobs"]}
assert list(jobs) == ["tables", "whole", "kinds", "a", "net"], list(jobs)
for j in r["jobs"]:
    assert j["status"] == "done" and j["settings"]["seed"] == "7", j
    for f in j["outputs"]:
        data = open(os.path.join(root, f["path"]), "rb").read()
        assert hashlib.sha256(data).hexdigest() == f["sha256"], f
        assert len(data) == f["bytes"]
    for f in j["inputs"]:
        data = open(os.path.join(root, "..", f["path"]), "rb").read()
        assert hashlib.sha256(data).hexdigest() == f["sha256"], f
assert jobs["kinds"]["settings"]["kind"] == "organisation, project", jobs["kinds"]["settings"]
assert jobs["whole"]["settings"]["title"] == "Whole network; all ties"
assert [f["path"] for f in jobs["kinds"]["inputs"]] == ["data/kinds_edges.csv", "data/kinds_nodes.csv"]
assert "/" + "tmp" not in open(os.path.join(root, "run.json")).read()
EOF
check "run.json records settings and the SHA-256 of every file" $? "see above"

# the batch's figure is the same file the command line makes with the same options
run render "$M/data/edges.csv" --seed 7 --title "Whole network; all ties" --layout fr \
    --out "$TMP/direct.svg" -q
cmp -s "$TMP/direct.svg" "$M/out/figs/whole.svg"
check "a batch figure equals the same render on the command line" $? "differs"

# ---------------------------------------------------------------------------------------------
# Parallel and serial give the same bytes; so does a second run.

run batch "$M/report.ini" --jobs 1 --out "$TMP/serial" -q
expect "serial batch" 0
run batch "$M/report.ini" --jobs 4 --out "$TMP/parallel" -q
expect "parallel batch" 0
diff -r "$TMP/serial" "$TMP/parallel" >/dev/null
check "parallel and serial runs are byte-identical (run.json included)" $? \
    "$(diff -r "$TMP/serial" "$TMP/parallel" | head -n 5)"
run batch "$M/report.ini" --jobs 4 --out "$TMP/parallel" --progress
expect "batch --progress" 0 "[5/5] "
printf '%s' "$ERR" | grep -q "figure 'whole' done in [0-9.]* s"
check "progress names each job and its time" $? "$ERR"
[ -z "$OUT" ] || ! true
run batch "$M/report.ini" --out "$TMP/q" --quiet --progress
if [ "$RC" -eq 0 ] && [ -z "$OUT" ] && [ -z "$ERR" ]; then pass "--quiet prints nothing"; else
    fail "--quiet prints nothing" "rc $RC out '$OUT' err '$ERR'"
fi

# ---------------------------------------------------------------------------------------------
# --check

run batch "$M/report.ini" --check
expect "--check passes on an untouched run" 0 "check: the 9 outputs of 5 jobs match"
[ ! -e "$M/out/.check" ] && [ -z "$(ls /tmp | grep -c "^ilonet-check-" | grep -v '^0$' || true)" ]
cp "$M/out/figs/whole.svg" "$TMP/whole.saved"
printf '<!-- edited -->\n' >>"$M/out/figs/whole.svg"
run batch "$M/report.ini" --check
expect "--check finds an edited output" 1 \
    "check: figs/whole.svg in the output folder differs from the record (job 'whole')"
rm "$M/out/ego/a.json"
run batch "$M/report.ini" --check
expect "--check finds a missing output" 1 "check: ego/a.json is missing from the output folder (job 'a')"
run batch "$M/report.ini" -q
cp "$TMP/whole.saved" "$M/out/figs/whole.svg"
printf 'c,d\n' >>"$M/data/edges.csv"
run batch "$M/report.ini" --check
expect "--check fails when an input changed" 1 "input data/edges.csv changed since the recorded run"
printf '%s' "$ERR" | grep -q "check: [0-9]* differences from"
check "--check counts the differences" $? "$ERR"
cp "$DATA/triangle_pendant.csv" "$M/data/edges.csv"
run batch "$M/report.ini" --check -q
expect "--check passes again once the input is restored" 0
run batch "$M/report.ini" --check --out "$TMP/nowhere"
expect "--check without a record" 3 "nowhere/run.json: cannot read the record"

# ---------------------------------------------------------------------------------------------
# A failing job is reported; the others complete; the exit status says so.

cat >"$M/fail.ini" <<'EOF'
[analysis good]
input = data/edges.csv
[analysis broken]
input = data/bad.csv
[figure also-good]
input = data/edges.csv
layout = circo
EOF
run batch "$M/fail.ini" --out "$TMP/fail"
expect "a failing job makes the batch fail" 1 "bad.csv:3:"
printf '%s' "$ERR" | grep -q "analysis 'broken' failed (exit 1)"
check "the failed job is named on stderr" $? "$ERR"
[ -s "$TMP/fail/good/nodes.csv" ] && [ -s "$TMP/fail/also-good.svg" ] && [ ! -e "$TMP/fail/broken" ]
check "the other jobs completed (default outputs named after the jobs)" $? "$(ls -R "$TMP/fail")"
printf '%s' "$OUT" | grep -q '^broken  *analysis  *failed (exit 1)'
check "the table shows the failure" $? "$OUT"
python3 -c "
import json,sys; r=json.load(open('$TMP/fail/run.json'))
s={j['name']:(j['status'],len(j['outputs'])) for j in r['jobs']}
sys.exit(s!={'good':('done',3),'broken':('failed',0),'also-good':('done',2)})"
check "run.json records the failed job without outputs" $? "$(cat "$TMP/fail/run.json")"

# ---------------------------------------------------------------------------------------------
# Manifest errors: checked before any job runs, with the manifest's line.

# bad_manifest NAME BODY EXPECTED-MESSAGE
bad_manifest() {
    printf '%s\n' "$2" >"$M/bad.ini"
    rm -rf "$TMP/badout"
    run batch "$M/bad.ini" --out "$TMP/badout"
    expect "$1" 2 "$3"
    if [ -e "$TMP/badout" ]; then fail "$1: nothing written" "$(ls -R "$TMP/badout")"; else
        pass "$1: nothing written"
    fi
}

bad_manifest "unknown key" "[figure f]
input = data/edges.csv
colour = red" "bad.ini:3: unknown key 'colour' for figure job 'f'"
bad_manifest "key of another command" "[analysis t]
input = data/edges.csv
layout = fr" "bad.ini:3: unknown key 'layout' for analysis job 't'"
bad_manifest "unknown section" "[graph g]
input = data/edges.csv" "bad.ini:1: unknown section [graph g]"
bad_manifest "unknown section without keys" "[figure f]
input = data/edges.csv
[tables]" "bad.ini:3: unknown section [tables]"
bad_manifest "missing input file" "[defaults]
seed = 1
[figure f]
input = data/missing.csv" "bad.ini:4: input 'data/missing.csv' not found"
bad_manifest "missing nodes file" "[analysis t]
input = data/edges.csv
nodes = nope.csv" "bad.ini:3: nodes 'nope.csv' not found"
bad_manifest "no input at all" "[analysis t]
seed = 3" "bad.ini:1: analysis job 't' has no input"
bad_manifest "duplicate job names" "[analysis x]
input = data/edges.csv
[figure x]
input = data/edges.csv" "bad.ini:3: job name 'x' is used twice (first on line 1)"
bad_manifest "duplicate key" "[figure f]
input = data/edges.csv
layout = fr
layout = kk" "bad.ini:4: 'layout' is set twice in this section (first on line 3)"
bad_manifest "bad value" "[figure f]
input = data/edges.csv

layout = spiral" "bad.ini:4: unknown layout 'spiral'"
bad_manifest "bad number" "[analysis t]
input = data/edges.csv
tries = many" "bad.ini:3: --tries must be a whole number"
bad_manifest "bad switch" "[analysis t]
input = data/edges.csv
directed = maybe" "bad.ini:3: 'directed' is a yes/no switch, not 'maybe'"
bad_manifest "bad default" "[defaults]
colour = red
[analysis t]
input = data/edges.csv" "bad.ini:2: unknown key 'colour' in [defaults]"
bad_manifest "output leaving the output folder" "[figure f]
input = data/edges.csv
output = ../f.svg" "bad.ini:3: output '../f.svg' must be a relative path inside the output folder"
bad_manifest "figure output without a format" "[figure f]
input = data/edges.csv
output = f.bmp" "bad.ini:3: output 'f.bmp' needs the extension"
bad_manifest "two jobs writing one file" "[figure f]
input = data/edges.csv
output = a.svg
[figure g]
input = data/edges.csv
output = a.svg" "bad.ini:4: jobs 'f' and 'g' both write a.svg"
bad_manifest "ego without a node" "[ego e]
input = data/edges.csv" "bad.ini:1: ego job 'e' needs node = ID"
bad_manifest "syntax error" "[figure f]
input = data/edges.csv
this line has no equals sign" "bad.ini:3: not a [section] or key = value line"
bad_manifest "key outside a section" "input = data/edges.csv
[figure f]" "bad.ini:1: 'input' is outside any section"
bad_manifest "bad job name" "[figure my figure]
input = data/edges.csv" "bad.ini:1: job name 'my figure' must be"
bad_manifest "empty value" "[figure f]
input =" "bad.ini:2: 'input' has no value"
bad_manifest "standard input" "[figure f]
input = -" "bad.ini:2: input can't be standard input"
bad_manifest "no jobs" "[defaults]
seed = 1" "bad.ini: no jobs"
bad_manifest "unknown [batch] key" "[batch]
jobs = 3
[figure f]
input = data/edges.csv" "bad.ini:2: unknown key 'jobs' in [batch]"
printf '[figure f]\ninput = data/edges.csv\ntitle = caf\351\n' >"$M/bad.ini"
run batch "$M/bad.ini" --out "$TMP/badout"
expect "manifest not in UTF-8" 2 "bad.ini:3: not valid UTF-8 text"
printf '[figure f]\ninput = data/edges.csv\ntitle = %09000d\n' 0 >"$M/bad.ini"
run batch "$M/bad.ini" --out "$TMP/badout"
expect "overlong line" 2 "bad.ini:3: line longer than"
printf '[figure f]\ninput = data/edges.csv\nlayout = spiral\n[analysis g]\ninput = nope.csv\n' \
    >"$M/bad.ini"
run batch "$M/bad.ini" --out "$TMP/badout"
expect "every manifest error is listed" 2 "bad.ini:5: input 'nope.csv' not found"
printf '%s' "$ERR" | grep -q "bad.ini:3: unknown layout" && printf '%s' "$ERR" | grep -q "2 errors; no job was run"
check "all errors are listed, then nothing runs" $? "$ERR"

# batch usage errors
run batch
expect "batch without a manifest" 2 "batch needs one MANIFEST.ini"
run batch "$M/nothing.ini"
expect "missing manifest" 3 "nothing.ini: cannot open"
run batch "$M"
expect "directory as manifest" 3 "is a directory"
run batch "$M/report.ini" --jobs 0
expect "--jobs 0" 2 "--jobs must be a whole number from 1 to 256"
run batch "$M/report.ini" --frobnicate
expect "unknown batch option" 2 "unknown option '--frobnicate'"
run batch --help
expect "batch --help" 0
printf '%s' "$OUT" | grep -q '\[figure NAME\]'
check "batch --help documents the manifest" $? "$OUT"

# ---------------------------------------------------------------------------------------------
# Several inputs on the command line: one result per input.

mkdir -p "$TMP/multi"
cp "$DATA/triangle_pendant.csv" "$TMP/multi/one.csv"
cp "$DATA/render/weighted.csv" "$TMP/multi/two.csv"
run analyze "$TMP/multi/one.csv" "$TMP/multi/two.csv" --out "$TMP/multi/res" -q
expect "analyze of two inputs" 0
[ -s "$TMP/multi/res/one/nodes.csv" ] && [ -s "$TMP/multi/res/two/summary.json" ]
check "analyze writes one folder per input" $? "$(ls -R "$TMP/multi/res")"
run analyze "$TMP/multi/one.csv" --out "$TMP/multi/single" -q
cmp -s "$TMP/multi/single/nodes.csv" "$TMP/multi/res/one/nodes.csv"
check "each folder equals the single-input result" $? "differs"
run render "$TMP/multi/one.csv" "$TMP/multi/two.csv" --out "$TMP/multi/figs" --format png -q
expect "render of two inputs" 0
[ -s "$TMP/multi/figs/one.png" ] && [ -s "$TMP/multi/figs/two.png" ] && [ -s "$TMP/multi/figs/two.txt" ]
check "render writes one figure per input" $? "$(ls "$TMP/multi/figs")"
run render "$TMP/multi/one.csv" "$TMP/multi/two.csv" --out "$TMP/multi/x.svg"
expect "several inputs need an output folder" 2 "with several inputs --out is a folder"
mkdir -p "$TMP/multi/b"
cp "$DATA/triangle_pendant.csv" "$TMP/multi/b/one.csv"
run analyze "$TMP/multi/one.csv" "$TMP/multi/b/one.csv" --out "$TMP/multi/clash"
expect "two inputs of one name" 2 "would both write 'one'"
run analyze "$TMP/multi/one.csv" "$DATA/bad/empty.csv" "$TMP/multi/two.csv" --out "$TMP/multi/part"
expect "a bad input among several" 1 "empty.csv"
[ -s "$TMP/multi/part/one/nodes.csv" ] && [ -s "$TMP/multi/part/two/nodes.csv" ]
check "the other inputs are still analysed" $? "$(ls -R "$TMP/multi/part")"
run export "$TMP/multi/one.csv" "$TMP/multi/two.csv" --out "$TMP/multi/x.graphml"
expect "export takes one input" 2 "takes one EDGES.csv file, got 2"

# ---------------------------------------------------------------------------------------------
# Networks over time (tests/data/timeline/edges.csv, see its README): --from/--to, --by-year.

TL=$DATA/timeline/edges.csv
run analyze "$TL" --by-year --out "$TMP/tl" -q
expect "analyze --by-year" 0
if [ "$(cut -d, -f1,5,6,8 "$TMP/tl/timeline_summary.csv" | tr '\n' ' ')" = \
    "year,nodes,edges,components 2018,3,2,1 2019,5,3,2 2020,0,0,0 2021,4,2,2 2022,0,0,0 " ]; then
    pass "timeline_summary.csv: per-year nodes, ties, components"
else
    fail "timeline_summary.csv: per-year nodes, ties, components" "$(cat "$TMP/tl/timeline_summary.csv")"
fi
# 2019: A-B, C-D, D-E: D has degree 2, the others 1
if [ "$(awk -F, '$1 == 2019 {print $2 ":" $5}' "$TMP/tl/timeline.csv" | tr '\n' ' ')" = \
    "A:1 B:1 C:1 D:2 E:1 " ]; then
    pass "timeline.csv: the 2019 network's nodes and degrees"
else
    fail "timeline.csv: the 2019 network's nodes and degrees" "$(cat "$TMP/tl/timeline.csv")"
fi
run analyze "$TL" --by-year --cumulative --from 2019 --to 2021 --out "$TMP/tl2" -q
expect "analyze --by-year --cumulative --from --to" 0
if [ "$(cut -d, -f1,5,6 "$TMP/tl2/timeline_summary.csv" | tr '\n' ' ')" = \
    "year,nodes,edges 2019,5,3 2020,5,3 2021,7,4 " ]; then
    pass "cumulative timeline within --from/--to"
else
    fail "cumulative timeline within --from/--to" "$(cat "$TMP/tl2/timeline_summary.csv")"
fi
run analyze "$TL" --from 2021 --to 2021 --out "$TMP/tl3" -q
expect "analyze --from --to" 0
if [ "$(cut -d, -f1 "$TMP/tl3/nodes.csv" | sort | tr '\n' ' ')" = "A B F G id " ]; then
    pass "--from/--to keep only the ties of those years"
else
    fail "--from/--to keep only the ties of those years" "$(cat "$TMP/tl3/nodes.csv")"
fi
run analyze "$TL" --window 2
expect "--window without --by-year" 2 "--window and --cumulative need --by-year"
run analyze "$TL" --from 2020 --to 2019
expect "--from after --to" 2 "--from 2020 is after --to 2019"
run analyze "$TL" --from 20x
expect "--from not a year" 2 "--from must be a year from 1000 to 2999, not '20x'"
run analyze "$DATA/triangle_pendant.csv" --by-year --out "$TMP/tl4"
expect "--by-year without a year column" 1 "triangle_pendant.csv:1:"
run analyze "$DATA/timeline/bad_year.csv" --from 2018 --out "$TMP/tl5"
expect "a bad year value" 1 "bad_year.csv:"
cat >"$M/time.ini" <<EOF
[analysis t]
input = $(pwd)/$TL
by-year = yes
window = 2
EOF
run batch "$M/time.ini" --out "$TMP/tlb" -q
expect "batch runs a timeline" 0
python3 -c "
import json,sys; r=json.load(open('$TMP/tlb/run.json'))
sys.exit([f['path'] for f in r['jobs'][0]['outputs']] != ['t/nodes.csv','t/clusters.csv','t/summary.json','t/timeline.csv','t/timeline_summary.csv'])"
check "run.json records the timeline files" $? "$(cat "$TMP/tlb/run.json")"

# render --by-year: small multiples, one panel per year with ties, nodes held in place
run render "$TL" --by-year --out "$TMP/years.svg"
expect "render --by-year" 0 "2 years without a drawn tie left out"
python3 - "$TMP/years.svg" <<'EOF'
import re, sys
svg = open(sys.argv[1]).read()
titles = re.findall(r'<text[^>]*>(20[0-9][0-9])</text>', svg)
assert titles == ["2018", "2019", "2021"], titles
pos = {}
for m in re.finditer(r'<title>([A-H]) \((\d+)\)</title>.*?<(?:ellipse)[^>]*?fill="([^"]+)"[^>]*?cx="([-\d.]+)" cy="([-\d.]+)"', svg, re.S):
    pos[(m.group(1), m.group(2))] = (m.group(3), float(m.group(4)), float(m.group(5)))
assert len(pos) == 24, len(pos)   # 8 nodes in each of 3 panels
ghost = "#eeeeee"
assert pos[("A", "2018")][0] != ghost and pos[("D", "2018")][0] == ghost   # D's first tie is 2019
assert pos[("C", "2021")][0] == ghost and pos[("F", "2021")][0] != ghost
# same place in every panel: panels 2018 | 2019 on one row, 2021 below 2018
dx = pos[("A", "2019")][1] - pos[("A", "2018")][1]
dy = pos[("A", "2021")][2] - pos[("A", "2018")][2]
assert dx > 0 and dy > 0, (dx, dy)
for n in "ABCDEFGH":
    assert abs(pos[(n, "2019")][1] - pos[(n, "2018")][1] - dx) < 0.02, n
    assert abs(pos[(n, "2019")][2] - pos[(n, "2018")][2]) < 0.02, n
    assert abs(pos[(n, "2021")][1] - pos[(n, "2018")][1]) < 0.02, n
    assert abs(pos[(n, "2021")][2] - pos[(n, "2018")][2] - dy) < 0.02, n
EOF
check "render --by-year: a panel per year with ties, every node in the same place" $? "see above"
run render "$TL" --by-year --out "$TMP/years2.svg" -q
cmp -s "$TMP/years.svg" "$TMP/years2.svg"
check "render --by-year is deterministic" $? "differs"
run render "$TL" --by-year --layout neato --out "$TMP/y.svg"
expect "render --by-year needs an igraph layout" 2 "--by-year keeps nodes in place with an igraph layout"
run render "$TL" --by-year --out "$TMP/y.json"
expect "render --by-year to json" 2 "--by-year draws svg, pdf, png or dot, not json"
run render "$DATA/triangle_pendant.csv" --by-year --out "$TMP/y.svg"
expect "render --by-year without a year column" 1 "needs a \"year\" column"
run render "$TL" --by-year --window 2 --from 2019 --to 2020 --out "$TMP/yw.svg" -q
expect "render --by-year --window" 0
grep -q '>2018–2019<' "$TMP/yw.svg" && grep -q '>2019–2020<' "$TMP/yw.svg"
check "windowed panels are titled with their years" $? "$(grep -o '>20[0-9–]*<' "$TMP/yw.svg")"

# central.csv: the report table, the first rows of nodes.csv with fewer columns
run analyze "$DATA/karate.csv" --central 5 --out "$TMP/central" -q
expect "analyze --central" 0
if [ "$(sed -n '2,6p' "$TMP/central/nodes.csv" | cut -d, -f1 | tr '\n' ' ')" = \
    "$(sed -n '2,6p' "$TMP/central/central.csv" | cut -d, -f2 | tr '\n' ' ')" ] &&
    [ "$(wc -l <"$TMP/central/central.csv")" -eq 6 ] &&
    [ "$(sed -n 2p "$TMP/central/central.csv" | cut -d, -f1)" = 1 ] &&
    head -n 1 "$TMP/central/central.csv" | grep -qx 'rank,id,label,kind,pagerank,betweenness,degree,strength,cluster'; then
    pass "central.csv lists the top 5 of nodes.csv"
else
    fail "central.csv lists the top 5 of nodes.csv" "$(cat "$TMP/central/central.csv")"
fi
run analyze "$DATA/karate.csv" --central 0 --out "$TMP/central0"
expect "--central 0" 2 "--central must be a whole number from 1"

finish
