#!/bin/sh
# Killing ilonet while it works: a large `render` or `analyze`, killed with SIGKILL or SIGTERM
# once it has demonstrably been computing for a while, must leave the files of an earlier run
# byte-identical, may leave nothing in the output folder but those files and hidden temp files
# named .NAME.tmpXXXXXX, and a later run beside such a left-over temp file must succeed.
# Neither signal is caught: outputs are written to DIR/.NAME.tmpXXXXXX (src/atomic_file.c) and
# renamed over NAME only when complete, so a killed run cannot have touched NAME; a temp file it
# had already created stays behind (nothing runs after SIGKILL to remove it), under a unique
# mkstemp name that no later run opens or trips over.
# Run from the repository root: ILONET=bin/ilonet sh tests/cli/test_kill.sh
# Skipped under TEST_WRAP (valgrind) and without /proc (the kill waits for CPU time in /proc).
. tests/cli/lib.sh

if [ -n "$TEST_WRAP" ] || [ ! -r /proc/self/stat ]; then
    echo "skip test_kill: needs /proc and no TEST_WRAP"
    finish
fi

TP=$DATA/triangle_pendant.csv
TICK=$(getconf CLK_TCK 2>/dev/null || echo 100)

# ---------------------------------------------------------------------------------------------
# Helpers (POSIX sh has no `local`: helper variables carry a prefix)

# check NAME STATUS WHY: pass when STATUS (the previous command's $?) is 0.
check() {
    if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}

# big N FILE: a connected graph of N nodes, a ring plus one pseudo-random chord per node (2N
# rows, fixed seed): seconds of centralities, clustering and layout for N in the thousands.
big() {
    awk -v n="$1" 'BEGIN {
        srand(7)
        print "source,target"
        for (i = 0; i < n; i++) {
            printf "n%d,n%d\n", i, (i + 1) % n
            printf "n%d,n%d\n", i, int(rand() * n)
        }
    }' >"$2"
}

# signum SIG: the number of KILL or TERM (exit status of a process they end: 128 + it).
signum() {
    case $1 in
    KILL) echo 9 ;;
    TERM) echo 15 ;;
    esac
}

# kill_busy SIG SECONDS ARGS...: runs `ilonet ARGS` in the background and, as soon as it has
# used SECONDS of CPU time and is still running, sends it SIG. The wait is for CPU time, not
# wall time, so that a slow or loaded machine still kills it mid-computation. Sets KB_RC to its
# exit status (128 + the signal's number when the signal ended it).
kill_busy() {
    kb_sig=$1 kb_cpu=$2
    shift 2
    "$ILONET" "$@" >"$TMP/kill.out" 2>"$TMP/kill.err" &
    kb_pid=$!
    kb_want=$(awk -v s="$kb_cpu" -v t="$TICK" 'BEGIN { printf "%d", s * t }')
    kb_polls=0
    while :; do
        # fields 3, 14 and 15 of /proc/PID/stat: state, user and system CPU ticks
        kb_now=$(awk '{ print $3, $14 + $15 }' "/proc/$kb_pid/stat" 2>/dev/null) || break
        case $kb_now in
        "" | Z*) break ;; # finished already (a zombie until waited for)
        esac
        if [ "${kb_now#* }" -ge "$kb_want" ]; then
            kill -s "$kb_sig" "$kb_pid" 2>/dev/null
            break
        fi
        kb_polls=$((kb_polls + 1))
        if [ "$kb_polls" -ge 6000 ]; then # 5 minutes without enough CPU: give up
            kill -s KILL "$kb_pid" 2>/dev/null
            break
        fi
        sleep 0.05
    done
    # braces: the shell's own "Killed" notice goes to /dev/null, not into the log
    { wait "$kb_pid"; } 2>/dev/null
    KB_RC=$?
}

# keep DIR FILES...: copies the FILES of DIR to DIR.kept (the earlier run's versions).
keep() {
    k_dir=$1
    shift
    rm -rf "$k_dir.kept"
    mkdir -p "$k_dir.kept"
    for k_f in "$@"; do
        cp "$k_dir/$k_f" "$k_dir.kept/$k_f"
    done
}

# unchanged NAME DIR FILES...: each of FILES in DIR is byte-identical to its kept copy.
unchanged() {
    u_name=$1 u_dir=$2
    shift 2
    u_bad=""
    for u_f in "$@"; do
        cmp -s "$u_dir/$u_f" "$u_dir.kept/$u_f" || u_bad="$u_bad $u_f"
    done
    check "$u_name" "$([ -z "$u_bad" ]; echo $?)" "changed or missing:$u_bad"
}

# only_outputs_and_temps NAME DIR FILES...: DIR holds FILES and otherwise only temp files
# .F.tmpXXXXXX of one of FILES (what a killed run may leave).
only_outputs_and_temps() {
    o_name=$1 o_dir=$2
    shift 2
    o_bad=""
    for o_entry in $(ls -A "$o_dir"); do
        o_ok=0
        for o_f in "$@"; do
            case $o_entry in
            "$o_f" | ."$o_f".tmp??????) o_ok=1 ;;
            esac
        done
        [ "$o_ok" = 1 ] || o_bad="$o_bad $o_entry"
    done
    check "$o_name" "$([ -z "$o_bad" ]; echo $?)" "unexpected files in $o_dir:$o_bad"
}

