# Shared helpers for CLI tests: run the binary, compare exit code, messages and files.
# Each check prints "PASS name" or "FAIL name: why"; the runner counts them.
set -u
ILONET=${ILONET:-bin/ilonet}
TEST_WRAP=${TEST_WRAP:-}
DATA=tests/data
TMP=$(mktemp -d /tmp/ilonet-cli-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
STATUS=0

# run ARGS...: runs ilonet; sets RC, OUT (stdout), ERR (stderr).
run() {
    # shellcheck disable=SC2086
    $TEST_WRAP "$ILONET" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
    RC=$?
    OUT=$(cat "$TMP/stdout")
    ERR=$(cat "$TMP/stderr")
}

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; STATUS=1; }

# expect NAME CODE [STDERR-SUBSTRING]
expect() {
    name=$1 code=$2
    if [ "$RC" -ne "$code" ]; then
        fail "$name" "exit $RC, expected $code; stderr: $ERR"
        return
    fi
    if [ $# -ge 3 ] && ! printf '%s' "$ERR" | grep -qF -- "$3"; then
        fail "$name" "stderr lacks '$3': $ERR"
        return
    fi
    pass "$name"
}

# no_files NAME DIR: DIR holds no file at all (no partial output, no temp files).
no_files() {
    if [ -d "$2" ] && [ -n "$(ls -A "$2")" ]; then
        fail "$1" "left files in $2: $(ls -A "$2" | tr '\n' ' ')"
    else
        pass "$1"
    fi
}

finish() { exit $STATUS; }
