#!/bin/bash
# End-to-end tests of the real binary: runs every tests/e2e/*.sh (sorted),
# each sourcing tests/e2e/lib.sh. Prints "N passed, N failed" and exits non-zero
# on any failure. Needs H2_BIN (path to her2cn), samtools, bcftools.
set -u
export REF_PATH=:
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BIN=$(cd "$ROOT" && readlink -f "${H2_BIN:-build/her2cn}")
H2="$BIN"; export H2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/her2cn-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# H2_WRAP: a command to run every her2cn invocation under (make memcheck sets
# it to valgrind); a wrapper script stands in for the binary. `simulate` only
# makes the fixtures and runs unwrapped (deep panels took most of memcheck's
# time); its code runs under valgrind in the unit tests (check_simulate).
# H2_SIM_BIN: the binary `simulate` runs as when the fixtures are made
# (.ci/run's sanitizer pass gives it the plain build: the fixtures are the
# same bytes, made several times faster; simulate's code runs under the
# sanitizers in the unit tests, and its own errors in the plain pass).
SIM=$(readlink -f "${H2_SIM_BIN:-$BIN}")
if [ -n "${H2_WRAP:-}" ] || [ "$SIM" != "$BIN" ]; then
    printf '#!/bin/sh\ncase "$1" in simulate) exec "%s" "$@" ;; esac\nexec %s "%s" "$@"\n' \
        "$SIM" "${H2_WRAP:-}" "$BIN" > "$WORK/her2cn"
    chmod +x "$WORK/her2cn"; H2="$WORK/her2cn"
fi
PASS=0; FAIL=0
# every expect_fail case is logged here (file, name, exit code, message);
# 99-docs.sh checks docs/RELIABILITY.md against it
H2_CASES=${H2_CASES:-$WORK/cases.tsv}; : > "$H2_CASES"
. "$HERE/e2e/lib.sh"
# E2E_SHARD=K/N: only every Nth file from the Kth runs under H2_WRAP; the
# others run with the plain binary, since later files reuse what earlier ones
# made (make memcheck runs the shards side by side). E2E_SKIP='99-*' leaves
# files out.
SHARD_K=1; SHARD_N=1
if [ -n "${E2E_SHARD:-}" ]; then SHARD_K=${E2E_SHARD%/*}; SHARD_N=${E2E_SHARD#*/}; fi
WRAPPED=$H2; IDX=0
for f in "$HERE"/e2e/[0-9]*.sh; do
    [ -e "$f" ] || continue
    # E2E_ONLY='47-*' runs a subset while developing (99-docs needs the full run)
    case "$(basename "$f")" in ${E2E_ONLY:-*}) ;; *) continue ;; esac
    case "$(basename "$f")" in ${E2E_SKIP:-/}) continue ;; esac
    IDX=$((IDX+1)); H2=$WRAPPED
    if [ $(( (IDX - 1) % SHARD_N + 1 )) -ne "$SHARD_K" ]; then H2=$BIN; fi
    export H2
    echo "== $(basename "$f")"
    CASE_FILE=$(basename "$f")
    E2E_T0=$(date +%s)
    . "$f"
    echo "   ($CASE_FILE: $(( $(date +%s) - E2E_T0 )) s)"
done
echo "e2e: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