# killed_while_working NAME SIG SECONDS GOOD BIG: the core check, for one signal.
#   GOOD: a command (a shell function) that runs the earlier, successful job;
#   BIG N: a function that starts the large job on an N-node graph under kill_busy.
# Runs GOOD and keeps its files, then BIG killed after SECONDS of CPU time. When the large job
# finished before the kill (a very fast machine), the graph is doubled and everything retried,
# so that the test never passes without having killed a working process.
killed_while_working() {
    kw_name=$1 kw_sig=$2 kw_cpu=$3 kw_good=$4 kw_big=$5
    kw_n=3000
    kw_try=0
    while :; do
        $kw_good
        kill_busy "$kw_sig" "$kw_cpu" $($kw_big "$kw_n")
        [ "$KB_RC" -eq $((128 + $(signum "$kw_sig"))) ] && break
        kw_try=$((kw_try + 1))
        if [ "$KB_RC" -ne 0 ] || [ "$kw_try" -ge 4 ]; then
            fail "$kw_name: killed by SIG$kw_sig while working" \
                "exit $KB_RC with $kw_n nodes; stderr: $(head -c 300 "$TMP/kill.err")"
            return 1
        fi
        kw_n=$((kw_n * 2)) # it finished before the kill: enlarge and retry
    done
    pass "$kw_name: killed by SIG$kw_sig while working ($kw_n nodes)"
}

# ---------------------------------------------------------------------------------------------
# render: fig.svg and its description fig.txt

R=$TMP/fig
mkdir -p "$R"

render_good() {
    "$ILONET" render "$TP" --out "$R/fig.svg" -q >/dev/null 2>&1 || fail "render: earlier run" "failed"
    keep "$R" fig.svg fig.txt
}

# prints the arguments of the large render
render_big() {
    big "$1" "$TMP/big.csv"
    echo render "$TMP/big.csv" --out "$R/fig.svg" --layout neato -q
}

for sig in KILL TERM; do
    # SIGKILL early (centralities), SIGTERM later (deeper into the job)
    [ "$sig" = KILL ] && cpu=0.5 || cpu=2
    if killed_while_working "render $sig" "$sig" "$cpu" render_good render_big; then
        unchanged "render $sig: fig.svg and fig.txt byte-identical" "$R" fig.svg fig.txt
        only_outputs_and_temps "render $sig: no stray files" "$R" fig.svg fig.txt
    fi
done

# A temp file left by a run killed while writing (made by hand: the write window is too short to
# hit on purpose) neither stops a later run nor is touched by it.
printf 'half an svg' >"$R/.fig.svg.tmpAbC123"
printf 'half a description' >"$R/.fig.txt.tmpXyZ789"
"$ILONET" render "$TP" --out "$R/fig.svg" -q >/dev/null 2>"$TMP/later.err"
check "render: a later run succeeds beside left-over temp files" $? "$(cat "$TMP/later.err")"
unchanged "render: the later run writes the same figure" "$R" fig.svg fig.txt
check "render: left-over temp files are left alone" \
    "$([ "$(cat "$R/.fig.svg.tmpAbC123")" = 'half an svg' ] &&
        [ "$(cat "$R/.fig.txt.tmpXyZ789")" = 'half a description' ]
    echo $?)" "a left-over temp file was changed"

# ---------------------------------------------------------------------------------------------
# analyze into an existing output folder

A=$TMP/out
OUTS="clusters.csv nodes.csv summary.json"

analyze_good() {
    "$ILONET" analyze "$TP" --out "$A" -q >/dev/null 2>&1 || fail "analyze: earlier run" "failed"
    # shellcheck disable=SC2086
    keep "$A" $OUTS
}

analyze_big() {
    big "$1" "$TMP/big.csv"
    echo analyze "$TMP/big.csv" --out "$A" -q
}

for sig in KILL TERM; do
    [ "$sig" = KILL ] && cpu=0.5 || cpu=2
    if killed_while_working "analyze $sig" "$sig" "$cpu" analyze_good analyze_big; then
        # shellcheck disable=SC2086
        unchanged "analyze $sig: the earlier outputs byte-identical" "$A" $OUTS
        # shellcheck disable=SC2086
        only_outputs_and_temps "analyze $sig: no stray files" "$A" $OUTS
    fi
done

printf 'partial' >"$A/.nodes.csv.tmpQwE456"
"$ILONET" analyze "$TP" --out "$A" -q >/dev/null 2>"$TMP/later.err"
check "analyze: a later run succeeds beside a left-over temp file" $? "$(cat "$TMP/later.err")"
# shellcheck disable=SC2086
unchanged "analyze: the later run writes the same files" "$A" $OUTS

finish
