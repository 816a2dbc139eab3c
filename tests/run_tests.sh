#!/bin/sh
# Runs every unit test program given as arguments and every tests/cli/*.sh script, and ends with
# the line "N passed, M failed". ILONET names the binary under test; TEST_WRAP (e.g. valgrind)
# prefixes every program run.
set -u
passed=0
failed=0
failed_names=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$@"; do
    name=$(basename "$t")
    # shellcheck disable=SC2086
    $TEST_WRAP "$t" >"$log" 2>&1
    rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed, or valgrind/sanitizer found errors after the tests passed
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        failed_names="$failed_names $name"
        cat "$log"
    fi
    echo "unit  $name: $p passed, $f failed"
done

for s in tests/cli/test_*.sh; do
    [ -f "$s" ] || continue
    name=$(basename "$s" .sh)
    ILONET="$ILONET" TEST_WRAP="$TEST_WRAP" sh "$s" >"$log" 2>&1
    rc=$?
    p=$(grep -c '^PASS ' "$log")
    f=$(grep -c '^FAIL ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        failed_names="$failed_names $name"
        grep -v '^PASS ' "$log"
    fi
    echo "cli   $name: $p passed, $f failed"
done

[ -z "$failed_names" ] || echo "failing:$failed_names"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
