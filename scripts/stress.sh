#!/bin/bash
# Resource use on large inputs (not part of make check): wall time and peak
# RSS (GNU time) of `her2cn call` on (1) a 10-million-line targets BED over
# GRCh38 and (2) a 50,000-target panel, both on a simulated 351-target panel
# BAM. Results are recorded in docs/RELIABILITY.md. Usage: scripts/stress.sh [her2cn]
set -eu
H2=$(readlink -f "${1:-build/her2cn}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/her2cn-stress.XXXXXX"); trap 'rm -rf "$W"' EXIT
export REF_PATH=:
"$H2" simulate -g GRCh38 -t "$ROOT/testdata/panel-grch38.bed" -d 50 -s 4 -o "$W/p.bam" 2>/dev/null
"$H2" regions -g GRCh38 | awk -F'\t' '$4=="reference"{l[$1]=$3} END{for (c in l) print c "\t" l[c]}' | sort -k1,1V > "$W/len"
targets() {   # targets N: N evenly spaced 120 bp targets over the autosomes
    awk -v N="$1" '{c[NR]=$1; l[NR]=$2; tot+=$2} END{step=int(tot/(N*1.01)); k=0
        for (i = 1; i <= NR; i++) for (p = 1000; p + step < l[i] && k < N; p += step) {print c[i] "\t" p "\t" p+120 "\tT" k; k++}}' "$W/len"
}
run() {   # run LABEL BED
    /usr/bin/time -f "%e %M" -o "$W/time" "$H2" call --quiet -t "$2" -o "$W/out.vcf" "$W/p.bam"
    read -r secs kb < "$W/time"
    printf '%s: %s lines, exit 0, %s s wall, peak RSS %d MB\n' "$1" "$(wc -l < "$2")" "$secs" $((kb / 1024))
}
{ grep -v '^#' "$ROOT/testdata/panel-grch38.bed" | cut -f1-3; targets 9999649; } | sort -k1,1V -k2,2n > "$W/10m.bed"
run "10M-line targets BED" "$W/10m.bed"
{ grep -v '^#' "$ROOT/testdata/panel-grch38.bed" | cut -f1-3; targets 49649; } | sort -k1,1V -k2,2n > "$W/50k.bed"
run "50k-target BED" "$W/50k.bed"
