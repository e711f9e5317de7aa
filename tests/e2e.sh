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
# it to valgrind); a wrapper script stands in for the binary.
if [ -n "${H2_WRAP:-}" ]; then
    printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$H2_WRAP" "$BIN" > "$WORK/her2cn"
    chmod +x "$WORK/her2cn"; H2="$WORK/her2cn"
fi
PASS=0; FAIL=0
# every expect_fail case is logged here (file, name, exit code, message);
# 99-docs.sh checks docs/RELIABILITY.md against it
H2_CASES=${H2_CASES:-$WORK/cases.tsv}; : > "$H2_CASES"
. "$HERE/e2e/lib.sh"
for f in "$HERE"/e2e/[0-9]*.sh; do
    [ -e "$f" ] || continue
    # E2E_ONLY='47-*' runs a subset while developing (99-docs needs the full run)
    case "$(basename "$f")" in ${E2E_ONLY:-*}) ;; *) continue ;; esac
    echo "== $(basename "$f")"
    CASE_FILE=$(basename "$f")
    . "$f"
done
echo "e2e: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
