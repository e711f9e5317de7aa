#!/bin/bash
# Integration tests with the real third-party tools from Debian (MultiQC,
# Snakemake, cwltool, CNVkit, Chromium): runs every tests/integration/*.sh
# (sorted), each sourcing tests/e2e/lib.sh. `make integration` runs it;
# `scripts/install-deps.sh --integration` installs the tools. A missing tool
# is a failure, so CI cannot pass without exercising it; set
# H2_ALLOW_SKIP=1 to skip (with a message) instead, e.g. on a laptop.
# INT_ONLY='55-*' runs only the matching files.
set -u
export REF_PATH=:
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BIN=$(cd "$ROOT" && readlink -f "${H2_BIN:-build/her2cn}")
H2="$BIN"; export H2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/her2cn-int.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PASS=0; FAIL=0; SKIP=0
. "$HERE/e2e/lib.sh"
# need TOOL...: 0 if all are on PATH; else a failure (or a skip with H2_ALLOW_SKIP=1).
need() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 && continue
        if [ "${H2_ALLOW_SKIP:-0}" = 1 ]; then
            SKIP=$((SKIP+1)); echo "  SKIP $t is not installed (scripts/install-deps.sh --integration)"
        else
            fail "$t is not installed" "run scripts/install-deps.sh --integration, or set H2_ALLOW_SKIP=1"
        fi
        return 1
    done
}
# Shared small samples: GRCh38 ~1x, reads over the region set only.
"$H2" regions -g GRCh38 > "$WORK/r38.bed"
sim() { "$H2" simulate -g GRCh38 -r "$WORK/r38.bed" -d 1 "$@" 2>"$WORK/sim.err" \
        || echo "simulate failed: $(cat "$WORK/sim.err")"; }
sim -p 0.6 -s 7 -c chr17:39400000-39900000:20 -o "$WORK/amp.bam"
sim -s 11 -o "$WORK/neg.bam"
for f in "$HERE"/integration/[0-9]*.sh; do
    [ -e "$f" ] || continue
    # INT_ONLY='55-*' runs only the matching files (while developing one)
    case $(basename "$f") in ${INT_ONLY:-*}) ;; *) continue ;; esac
    echo "== $(basename "$f")"
    t0=$(date +%s)
    ( cd "$WORK" && . "$f"; echo "$PASS $FAIL $SKIP" > "$WORK/.counts" )
    read -r PASS FAIL SKIP < "$WORK/.counts"
    echo "   ($(basename "$f"): $(( $(date +%s) - t0 )) s)"
done
echo "integration: $PASS passed, $FAIL failed, $SKIP skipped"
[ "$FAIL" -eq 0 ]
