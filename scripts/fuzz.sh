#!/bin/sh
# Bounded libFuzzer run: scripts/fuzz.sh SECONDS HARNESS...
# Each harness build-fuzz/HARNESS runs for SECONDS on a scratch copy of
# tests/fuzz/corpus/HARNESS (the committed seeds are not modified); crashes
# go to build-fuzz/crash-* and make this script fail. Stats lines go to
# build-fuzz/HARNESS.log (execs, coverage, corpus) for docs/RELIABILITY.md.
set -eu
secs=$1; shift
status=0
for h in "$@"; do
    work=build-fuzz/corpus-$h
    mkdir -p "$work"
    TMPDIR=${TMPDIR:-/tmp} ./build-fuzz/"$h" -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix=build-fuzz/"$h"- -rss_limit_mb=2048 -timeout=20 -max_len=4096 \
        "$work" tests/fuzz/corpus/"$h" > build-fuzz/"$h".log 2>&1 || status=1
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/"$h".log)
    cov=$(grep -o 'cov: [0-9]*' build-fuzz/"$h".log | tail -1)
    echo "fuzz $h: ${execs:-?} executions in ${secs} s, ${cov:-cov: ?} edges"
done
exit $status
